import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTsx, spawnTsx } from '@test-support/child-process';
import { closedPort } from '@test-support/recording-server';
import { tempDir } from '@test-support/temp-dir';
import { QOMON_KEY, TEST_SESSION_SECRET } from '@test-support/test-constants';

// `tsx src/server/main.ts` as `npm start` runs it: a bad configuration stops it with exit code 1
// and a message naming the variable; a good one serves and stops gracefully on SIGTERM.

const MAIN = 'src/server/main.ts';
let dir: string;
const dataDir = (name: string) => path.join(dir, name);

beforeAll(() => {
  dir = tempDir('doorstep-main-');
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('start-up failures', () => {
  it.concurrent('PORT=abc exits 1 naming PORT', async () => {
    const res = await runTsx(MAIN, [], { PORT: 'abc', DATA_DIR: dataDir('port') });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('PORT');
  });

  it.concurrent('a CAMPAIGN_FILE that is not JSON, or fails the schema, exits 1 naming CAMPAIGN_FILE and the path', async () => {
    const broken = path.join(dir, 'broken-campaign.json');
    const invalid = path.join(dir, 'invalid-campaign.json');
    writeFileSync(broken, '{"name": "Municipales", ');
    writeFileSync(invalid, JSON.stringify({ name: 'Municipales', country: 'fr', language: 'de' }));
    const [a, b] = await Promise.all([
      runTsx(MAIN, [], { PORT: '0', CAMPAIGN_FILE: broken, DATA_DIR: dataDir('broken') }),
      runTsx(MAIN, [], { PORT: '0', CAMPAIGN_FILE: invalid, DATA_DIR: dataDir('invalid') }),
    ]);
    expect(a.code).toBe(1);
    expect(a.stderr).toContain('CAMPAIGN_FILE');
    expect(a.stderr).toContain(broken);
    expect(b.code).toBe(1);
    expect(b.stderr).toContain('CAMPAIGN_FILE');
    expect(b.stderr).toContain(invalid);
    expect(b.stderr).toMatch(/country|language/);
  });

  it.concurrent('QOMON_API_KEY without SESSION_SECRET exits 1 naming SESSION_SECRET, without printing the key', async () => {
    const res = await runTsx(MAIN, [], { PORT: '0', QOMON_API_KEY: QOMON_KEY, DATA_DIR: dataDir('secret') });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('SESSION_SECRET');
    expect(res.stdout + res.stderr).not.toContain(QOMON_KEY);
  });
});

describe('a normal start', () => {
  it.concurrent('sandbox: prints the demo code, answers /healthz, and exits 0 on SIGTERM', async () => {
    const proc = spawnTsx(MAIN, { PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir('sandbox'), DEMO_ACCESS_CODE: 'porte-a-porte' });
    try {
      const out = await proc.waitFor(/Demo access code: .+\n/);
      expect(out).toContain('Demo access code: porte-a-porte');
      expect(out).toMatch(/sandbox mode/);
      const url = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      expect(url, out).toBeDefined();
      const health = await fetch(`${url}/healthz`);
      expect(health.status).toBe(200);
      const signIn = await fetch(`${url}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ accessCode: 'porte-a-porte' }),
      });
      expect(signIn.status).toBe(200);

      proc.child.kill('SIGTERM');
      const exit = await proc.exited;
      expect(exit.code, proc.output().stderr).toBe(0);
      await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    } finally {
      if (proc.child.exitCode === null) proc.child.kill('SIGKILL');
    }
  });

  it.concurrent('qomon: names the mode, never prints the key, and exits 0 on SIGTERM', async () => {
    const port = await closedPort();
    const proc = spawnTsx(MAIN, {
      PORT: '0',
      DATA_DIR: dataDir('qomon'),
      QOMON_API_KEY: QOMON_KEY,
      QOMON_BASE_URL: `http://127.0.0.1:${port}`,
      SESSION_SECRET: TEST_SESSION_SECRET,
    });
    try {
      const out = await proc.waitFor(/qomon mode/);
      expect(out).not.toMatch(/Demo access code/);
      const url = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      const ready = await fetch(`${url}/readyz`);
      expect(await ready.json()).toMatchObject({ mode: 'qomon' });
      proc.child.kill('SIGTERM');
      expect((await proc.exited).code).toBe(0);
      const { stdout, stderr } = proc.output();
      expect(stdout + stderr).not.toContain(QOMON_KEY);
    } finally {
      if (proc.child.exitCode === null) proc.child.kill('SIGKILL');
    }
  });
});
