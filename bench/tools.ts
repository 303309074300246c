// The baseline tools the bench needs from Debian (nginx, wrk): found on PATH, or installed with
// apt-get when missing and the bench runs as root on Debian. Anything else: the row says plainly
// that it was not measured, and why.

import { existsSync } from 'node:fs';
import { runToEnd } from './processes';

export interface Tool {
  ok: boolean;
  path?: string;
  version?: string;
  /** Why it is missing, in words for the results table. */
  why?: string;
  installed?: boolean;
}

async function which(binary: string): Promise<string | undefined> {
  for (const dir of (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/usr/bin', '/sbin'])) {
    if (dir && existsSync(`${dir}/${binary}`)) return `${dir}/${binary}`;
  }
  return undefined;
}

let aptUpdated = false;

/** `binary` from PATH, or Debian's `pkg` installed with apt-get (root on Debian only). */
export async function ensureDebianTool(binary: string, pkg: string, versionArgs: string[]): Promise<Tool> {
  let found = await which(binary);
  let installed = false;
  if (!found) {
    const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
    const isDebian = existsSync('/etc/debian_version') && existsSync('/usr/bin/apt-get');
    if (!isRoot || !isDebian) {
      return {
        ok: false,
        why: `${binary} is not installed (install Debian's \`${pkg}\`; the bench installs it itself only as root on Debian)`,
      };
    }
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    try {
      if (!aptUpdated) {
        console.log(`  installing ${pkg}: apt-get update`);
        await runToEnd('apt-get update', 'apt-get', ['update', '-qq'], { env, timeoutMs: 180_000 });
        aptUpdated = true;
      }
      console.log(`  installing ${pkg}: apt-get install -y ${pkg}`);
      const r = await runToEnd(`apt-get install ${pkg}`, 'apt-get', ['install', '-y', '-qq', pkg], { env, timeoutMs: 300_000 });
      if (r.code !== 0) return { ok: false, why: `apt-get install -y ${pkg} failed: ${r.stderr.trim().split('\n').slice(-1)[0] ?? ''}` };
    } catch (err) {
      return { ok: false, why: `apt-get install -y ${pkg} failed: ${(err as Error).message.split('\n')[0]}` };
    }
    found = await which(binary);
    if (!found) return { ok: false, why: `apt-get installed ${pkg} but ${binary} is still not on PATH` };
    installed = true;
  }
  let version: string | undefined;
  try {
    const r = await runToEnd(`${binary} version`, found, versionArgs, { timeoutMs: 10_000 });
    version = (r.stdout + r.stderr).trim().split('\n')[0]?.trim();
  } catch {
    version = undefined;
  }
  return { ok: true, path: found, version, installed };
}
