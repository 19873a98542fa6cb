import { defineConfig } from 'vitest/config';

/**
 * `unit`: pure logic beside the code (*.test.ts), fast and parallel.
 * `integration`: against the real API server, Docker engine and sandbox
 * (*.integration.test.ts), one file at a time because they share them, and
 * only after the unit tests have finished (groupOrder), so the browser and
 * the control plane never compete with a parallel batch for the CPU.
 * `kind`: the integration tests on a kind cluster (real kubelets); its files
 * share one throwaway cluster, deleted by the global setup's teardown. `npm
 * test` runs it in a second vitest process beside unit + integration
 * (scripts/test/run-tests.ts); a bare `vitest run` runs it last (groupOrder).
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          sequence: { groupOrder: 0 },
          include: ['checker/**/*.test.ts', 'scripts/**/*.test.ts', 'site/**/*.test.ts', 'labs/**/*.test.ts'],
          exclude: ['**/*.integration.test.ts', '**/node_modules/**'],
        },
      },
      {
        test: {
          name: 'integration',
          sequence: { groupOrder: 1 },
          include: ['**/*.integration.test.ts'],
          exclude: ['**/node_modules/**', 'scripts/cluster/kind-*.integration.test.ts'],
          fileParallelism: false,
          testTimeout: 300_000,
          hookTimeout: 600_000,
        },
      },
      {
        test: {
          name: 'kind',
          sequence: { groupOrder: 2 },
          include: ['scripts/cluster/kind-*.integration.test.ts'],
          exclude: ['**/node_modules/**'],
          globalSetup: ['scripts/cluster/kind-test-cluster.setup.ts'],
          fileParallelism: false,
          // describe.concurrent tests (the labs on kind): two at a time.
          maxConcurrency: 2,
          testTimeout: 300_000,
          hookTimeout: 3_600_000,
        },
      },
    ],
  },
});
