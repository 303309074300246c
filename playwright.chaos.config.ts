import { defineConfig } from '@playwright/test';
import { chaosDeadlineMs } from './e2e/chaos-plan';

// The chaos suite (`npm run test:chaos`; `npm test` runs it small): one long test that starts,
// SIGKILLs and restarts its own server and its own Chromium, so neither Playwright's webServer nor
// its browser fixtures are used here. One worker: the two processes it runs take both cores.
export default defineConfig({
  testDir: 'e2e',
  testMatch: /\.chaos\.spec\.ts$/,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  // A chaos run that needs a second try has found something: no retries.
  retries: 0,
  reporter: [['list']],
  // Its own folder: Playwright empties the output folder when a run starts, and an e2e run may be
  // going on beside this one on a developer's machine.
  outputDir: 'test-results/chaos',
  // The spec's own deadline fails the run with its counts printed; this one only backs it up.
  timeout: chaosDeadlineMs() + 120_000,
  // Two cores shared by the server, Chromium and the runner, busiest while a drain runs.
  expect: { timeout: 15_000 },
});
