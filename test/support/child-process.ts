// Child processes (the CLI, main.ts).

import { spawn } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '@server/env';
import { sleep } from './sleep';

export const TSX = path.join(PROJECT_ROOT, 'node_modules/.bin/tsx');

/** A clean environment for a child: PATH and HOME only, plus what the test gives (none of this
 * process's QOMON_* or SESSION_SECRET). */
export function childEnv(extra: Record<string, string>): Record<string, string> {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG'];
  const env: Record<string, string> = {};
  for (const k of keep) if (process.env[k]) env[k] = process.env[k]!;
  return { ...env, ...extra };
}

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `tsx <script> ...args` from the project root and waits for it to exit. */
export function runTsx(script: string, args: string[], env: Record<string, string>, timeoutMs = 20_000): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [script, ...args], { cwd: PROJECT_ROOT, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} ${args.join(' ')} did not exit within ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('error', (err) => (clearTimeout(timer), reject(err)));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Starts `tsx <script>` and keeps it running; `output()` is what it printed so far. */
export function spawnTsx(script: string, env: Record<string, string>) {
  const child = spawn(TSX, [script], { cwd: PROJECT_ROOT, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    exited,
    output: () => ({ stdout, stderr }),
    /** Resolves with the whole stdout once it matches `re`. */
    async waitFor(re: RegExp, timeoutMs = 20_000): Promise<string> {
      const until = Date.now() + timeoutMs;
      while (!re.test(stdout)) {
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`exited before printing ${re}:\n${stdout}\n${stderr}`);
        if (Date.now() > until) throw new Error(`did not print ${re} within ${timeoutMs} ms:\n${stdout}\n${stderr}`);
        await sleep(50);
      }
      return stdout;
    },
  };
}
