// Every child process the bench starts goes through here: each runs in its own process group
// (so that tsx's own node child, nginx's workers and wrk go with it), its output is kept for error
// messages, and stopAll() ends whatever is still running, also when a row failed or timed out.

import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';

export interface Child {
  name: string;
  proc: ChildProcess;
  /** What it printed so far (stdout and stderr, the last 64 KB of each). */
  stdout(): string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  running(): boolean;
  /** Resolves with the match once stdout or stderr matches `re`. */
  waitFor(re: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** SIGTERM to the whole group, SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

const live = new Set<Child>();
const KEEP = 64 * 1024;

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function killGroup(proc: ChildProcess, signal: NodeJS.Signals): void {
  if (proc.pid === undefined) return;
  try {
    process.kill(-proc.pid, signal);
  } catch {
    try {
      proc.kill(signal);
    } catch {
      // already gone
    }
  }
}

export function startChild(
  name: string,
  command: string,
  args: readonly string[],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Child {
  const proc = spawn(command, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  let err = '';
  proc.stdout?.on('data', (c: Buffer) => (out = (out + c.toString()).slice(-KEEP)));
  proc.stderr?.on('data', (c: Buffer) => (err = (err + c.toString()).slice(-KEEP)));
  let done = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    proc.on('exit', (code, signal) => {
      done = true;
      live.delete(child);
      resolve({ code, signal });
    });
    proc.on('error', (e) => {
      done = true;
      live.delete(child);
      err += `\n${e.message}`;
      resolve({ code: -1, signal: null });
    });
  });
  const child: Child = {
    name,
    proc,
    stdout: () => out,
    stderr: () => err,
    exited,
    running: () => !done,
    async waitFor(re, timeoutMs = 30_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const m = out.match(re) ?? err.match(re);
        if (m) return m;
        if (done) throw new Error(`${name} exited before printing ${re}:\n${out.slice(-2000)}\n${err.slice(-2000)}`);
        if (Date.now() > until)
          throw new Error(`${name} did not print ${re} within ${timeoutMs} ms:\n${out.slice(-2000)}\n${err.slice(-2000)}`);
        await sleep(25);
      }
    },
    async stop(graceMs = 3000) {
      if (done) return;
      killGroup(proc, 'SIGTERM');
      const timer = setTimeout(() => killGroup(proc, 'SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
      // Whatever the leader left behind in its group (tsx's node, nginx's worker).
      killGroup(proc, 'SIGKILL');
    },
  };
  live.add(child);
  return child;
}

/** Runs a command to its end and returns what it printed; rejects after `timeoutMs`. */
export async function runToEnd(
  name: string,
  command: string,
  args: readonly string[],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = startChild(name, command, args, opts);
  const timeoutMs = opts.timeoutMs ?? 60_000;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void child.stop(1000);
  }, timeoutMs);
  const { code } = await child.exited;
  clearTimeout(timer);
  if (timedOut)
    throw new Error(`${name} did not finish within ${timeoutMs} ms:\n${child.stdout().slice(-2000)}\n${child.stderr().slice(-2000)}`);
  return { code, stdout: child.stdout(), stderr: child.stderr() };
}

export async function stopAll(): Promise<void> {
  await Promise.all([...live].map((c) => c.stop(2000)));
}

/** Kills every group synchronously: for process exit handlers, where nothing can be awaited. */
export function killAllNow(): void {
  for (const c of live) killGroup(c.proc, 'SIGKILL');
}

/** A loopback port that was free a moment ago (for programs that cannot report the one they took). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** Resolves once something accepts TCP connections on the port. */
export async function waitForPort(port: number, timeoutMs = 15_000, alive: () => boolean = () => true): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const sock = net.connect({ port, host: '127.0.0.1' });
      sock.once('connect', () => (sock.destroy(), resolve(true)));
      sock.once('error', () => resolve(false));
    });
    if (ok) return;
    if (!alive()) throw new Error(`nothing listens on port ${port}: the process exited`);
    if (Date.now() > until) throw new Error(`nothing listens on port ${port} after ${timeoutMs} ms`);
    await sleep(50);
  }
}

/** CPU seconds (user + system) used so far by the live processes of a process group, from
 * /proc (Linux; undefined elsewhere). Children that already exited are not counted. */
export function groupCpuSeconds(pgid: number | undefined): number | undefined {
  if (pgid === undefined || process.platform !== 'linux') return undefined;
  let ticks = 0;
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      } catch {
        continue;
      }
      // The command name, in parentheses, may hold spaces: fields are counted after its ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // fields[0] is field 3 (state): pgrp is field 5, utime 14, stime 15.
      if (Number(fields[2]) !== pgid) continue;
      ticks += Number(fields[11]) + Number(fields[12]);
    }
  } catch {
    return undefined;
  }
  return ticks / CLOCK_TICKS;
}

/** USER_HZ: 100 on every Linux the bench runs on (getconf CLK_TCK). */
const CLOCK_TICKS = 100;
