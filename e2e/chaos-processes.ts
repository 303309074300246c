import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, closeSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../scripts/find-chromium.mjs';

// The chaos suite's two processes, which it kills with SIGKILL and starts again: the server on
// one data folder and one port (the browser's origin, so its profile's IndexedDB, service worker
// and cookie stay valid across restarts), and Chromium on one profile folder. Both are spawned
// here rather than by Playwright, which would never let a test kill them.

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A port nothing listens on now; kept for the whole run. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A killed process lingers as a zombie until its parent (this runner) reaps it: `exit` is the
 * proof it is gone, and /proc says it is not running either. */
async function waitForDeath(child: ChildProcess, what: string, timeoutMs = 10_000): Promise<void> {
  const pid = child.pid!;
  const exited =
    child.exitCode !== null || child.signalCode !== null
      ? Promise.resolve()
      : new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const timer = sleep(timeoutMs).then(() => {
    throw new Error(`${what} (pid ${pid}) still runs ${timeoutMs} ms after SIGKILL`);
  });
  await Promise.race([exited, timer]);
  if (isAlive(pid)) throw new Error(`${what} (pid ${pid}) exited but is still alive`);
}

export interface ServerOptions {
  port: number;
  dataDir: string;
  /** stdout and stderr of every instance, appended. */
  logFile: string;
  accessCode: string;
  upstreamTimeoutMs: number;
  contactsPerMinute: number;
}

export interface ServerProcess {
  readonly pid: number;
  readonly url: string;
  /** SIGKILL to the node process itself (no wrapper between: it is node running dist-server/main.js). */
  kill(): Promise<void>;
  /** SIGTERM, for the end of the run. */
  stop(): Promise<void>;
}

export async function startServer(opts: ServerOptions): Promise<ServerProcess> {
  // Without the build, one line saying so, not a server that answers 404 to every page.
  execFileSync(process.execPath, ['scripts/require-build.mjs'], { cwd: PROJECT_ROOT, stdio: 'inherit' });
  const url = `http://127.0.0.1:${opts.port}`;
  const log = openSync(opts.logFile, 'a');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PORT: String(opts.port),
    HOST: '127.0.0.1',
    DATA_DIR: opts.dataDir,
    DEMO_ACCESS_CODE: opts.accessCode,
    // The chaos canvasser types in the free form: no example turf (it would land on the walk list).
    SANDBOX_EXAMPLE_TURF: 'off',
    LOG_LEVEL: 'info',
    UPSTREAM_TIMEOUT_MS: String(opts.upstreamTimeoutMs),
    CONTACTS_PER_MINUTE: String(opts.contactsPerMinute),
  };
  // The compiled server under process.execPath, as production runs it (`npm run serve`): the pid
  // is the server's own, so SIGKILL hits it and not a wrapper that would leave it running.
  const child = spawn(process.execPath, ['dist-server/main.js'], {
    cwd: PROJECT_ROOT,
    env,
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  let exitedEarly: string | undefined;
  child.once('exit', (code, signal) => (exitedEarly = `exit ${code ?? signal}`));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exitedEarly) throw new Error(`the server stopped at start (${exitedEarly}): ${readFileSync(opts.logFile, 'utf8').slice(-2000)}`);
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`the server did not get ready in 60 s: ${readFileSync(opts.logFile, 'utf8').slice(-2000)}`);
    await sleep(100);
  }
  return {
    pid: child.pid!,
    url,
    async kill() {
      child.kill('SIGKILL');
      await waitForDeath(child, 'the server');
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await Promise.race([new Promise((r) => child.once('exit', r)), sleep(10_000)]);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await waitForDeath(child, 'the server');
      }
    },
  };
}

export interface BrowserOptions {
  profileDir: string;
  logFile: string;
}

export interface BrowserProcess {
  readonly pid: number;
  readonly browser: Browser;
  /** The profile's own context (the one that persists to profileDir). */
  readonly context: BrowserContext;
  /** SIGKILL to the browser process; its helpers (renderers, GPU, network service) notice their
   * parent is gone and exit by themselves, as after a real crash. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export async function startBrowser(opts: BrowserOptions): Promise<BrowserProcess> {
  const found = findChromium();
  if (!found) throw new Error("no Chromium found (set CHROMIUM_PATH, or install Debian's `chromium`)");
  // Debian's /usr/bin/chromium is a shell script that ends in `exec`: the pid is the browser's.
  const child = spawn(
    found.path,
    [
      ...CHROMIUM_ARGS,
      '--headless=new',
      `--user-data-dir=${opts.profileDir}`,
      '--remote-debugging-port=0',
      '--remote-debugging-address=127.0.0.1',
      '--lang=en-GB',
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], detached: true },
  );
  const wsUrl = await new Promise<string>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`Chromium printed no DevTools address in 30 s: ${seen.slice(-2000)}`)), 30_000);
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      seen += chunk;
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`Chromium stopped at start (${code ?? signal}): ${seen.slice(-2000)}`));
    });
  });
  // Keep reading stderr (a full pipe would block the browser), into the run's log.
  child.stderr!.on('data', (chunk: string) => appendFileSync(opts.logFile, chunk));
  const browser = await chromium.connectOverCDP(wsUrl);
  const context = browser.contexts()[0];
  if (!context) throw new Error('Chromium over CDP has no default context');
  const pid = child.pid!;
  const kill = async () => {
    process.kill(pid, 'SIGKILL');
    await waitForDeath(child, 'Chromium');
    // Its helpers share its process group (spawned detached): wait until they are gone too, so
    // that the next start finds the profile free; a straggler after 10 s gets a SIGKILL.
    const deadline = Date.now() + 10_000;
    while (groupAlive(pid) && Date.now() < deadline) await sleep(100);
    if (groupAlive(pid)) {
      process.kill(-pid, 'SIGKILL');
      while (groupAlive(pid)) await sleep(100);
    }
  };
  return {
    pid,
    browser,
    context,
    kill,
    async stop() {
      await browser.close().catch(() => undefined);
      const deadline = Date.now() + 5_000;
      while (child.exitCode === null && child.signalCode === null && Date.now() < deadline) await sleep(100);
      if (child.exitCode === null && child.signalCode === null) await kill();
    },
  };
}

/** Whether any process of the group still runs. Zombies do not count: the helpers' new parent
 * (the container's init) may never reap them, and a zombie holds nothing. */
function groupAlive(pgid: number): boolean {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    // "pid (comm) state ppid pgrp …": comm may hold spaces and parentheses, so split after the last ')'.
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z' && state !== 'X') return true;
  }
  return false;
}
