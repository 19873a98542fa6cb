import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { CheckContext } from '../engine/context.ts';
import { answer } from './answer.ts';

/** The answer check of a lab's task, as lab.yaml writes it. */
function answerCheck(lab: string, task: string): { type: 'answer'; pattern: string; caseSensitive: boolean } {
  const doc = parse(readFileSync(new URL(`../../labs/${lab}/lab.yaml`, import.meta.url), 'utf8'));
  const check = doc.tasks.find((t: any) => t.id === task).checks.find((c: any) => c.type === 'answer');
  return { type: 'answer', pattern: check.pattern, caseSensitive: check.caseSensitive ?? false };
}

const judge = async (lab: string, task: string, given: string) => (await answer(answerCheck(lab, task), { answer: given } as CheckContext)).status;

/** Answers a learner types that mean the right thing (pass) or not (fail), per lab task. */
const cases: [lab: string, task: string, right: string[], wrong: string[]][] = [
  ['containers-in-ci', 'multi-arch', ['--platform linux/amd64,linux/arm64', '--platform=linux/arm64,linux/amd64 --push', 'docker buildx build --platform linux/amd64,linux/arm64 --push -t registry.example.com/shop:1.4 .'], ['--platform linux/amd64', '--push', '--platform linux/amd64,linux/arm64,linux/arm/v7']],
  ['containers-in-ci', 'export-cache', ['--cache-to type=registry,ref=registry.example.com/shop:buildcache,mode=max', 'docker buildx build --cache-to type=registry,ref=r.example.com/shop:cache --cache-from type=registry,ref=r.example.com/shop:cache .', '--cache-to=type=gha'], ['--cache-from type=registry,ref=r.example.com/shop:cache', 'docker buildx build --cache-from x .']],
  ['containers-in-ci', 'tag-with-sha', ['git rev-parse HEAD', 'git rev-list -1 HEAD', 'git rev-list --max-count=1 HEAD', 'git log -1 --format=%H'], ['git rev-parse --short HEAD', 'git rev-list HEAD', 'git log -1']],
  ['linux-namespaces', 'pid-inside', ['1', 'PID: 1', 'pid=1', '1.', 'PID 1'], ['2', 'PID: 12345']],
  ['images-and-layers', 'count-layers', ['3', '3.', 'three', '3 layers'], ['4', '2.']],
  ['image-security', 'sbom', ['SBOM', 'SBOMs', 'An SBOM document', 'a software bill of materials.', 'Software Bills of Materials (SBOMs)'], ['SPDX', 'CycloneDX document', 'a manifest']],
  ['image-security', 'verify-signature', ['cosign verify', 'cosign verify --key cosign.pub registry.example.com/shop@sha256:abc', 'verify'], ['cosign verify-blob', 'cosign verify-blob --key cosign.pub file.tgz', 'cosign verify-attestation', 'cosign sign']],
  ['what-is-a-container', 'host-pid', ['12345', 'PID 12345', 'pid: 12345.'], ['PID namespace', 'twelve']],
  ['kubernetes-architecture', 'where-is-state', ['etcd', 'in etcd, on the control-plane node', 'etcd, which runs as a static Pod on the control plane', 'The API server stores it in etcd.', 'etcd, not the API server'], ['not etcd, the API server', 'the API server', 'in the kubelet, which caches etcd', 'ConfigMaps in etcd']],
  ['kubernetes-architecture', 'who-schedules', ['kube-scheduler', 'the scheduler (kube-scheduler)', 'The scheduler.', 'Kube Scheduler'], ['the kubelet', 'the scheduler and the kubelet']],
  ['compose', 'tear-down', ['docker compose down -v', 'docker compose down --volumes', 'docker compose down --volumes=true', 'docker-compose down -v --remove-orphans'], ['docker compose down', 'docker compose down --volumes=false', 'docker compose down -vx']],
];

describe('answer patterns of the labs, with the shared normalisation', () => {
  for (const [lab, task, right, wrong] of cases) {
    it(`${lab} / ${task}`, async () => {
      for (const given of right) expect(await judge(lab, task, given), `right: ${given}`).toBe('pass');
      for (const given of wrong) expect(await judge(lab, task, given), `wrong: ${given}`).toBe('fail');
    });
  }
});
