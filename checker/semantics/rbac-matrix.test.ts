import { describe, expect, it } from 'vitest';
import { describeMatrix, judgeMatrix, matrixVerbs } from './rbac-matrix.ts';

const manage = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];
const answers = (allowed: string[]) => Object.fromEntries(matrixVerbs(allowed).map((v) => [v, allowed.includes(v)]));
const action = 'deployments.apps in namespace lab';

describe('judgeMatrix', () => {
  it('passes exactly the granted verbs', () => {
    const v = judgeMatrix(manage, answers(manage));
    expect(v.ok).toBe(true);
    expect(describeMatrix(v, manage, action)).toBe('may get, list, watch, create, update, patch, delete deployments.apps in namespace lab, and no other verb');
  });

  it('names the verbs a wildcard adds', () => {
    const all = [...manage, 'deletecollection'];
    const v = judgeMatrix(manage, answers(all));
    expect(v).toEqual({ ok: false, missing: [], extra: ['deletecollection'], allowed: all });
    expect(describeMatrix(v, manage, action)).toBe(
      'may also deletecollection deployments.apps in namespace lab, which the task does not grant (allowed: get, list, watch, create, update, patch, delete, deletecollection; expected exactly: get, list, watch, create, update, patch, delete)',
    );
  });

  it('names missing and extra verbs together', () => {
    const v = judgeMatrix(['get', 'list', 'watch'], answers(['get', 'list', 'delete']));
    expect(describeMatrix(v, ['get', 'list', 'watch'], 'pods in namespace lab')).toBe(
      'may also delete pods in namespace lab, which the task does not grant, and cannot watch pods in namespace lab (allowed: get, list, delete; expected exactly: get, list, watch)',
    );
  });

  it('reads an empty grant as: every verb denied', () => {
    expect(judgeMatrix([], answers([])).ok).toBe(true);
    expect(describeMatrix(judgeMatrix([], answers(['get'])), [], 'secrets in namespace lab')).toBe(
      'may also get secrets in namespace lab, which the task does not grant (allowed: get; expected exactly: nothing)',
    );
  });

  it('asks about granted verbs outside the standard ones too', () => {
    expect(matrixVerbs(['get', 'escalate'])).toEqual(['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection', 'escalate']);
  });
});
