// Runs before Playwright: makes sure a Chromium exists, installing Debian's package when it
// can do so unattended (root on Debian, as in CI), and otherwise says in one line what to do.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findChromium } from './find-chromium.mjs';

const HOW_TO =
  'No Chromium for the browser tests: install it (Debian/Ubuntu: sudo apt-get install chromium) or set CHROMIUM_PATH to a Chromium or Chrome binary.';

/** @param {string[]} args */
function aptGet(args) {
  const result = spawnSync('apt-get', args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.status !== 0) {
    console.error(`apt-get ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`}).`);
    process.exit(1);
  }
}

const found = findChromium();
if (found && existsSync(found.path)) process.exit(0);

if (found?.source === 'CHROMIUM_PATH') {
  console.error(`CHROMIUM_PATH is ${found.path}, which does not exist: point it at a Chromium or Chrome binary, or unset it.`);
  process.exit(1);
}

const canInstall = existsSync('/etc/debian_version') && process.getuid?.() === 0;
if (!canInstall) {
  console.error(HOW_TO);
  process.exit(1);
}

console.log('No Chromium found: installing Debian’s chromium package for the browser tests.');
aptGet(['update']);
aptGet(['install', '-y', 'chromium']);

const installed = findChromium();
if (!installed || !existsSync(installed.path)) {
  console.error(HOW_TO);
  process.exit(1);
}
console.log(`Chromium installed at ${installed.path}.`);
