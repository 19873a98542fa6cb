import { behaviourChecksSuite } from './testing/behaviour-suite.ts';

/**
 * The behaviour checks on the shared Docker-free cluster (CI: kwok, simulated
 * kubelets): every one of them says it needs real nodes. The same suite runs
 * on kind in scripts/cluster/kind-behaviour.integration.test.ts.
 */
behaviourChecksSuite('kwok');
