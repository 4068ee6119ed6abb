import { defineConfig } from 'vitest/config';

// Two projects: unit tests are pure and run in parallel; Docker-backed tests drive one real
// engine on a 2-core machine, pick free host ports by probing, and so run one file at a time.
export default defineConfig({
  test: {
    reporters: ['default', './test/support/plain-summary.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'docker',
          include: ['test/docker/**/*.test.ts'],
          globalSetup: ['test/support/cache-home.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
