import { describe, expect, it } from 'vitest';
import { describeExtras, describeMatrix, extraGrants, grantsBeside, judgeMatrix, matrixVerbs, sensitiveGrants } from './rbac-matrix.ts';

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

describe('nothing else: the grants beside the task\'s resource', () => {
  const beside = grantsBeside('apps', 'deployments');
  const holding = (...cells: string[]) => (group: string, resource: string, verb: string) => cells.includes(`${verb} ${group ? `${resource}.${group}` : resource}`);

  it('asks about exec, logs, Secrets, other workload kinds and RBAC writes, each a cell of its own', () => {
    const cells = beside.flatMap((g) => g.verbs.map((v) => `${v} ${g.group ? `${g.resource}.${g.group}` : g.resource}`));
    expect(cells).toEqual(expect.arrayContaining(['create pods/exec', 'get pods/log', 'create pods/portforward', 'get secrets', 'list secrets', 'create replicasets.apps', 'patch daemonsets.apps', 'create jobs.batch', 'create rolebindings.rbac.authorization.k8s.io']));
    expect(beside).toEqual(sensitiveGrants);
  });

  it("leaves out the task's own resource: its matrix judges it", () => {
    expect(grantsBeside('', 'pods').some((g) => g.resource === 'pods')).toBe(false);
    expect(grantsBeside('', 'pods').some((g) => g.resource === 'pods/exec')).toBe(true);
  });

  it('holds nothing when every cell is denied', () => {
    expect(extraGrants(beside, holding())).toEqual([]);
  });

  it('names each extra grant with what it lets the subject do', () => {
    const extras = extraGrants(beside, holding('create pods/exec', 'get pods/exec', 'get pods/log', 'create replicasets.apps', 'delete replicasets.apps'));
    expect(extras.map((g) => [g.resource, g.verbs])).toEqual([
      ['pods/exec', ['create']],
      ['pods/log', ['get']],
      ['replicasets', ['create', 'delete']],
    ]);
    expect(describeExtras(extras, 'in namespace lab', manage, 'deployments.apps')).toBe(
      "may also, in namespace lab: create pods/exec, so it can run commands in every Pod (kubectl exec); get pods/log, so it can read every Pod's logs; create, delete replicasets.apps, so it can run Pods through a ReplicaSet, outside any Deployment. The task grants get, list, watch, create, update, patch, delete deployments.apps and nothing else",
    );
  });
});
