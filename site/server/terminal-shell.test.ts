import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

describe('the prompt', () => {
  it('is short: lab:~$ in the workspace, ~/sub below it, the folder name elsewhere', () => {
    const ws = join(realpathSync(mkdtempSync(join(tmpdir(), 'kubecamp-prompt-'))), "o'brien ws");
    mkdirSync(join(ws, 'k8s'), { recursive: true });
    const rc = join(ws, '..', 'rc');
    writeFileSync(rc, shellRc(labWith(['kubernetes']), { ...target, workspace: ws }, '/dev/null'));
    // The prompt as bash expands it, colour codes removed.
    const prompt = (dir: string) =>
      execFileSync('bash', ['-c', `source "$1" >/dev/null; cd "$2"; printf '%s' "\${PS1@P}"`, 'bash', rc, dir], { encoding: 'utf8' })
        .replace(/\x1b\[[0-9;]*m|[\x01\x02]/g, '');
    const end = process.getuid?.() === 0 ? '# ' : '$ ';
    expect(prompt(ws)).toBe(`lab:~${end}`);
    expect(prompt(join(ws, 'k8s'))).toBe(`lab:~/k8s${end}`);
    expect(prompt('/tmp')).toBe(`lab:tmp${end}`);
  });
});
