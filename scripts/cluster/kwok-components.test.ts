import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { deadComponents } from './kwok-components.ts';

const sleeper = spawn('sleep', ['60'], { stdio: 'ignore' });
afterAll(() => sleeper.kill());

function clusterDir(pids: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kwok-components-'));
  mkdirSync(join(dir, 'pids'));
  for (const [name, pid] of Object.entries(pids)) writeFileSync(join(dir, 'pids', `${name}.pid`), `${pid}\n`);
  return dir;
}

describe('deadComponents', () => {
  it('names the components whose process is gone, reused by another program, or unreadable', () => {
    const dir = clusterDir({
      sleep: String(sleeper.pid), // running, and it is that program
      'kube-scheduler': '4194303', // no such process
      'kube-controller-manager': String(process.pid), // a pid reused by another program (this test's node)
      'kwok-controller': 'garbage',
    });
    expect(deadComponents(dir)).toEqual(['kube-controller-manager', 'kube-scheduler', 'kwok-controller']);
  });

  it('is empty for a cluster without pid files (not created by kwokctl yet)', () => {
    expect(deadComponents(mkdtempSync(join(tmpdir(), 'kwok-components-')))).toEqual([]);
  });
});
