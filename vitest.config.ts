import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    // Integration tests start real servers on loopback; two cores, so keep files in a few forks.
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
