import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  // The path aliases (@client/…, @shared/…) are tsconfig.base.json's.
  resolve: { tsconfigPaths: true },
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'bench/**/*.test.ts', 'config/**/*.test.ts'],
    // The load test runs on its own (`npm run test:load`, and a short one as a step of `npm test`),
    // not beside other files that would share its two cores.
    exclude: process.env.DOORSTEP_LOAD_TEST ? configDefaults.exclude : [...configDefaults.exclude, '**/*.load.test.ts'],
    environment: 'node',
    // Integration tests start real servers on loopback; two cores, so keep files in a few forks.
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
