import { defineConfig } from 'vitest/config';

/**
 * `unit`: pure logic beside the code (*.test.ts), fast and parallel.
 * `integration`: against the real API server, Docker engine and sandbox
 * (*.integration.test.ts), one file at a time because they share them.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['checker/**/*.test.ts', 'scripts/**/*.test.ts', 'site/**/*.test.ts', 'labs/**/*.test.ts'],
          exclude: ['**/*.integration.test.ts', '**/node_modules/**'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['**/*.integration.test.ts'],
          exclude: ['**/node_modules/**'],
          fileParallelism: false,
          testTimeout: 300_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
