import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { deadComponents, withoutLeaderElection } from './kwok-components.ts';

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

describe('withoutLeaderElection', () => {
  const saved = [
    'apiVersion: config.kwok.x-k8s.io/v1alpha1',
    'kind: KwokctlConfiguration',
    'components:',
    '- name: kube-apiserver',
    '  args: [--etcd-prefix=/registry]',
    '- name: kube-controller-manager',
    '  args:',
    '  - --kubeconfig=/c/kubeconfig.yaml',
    '- name: kube-scheduler',
    '  args:',
    '  - --kubeconfig=/c/kubeconfig.yaml',
    '---',
    'apiVersion: kwok.x-k8s.io/v1alpha1',
    'kind: Stage',
    'metadata: {name: node-initialize}',
    '',
  ].join('\n');
  const argsOf = (text: string) => Object.fromEntries((parseAllDocuments(text)[0]!.toJS().components as any[]).map((c) => [c.name, c.args]));

  it('adds --leader-elect=false to the controller-manager and scheduler only, keeping the other documents', () => {
    const patched = withoutLeaderElection(saved)!;
    expect(argsOf(patched)).toEqual({
      'kube-apiserver': ['--etcd-prefix=/registry'],
      'kube-controller-manager': ['--kubeconfig=/c/kubeconfig.yaml', '--leader-elect=false'],
      'kube-scheduler': ['--kubeconfig=/c/kubeconfig.yaml', '--leader-elect=false'],
    });
    expect(parseAllDocuments(patched).map((d) => d.toJS().kind)).toEqual(['KwokctlConfiguration', 'Stage']);
  });

  it('changes nothing once they have it (or a leader-elect setting of their own)', () => {
    expect(withoutLeaderElection(withoutLeaderElection(saved)!)).toBeUndefined();
    expect(withoutLeaderElection(saved.replaceAll('  - --kubeconfig=/c/kubeconfig.yaml', '  - --leader-elect=true'))).toBeUndefined();
  });
});
