// Runs before the unit and integration tests: the tests of several instances start their own
// redis-server (test/support/start-test-redis.ts). Like ensure-chromium.mjs for the browser, it
// installs Debian's package when it can do so unattended (root on Debian, as in CI, or a fresh
// machine with only Node and npm), and otherwise says in one line what to install.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REDIS_HOW_TO =
  'No redis-server for the Redis tests: install it (Debian/Ubuntu: sudo apt-get install redis-server, macOS: brew install redis) and run the tests again.';

/** Where start-test-redis.ts looks too: the PATH, then the usual folders (apt puts it in /usr/bin). */
const EXTRA_DIRS = ['/usr/bin', '/usr/sbin', '/usr/local/bin'];

/**
 * @param {{ env?: NodeJS.ProcessEnv, exists?: (file: string) => boolean }} [options]
 * @returns {string | undefined}
 */
export function findRedisServer({ env = process.env, exists = existsSync } = {}) {
  const dirs = [...(env.PATH ?? '').split(path.delimiter).filter(Boolean), ...EXTRA_DIRS];
  return dirs.map((dir) => path.join(dir, 'redis-server')).find((candidate) => exists(candidate));
}

/**
 * @typedef {{
 *   find: () => string | undefined,
 *   canInstall: () => boolean,
 *   aptGet: (args: string[]) => boolean,
 *   log: (line: string) => void,
 *   error: (line: string) => void,
 * }} RedisSteps
 * @typedef {{ ok: true, path: string, installed: boolean } | { ok: false }} RedisOutcome
 */

const INSTALL = ['install', '-y', '--no-install-recommends', 'redis-server'];

/**
 * Finds redis-server, or installs it with apt-get where that is allowed. The install is tried
 * before `apt-get update`: an image whose package lists are fresh enough needs no update, and one
 * whose lists are empty (a fresh Debian container) fails the install and then gets them.
 *
 * @param {RedisSteps} steps
 * @returns {RedisOutcome}
 */
export function ensureRedis(steps) {
  const found = steps.find();
  if (found) return { ok: true, path: found, installed: false };
  if (!steps.canInstall()) {
    steps.error(REDIS_HOW_TO);
    return { ok: false };
  }
  steps.log('No redis-server found: installing Debian’s redis-server package for the Redis tests.');
  const installed = steps.aptGet(INSTALL) || (steps.aptGet(['update']) && steps.aptGet(INSTALL));
  const now = installed ? steps.find() : undefined;
  if (!now) {
    steps.error(REDIS_HOW_TO);
    return { ok: false };
  }
  steps.log(`redis-server installed at ${now}.`);
  return { ok: true, path: now, installed: true };
}

/** @param {string[]} args */
function aptGet(args) {
  const result = spawnSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (result.status === 0) return true;
  console.error(`apt-get ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`}).`);
  return false;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const outcome = ensureRedis({
    find: () => findRedisServer(),
    canInstall: () => existsSync('/etc/debian_version') && process.getuid?.() === 0,
    aptGet,
    log: (line) => console.log(line),
    error: (line) => console.error(line),
  });
  if (!outcome.ok) process.exit(1);
}
