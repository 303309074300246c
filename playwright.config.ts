import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './scripts/find-chromium.mjs';

// E2E_PORT lets two checkouts run their suites side by side on one machine.
const PORT = Number(process.env.E2E_PORT ?? 8181);
const baseURL = `http://127.0.0.1:${PORT}`;

// Playwright loads this file in the runner and again in every worker; the environment carries
// the runner's choice to the workers, so one run makes one data folder, and only the runner
// (which made it) removes it once the server has stopped.
const DATA_DIR_VAR = 'DOORSTEP_E2E_DATA_DIR';
if (!process.env[DATA_DIR_VAR]) {
  const dir = mkdtempSync(join(tmpdir(), 'doorstep-e2e-'));
  process.env[DATA_DIR_VAR] = dir;
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
}
const dataDir = process.env[DATA_DIR_VAR];

const FAULT_SPECS = /\.faults\.spec\.ts$/;
// The chaos suite runs its own server and browser: playwright.chaos.config.ts.
const CHAOS_SPECS = /\.chaos\.spec\.ts$/;

const chromium = {
  ...devices['Desktop Chrome'],
  launchOptions: {
    executablePath: findChromium()?.path,
    args: CHROMIUM_ARGS,
  },
};

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: true,
  // Two cores on the test machines: one for the server, one for the browser.
  workers: 2,
  forbidOnly: Boolean(process.env.CI),
  // In CI one more try, so that a machine hiccup does not throw away a run; the list reporter
  // still names every test that needed it as "flaky", and one that fails twice fails the run.
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : [['list']],
  use: {
    baseURL,
    locale: 'en-GB',
    serviceWorkers: 'allow',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      testIgnore: [FAULT_SPECS, CHAOS_SPECS],
      use: chromium,
    },
    {
      // The sandbox's fault injection is global to the one server: these specs run once every other
      // test is done, so that no other test's contact meets their faults (or takes them).
      name: 'chromium-faults',
      testMatch: FAULT_SPECS,
      dependencies: ['chromium'],
      use: chromium,
    },
  ],
  webServer: {
    // The server as production runs it: the compiled dist-server/ serving the dist/ that
    // `npm run build` made just before (npm test builds first).
    command: 'node scripts/require-build.mjs && node dist-server/main.js',
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      PORT: String(PORT),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir ?? '',
      DEMO_ACCESS_CODE: 'e2e-demo-code',
      // The console's spec signs in as the sandbox's demo organiser (e2e/console.spec.ts).
      DEMO_ORGANISER_CODE: 'e2e-organiser-code',
      // The specs of the free form sign in as the demo canvasser, who would otherwise land on the
      // example turf's walk list; e2e/walk-list.spec.ts brings canvassers and a turf of its own.
      SANDBOX_EXAMPLE_TURF: 'off',
      LOG_LEVEL: 'warn',
      // Every spec sends as the one demo canvasser, in parallel: past the default of 30 a minute.
      CONTACTS_PER_MINUTE: '100000',
    },
  },
});
