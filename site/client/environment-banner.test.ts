import { describe, expect, it } from 'vitest';
import type { EnvironmentStatus } from '../server/environment-status.ts';
import { describeEnvironment, type BannerLine } from './environment-banner.ts';

const dockerUp = { running: true as const, endpoint: 'unix:///var/run/docker.sock', version: '27.5.1' };
const kubeDown = { running: false as const, start: 'npm run cluster:up', reason: 'no lab cluster has been started' };

/** The banner as a person reads it, commands in backticks. */
function read(lines: BannerLine[]): string[] {
  return lines.map((l) =>
    l.parts.map((p) => (p.kind === 'engine' ? `[${p.state}] ${p.name} ` : p.kind === 'command' ? `\`${p.text}\`` : p.text)).join(''),
  );
}

describe('describeEnvironment', () => {
  it('shows the running engines', () => {
    const status: EnvironmentStatus = { kubernetes: { running: true, engine: 'kwok', context: 'kwok-kubecamp', version: 'v1.36.1' }, docker: dockerUp };
    expect(read(describeEnvironment(status))).toEqual(['[up] Kubernetes kwok v1.36.1, context `kwok-kubecamp`', '[up] Docker engine 27.5.1']);
  });

  it('shows the command that starts an engine that is down', () => {
    const status: EnvironmentStatus = {
      kubernetes: kubeDown,
      docker: { running: false, start: 'npm run docker:up', reason: 'nothing listens', endpoint: 'unix:///var/run/docker.sock' },
    };
    expect(read(describeEnvironment(status))).toEqual([
      '[down] Kubernetes not running; start it with `npm run cluster:up`',
      '[down] Docker not running; start it with `npm run docker:up`',
    ]);
  });

  it('shows the bring-up progress and how long it has run', () => {
    const status: EnvironmentStatus = {
      kubernetes: kubeDown,
      docker: dockerUp,
      starting: { command: 'npx tsx scripts/cluster/main.ts up', since: '2026-01-01T00:00:00Z', lastLine: '▸ building kube-apiserver…' },
    };
    expect(read(describeEnvironment(status, new Date('2026-01-01T00:02:05Z')))[0]).toBe(
      '[starting] Kubernetes starting (2 min 5 s): ▸ building kube-apiserver…',
    );
    const { lastLine: _, ...noLine } = status.starting!;
    expect(read(describeEnvironment({ ...status, starting: noLine }, new Date('2026-01-01T00:00:07Z')))[0]).toBe('[starting] Kubernetes starting (7 s)…');
  });

  it('shows the step and the estimate rather than a heartbeat when the start records them', () => {
    const status: EnvironmentStatus = {
      kubernetes: kubeDown,
      docker: dockerUp,
      starting: { command: 'npm run cluster:up', since: '2026-01-01T00:00:00Z', lastLine: '… still working (2 min 30 s)', progress: 'building kube-apiserver, 2 of 8, about 6 min left' },
    };
    expect(read(describeEnvironment(status, new Date('2026-01-01T00:02:30Z')))[0]).toBe(
      '[starting] Kubernetes starting (2 min 30 s): building kube-apiserver, 2 of 8, about 6 min left',
    );
  });

  it('says a failed bring-up failed, and how to see why', () => {
    const status: EnvironmentStatus = {
      kubernetes: kubeDown,
      docker: dockerUp,
      startFailed: { command: 'npx tsx scripts/cluster/main.ts up', since: '2026-01-01T00:00:00Z', endedAt: '2026-01-01T00:01:00Z', exitCode: 1, lastLine: 'error: go: command not found' },
    };
    expect(read(describeEnvironment(status))[0]).toBe('[failed] Kubernetes could not start (error: go: command not found); run `npm run cluster:up` to see why');
  });
});
