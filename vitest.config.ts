import { defineConfig } from 'vitest/config';

// Unit tests are fast and need nothing; Docker-backed tests (test/docker) need a real engine
// and run one file at a time so that they do not fight over the machine's two cores.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
});
