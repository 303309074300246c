// README's walk-list screenshot: the app built in dist/ (`npm run build` first), served by the
// real server in sandbox mode on a loopback port of its own with a temp data folder, so that the
// demo canvasser has the example turf (config/example-turf-paris-7.csv); Chromium at 360×780
// signs in, works two doors (one tap each, then waits out their Undo) and takes the screen from
// the top of the list.
//
//   npm run build && npx tsx scripts/screenshot-walk-list.ts [out.png]

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { startServer } from '../src/server/app/create-server';
import { loadCampaign } from '../src/server/app/load-campaign';
import { loadEnv, PROJECT_ROOT } from '../src/server/env';
import { CHROMIUM_ARGS, findChromium } from './find-chromium.mjs';

const out = path.resolve(process.argv[2] ?? path.join(PROJECT_ROOT, 'docs/screenshots/walk-list-phone.png'));
const dist = path.join(PROJECT_ROOT, 'dist');
if (!existsSync(path.join(dist, 'index.html'))) {
  console.error('Missing dist/index.html: run `npm run build` first.');
  process.exit(1);
}
const code = 'screenshot-demo';
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'doorstep-screenshot-'));
const env = loadEnv({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, DEMO_ACCESS_CODE: code, LOG_LEVEL: 'warn' });
const server = await startServer({ env, campaign: loadCampaign(env.campaignFile), distDir: dist });
const found = findChromium();
if (!found) throw new Error("no Chromium found (set CHROMIUM_PATH, or install Debian's `chromium`)");
const browser = await chromium.launch({ executablePath: found.path, args: CHROMIUM_ARGS, headless: true });
try {
  const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 360, height: 780 }, deviceScaleFactor: 1 });
  await context.addInitScript(() => localStorage.setItem('doorstep.language', 'en'));
  const signIn = await context.request.post(`${server.url}/api/session`, { data: { accessCode: code } });
  if (signIn.status() !== 200) throw new Error(`sign-in answered ${signIn.status()}`);
  const page = await context.newPage();
  await page.goto(`${server.url}/`);
  const card = page.getByTestId('current-door');
  await card.waitFor();
  for (const outcome of ['Absent·e', 'Refus de discuter']) {
    const door = await card.getAttribute('data-door');
    await card.getByRole('button', { name: outcome, exact: true }).click();
    await page.waitForFunction((d) => document.querySelector('[data-testid=current-door]')?.getAttribute('data-door') !== d, door);
  }
  // The Undo offer goes after five seconds, and the visits are sent.
  await page.getByRole('button', { name: 'Undo' }).waitFor({ state: 'hidden', timeout: 15_000 });
  await page.getByText('Nothing waiting').waitFor({ timeout: 15_000 });
  // The one-off "Ready to work offline." notice goes too.
  await page.getByText('Ready to work offline.', { exact: true }).waitFor({ state: 'hidden', timeout: 15_000 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (overflow > 0) throw new Error(`the page is ${overflow} px wider than the phone`);
  // The list from its top (the turf's name), below the app's header.
  await page.evaluate(() => document.querySelector('.walk')?.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: out });
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
} finally {
  await browser.close();
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
