import { beforeAll, expect, inject } from 'vitest';
import { behaviourChecksSuite } from '../../checker/checks/testing/behaviour-suite.ts';
import { kindTestEnv, upKindTestCluster } from './kind-test-cluster.ts';

/**
 * The behaviour checks (k8s.logs, k8s.exec, k8s.request) on the kind test
 * cluster, whose kubelets run containers: logs, a crashed container's previous
 * log, exec exit codes, a write on a read-only mount, requests by DNS name.
 */
const env = kindTestEnv(inject('kindTestHome'));

beforeAll(async () => {
  const up = await upKindTestCluster(env);
  expect(up.code, up.output).toBe(0);
}, 3_600_000);

behaviourChecksSuite('kind', () => env);
