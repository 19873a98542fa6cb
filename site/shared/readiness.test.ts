import { describe, expect, it } from 'vitest';
import type { EnvironmentStatus } from './environment-status.ts';
import { labReadiness } from './readiness.ts';

const up: EnvironmentStatus = {
  kubernetes: { running: true, engine: 'kwok', context: 'kwok-kubecamp' },
  docker: { running: true, endpoint: 'unix:///var/run/docker.sock' },
};
const down: EnvironmentStatus = {
  kubernetes: { running: false, start: 'npm run cluster:up', reason: 'no lab cluster has been started' },
  docker: { running: false, start: 'npm run docker:up', reason: 'nothing listens at unix:///var/run/docker.sock', endpoint: 'unix:///var/run/docker.sock' },
};

describe('labReadiness', () => {
  it('is ready when what the lab needs runs, whatever else is down', () => {
    expect(labReadiness(up, ['kubernetes', 'docker'])).toEqual({ ready: true });
    expect(labReadiness({ ...down, kubernetes: up.kubernetes }, ['kubernetes'])).toEqual({ ready: true });
    expect(labReadiness(down, [])).toEqual({ ready: true });
  });

  it('names the missing engine and the exact command that starts it', () => {
    expect(labReadiness(down, ['kubernetes'])).toEqual({
      ready: false,
      message: 'Kubernetes is not running (no lab cluster has been started). Start it with:',
      command: 'npm run cluster:up',
    });
    expect(labReadiness(up.kubernetes ? { ...down, kubernetes: up.kubernetes } : down, ['sandbox'])).toEqual({
      ready: false,
      message: 'The Docker engine is not running (nothing listens at unix:///var/run/docker.sock). Start it with:',
      command: 'npm run docker:up',
    });
  });

  it('says the cluster is starting while npm start brings it up', () => {
    expect(labReadiness({ ...down, starting: { command: 'npm run cluster:up', since: '2026-01-01T00:00:00Z' } }, ['kubernetes'])).toMatchObject({
      ready: false,
      message: 'The lab cluster is starting; the lab opens when it is ready.',
    });
  });
});
