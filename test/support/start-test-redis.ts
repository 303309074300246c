// A real redis-server for the tests that need one: started on a free loopback port, without
// persistence, killed and restarted on the same port at will (to play Redis going down and
// coming back), and killed when the test file ends. Not a test file itself (no `.test.ts`).
//
// There is no fallback: a test that needs Redis fails with a message saying what to install,
// rather than skipping itself into a green run.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Redis } from 'ioredis';
import { closedPort } from './recording-server';
import { sleep } from './sleep';
import { tempDir } from './temp-dir';

export const REDIS_MISSING =
  'redis-server is not installed, and the Redis tests (REDIS_URL: several instances) need it. ' +
  'Install it (Debian/Ubuntu: `apt-get install redis-server`, macOS: `brew install redis`); `npm run test:unit` installs it itself ' +
  'as root on Debian (scripts/ensure-redis.mjs).';

export function findRedisServer(
  dirs = [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), '/usr/bin', '/usr/sbin', '/usr/local/bin'],
): string {
  for (const dir of dirs) {
    const candidate = path.join(dir, 'redis-server');
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(REDIS_MISSING);
}

export interface TestRedis {
  readonly port: number;
  /** `redis://[:password@]127.0.0.1:port` */
  readonly url: string;
  /** A client of the test's own (to inspect keys or flush between tests). */
  readonly client: Redis;
  /** SIGKILL, as a crash or a lost host would. */
  kill(): Promise<void>;
  /** Starts again on the same port, empty (nothing if it runs). */
  start(): Promise<void>;
  readonly running: boolean;
  /** Kills it and removes its folder. */
  stop(): Promise<void>;
}

async function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

export async function startTestRedis(opts: { password?: string } = {}): Promise<TestRedis> {
  const binary = findRedisServer();
  const port = await closedPort();
  const dir = tempDir('doorstep-redis-');
  let child: ChildProcess | undefined;
  const killNow = () => child?.kill('SIGKILL');
  // A test file that crashes must not leave a redis-server behind.
  process.once('exit', killNow);

  const isRunning = () => child !== undefined && child.exitCode === null && child.signalCode === null;
  const start = async () => {
    if (isRunning()) return;
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--loglevel', 'warning'];
    if (opts.password) args.push('--requirepass', opts.password);
    const proc = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    proc.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    proc.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    let spawnError: Error | undefined;
    proc.once('error', (err) => (spawnError = err));
    child = proc;
    const until = Date.now() + 5000;
    while (!(await acceptsConnections(port))) {
      if (spawnError) throw new Error(`${REDIS_MISSING}\n(${spawnError.message})`);
      if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`redis-server exited at start on port ${port}:\n${output}`);
      if (Date.now() > until) throw new Error(`redis-server did not listen on port ${port} within 5 s:\n${output}`);
      await sleep(20);
    }
    // Listening, but maybe another process on this port: ours must still be alive.
    await sleep(20);
    if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`redis-server exited at start on port ${port}:\n${output}`);
  };

  const kill = async () => {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill('SIGKILL');
    await exited;
  };

  await start();
  const url = `redis://${opts.password ? `:${encodeURIComponent(opts.password)}@` : ''}127.0.0.1:${port}`;
  // Retries forever while the test has Redis down, like the server's own connection.
  const client = new Redis(url, { maxRetriesPerRequest: 1, retryStrategy: (n) => Math.min(n * 50, 500) });
  client.on('error', () => {});

  return {
    port,
    url,
    client,
    kill,
    start,
    get running() {
      return isRunning();
    },
    async stop() {
      client.disconnect();
      await kill();
      process.removeListener('exit', killNow);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
