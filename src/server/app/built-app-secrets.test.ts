import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '@server/env';
import { tempDir } from '@test-support/temp-dir';

// The API key absent from every built file. `npm start` builds the app on the server, whose
// environment holds QOMON_API_KEY and SESSION_SECRET: this builds the app exactly so (vite build,
// then the precompressed copies), with marker values in those variables, and reads every file
// the server would serve, compressed copies decompressed, for the values and for the names.

const SECRETS = {
  QOMON_API_KEY: `qk_live_BUILDCANARY_${Math.random().toString(36).slice(2)}`,
  SESSION_SECRET: `session-BUILDCANARY-${Math.random().toString(36).slice(2)}-0123456789abcdef`,
  REDIS_URL: 'redis://:BUILDCANARY-redis-password@127.0.0.1:6379',
};

const outDir = tempDir('doorstep-built-');
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : [full];
  });
}

function contentOf(file: string): string {
  const bytes = readFileSync(file);
  if (file.endsWith('.gz')) return gunzipSync(bytes).toString('latin1');
  if (file.endsWith('.br')) return brotliDecompressSync(bytes).toString('latin1');
  return bytes.toString('latin1');
}

describe('the built app', () => {
  it('holds no secret of the environment it was built in, in any file or compressed copy', () => {
    const env = { ...process.env, ...SECRETS };
    const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { cwd: PROJECT_ROOT, env, stdio: 'pipe', timeout: 150_000 });
    run(process.execPath, [
      path.join(PROJECT_ROOT, 'node_modules/vite/bin/vite.js'),
      'build',
      '--outDir',
      outDir,
      '--emptyOutDir',
      '--logLevel',
      'warn',
    ]);
    run(process.execPath, [path.join(PROJECT_ROOT, 'scripts/precompress.mjs'), outDir]);

    const all = files(outDir);
    const names = all.map((f) => path.relative(outDir, f));
    // What the server serves is all here: the page, its scripts, the worker, and their compressed copies.
    expect(names).toContain('index.html');
    expect(names).toContain('sw.js');
    expect(names.some((n) => /^assets\/.+\.js$/.test(n))).toBe(true);
    expect(names.some((n) => n.endsWith('.br')) && names.some((n) => n.endsWith('.gz'))).toBe(true);

    for (const file of all) {
      const text = contentOf(file);
      const rel = path.relative(outDir, file);
      for (const [name, value] of Object.entries(SECRETS)) {
        expect(text.includes(value), `${rel} holds the value of ${name}`).toBe(false);
        expect(text.includes(name), `${rel} names ${name}`).toBe(false);
      }
      expect(text.includes('BUILDCANARY'), `${rel} holds part of a secret`).toBe(false);
    }
  }, 180_000);
});
