import { describe, expect, it } from 'vitest';
import { labSchema } from '../../checker/schemas/lab.ts';
import { shellRc } from './terminal-shell.ts';

const labWith = (environments: string[]) => ({
  lab: labSchema.parse({ id: 'demo', title: 'Demo', lesson: 'x/demo', environments, minutes: 1, solution: [{ run: 'true' }], tasks: [{ id: 'a', title: 'A', checks: [{ type: 'file', file: 'x' }] }] }),
  dir: '/labs/demo',
});
const target = { namespace: 'lab-demo', workspace: "/home/o'brien/ws", env: {} };

describe('shellRc', () => {
  it('names the lab, its files and what kubectl talks to', () => {
    const rc = shellRc(labWith(['kubernetes']), target, '/s/history');
    expect(rc).toContain("export HISTFILE='/s/history'");
    expect(rc).toContain("'/home/o'\\''brien/ws'");
    expect(rc).toContain("in namespace %s\\033[0m\\n' 'lab-demo'");
    expect(rc).toContain('alias k=kubectl');
    expect(rc).not.toContain('sandbox()');
  });

  it('offers a sandbox command for sandbox labs', () => {
    const rc = shellRc(labWith(['sandbox']), target, '/s/history');
    expect(rc).toContain('docker exec -it "$KUBECAMP_SANDBOX" bash -l');
    expect(rc).toContain('npm run sandbox:up');
    expect(rc).not.toContain('alias k=kubectl');
  });
});
