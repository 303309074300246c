import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CanvasserDirectory, RECHECK_AFTER_MS } from '@server/auth/canvasser-directory';
import { startTestRedis, type TestRedis } from '@test-support/start-test-redis';
import { runTsx } from '@test-support/child-process';
import { ACCEPTED, startRecordingServer, type RecordingServer } from '@test-support/recording-server';
import { sampleContact } from '@test-support/sample-contact';
import { startTestServer, type TestServer } from '@test-support/start-test-server';
import { tempDir } from '@test-support/temp-dir';
import { allResponses, headersText, type TestClient, type TestResponse } from '@test-support/test-client';
import { PROBLEM_BASE, QOMON_KEY } from '@test-support/test-constants';

// Several instances: two servers on two ports share one Redis (idempotency keys, rate limits,
// signed-out sessions) and one CANVASSERS_FILE, in qomon mode in front of one recording upstream,
// as behind a load balancer. Each has its own DATA_DIR, so nothing is shared through SQLite.
// Then Redis dies and comes back.

const REDIS_PASSWORD = 'redis-PASSWORD-7f3c9a';
const CODES = { jeanne: 'jeanne-porte-1', karim: 'karim-porte-2', lea: 'lea-porte-3' };

let redis: TestRedis;
let upstream: RecordingServer;
let shared: string;
let canvassersFile: string;
let a: TestServer;
let b: TestServer;
const servers: TestServer[] = [];
const ids: Record<keyof typeof CODES, string> = { jeanne: '', karim: '', lea: '' };

function expectProblem(res: TestResponse, status: number, type?: string) {
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  if (type) expect(res.json.type).toBe(PROBLEM_BASE + type);
}

async function instance(extra: Record<string, string> = {}): Promise<TestServer> {
  const ts = await startTestServer({
    mode: 'qomon',
    qomonBaseUrl: upstream.url,
    env: {
      REDIS_URL: redis.url,
      CANVASSERS_FILE: canvassersFile,
      // Behind a load balancer: the client's address comes from X-Forwarded-For.
      TRUST_PROXY: '127.0.0.1',
      CONTACTS_PER_MINUTE: '12',
      UPSTREAM_TIMEOUT_MS: '5000',
      ...extra,
    },
  });
  servers.push(ts);
  return ts;
}

/** A client of `on` carrying the cookie another client got (the load balancer sent it elsewhere). */
function sameCookieOn(on: TestServer, from: TestClient): TestClient {
  const c = on.client();
  c.cookie = from.cookie;
  return c;
}

async function signedIn(on: TestServer, code: string): Promise<TestClient> {
  const c = on.client();
  const res = await c.signIn(code);
  expect(res.status, res.text).toBe(200);
  return c;
}

beforeAll(async () => {
  [redis, upstream] = await Promise.all([startTestRedis({ password: REDIS_PASSWORD }), startRecordingServer()]);
  shared = tempDir('doorstep-scale-');
  canvassersFile = path.join(shared, 'canvassers.json');
  const dir = new CanvasserDirectory(canvassersFile);
  for (const [name, code] of Object.entries(CODES)) ids[name as keyof typeof CODES] = (await dir.add(name, code)).canvasser.id;
  [a, b] = await Promise.all([instance(), instance()]);
  expect(a.url).not.toBe(b.url);
  expect(a.dataDir).not.toBe(b.dataDir);
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.cleanup()));
  await upstream?.close();
  await redis?.stop();
  if (shared) rmSync(shared, { recursive: true, force: true });
});

describe('two instances sharing one Redis', () => {
  it('both are ready', async () => {
    for (const ts of [a, b]) {
      const res = await ts.client().request('/readyz');
      expect(res.status, res.text).toBe(200);
      expect(res.json).toEqual({ status: 'ready', mode: 'qomon' });
    }
  });

  it('a retry landing on the other instance gets the stored answer, without forwarding again', async () => {
    upstream.reset();
    const onA = await signedIn(a, CODES.jeanne);
    const first = await onA.postContact(sampleContact());
    expect(first.status, first.text).toBe(202);
    const retry = await sameCookieOn(b, onA).postContact(sampleContact(), { key: first.key });
    expect(retry.status, retry.text).toBe(202);
    expect(retry.json).toEqual(first.json);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    // And B refuses the key with another body, as A would.
    const other = sampleContact();
    other.data.firstname = 'Paul';
    expectProblem(await sameCookieOn(b, onA).postContact(other, { key: first.key }), 422, 'idempotency-key-reused');
    expect(upstream.requests).toHaveLength(1);
  });

  it('the same key in flight on both: the second answers 409, and the upstream hears it once', async () => {
    upstream.reset();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    upstream.queue(async () => {
      await gate;
      return ACCEPTED;
    });
    const onA = await signedIn(a, CODES.jeanne);
    const onB = sameCookieOn(b, onA);
    const key = randomUUID();
    const first = onA.postContact(sampleContact(), { key });
    await upstream.waitForRequests(1);
    const second = await onB.postContact(sampleContact(), { key });
    expectProblem(second, 409, 'request-in-flight');
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    release();
    expect((await first).status).toBe(202);
    const after = await onB.postContact(sampleContact(), { key });
    expect(after.status).toBe(202);
    expect(after.headers.get('idempotent-replayed')).toBe('true');
    expect(upstream.requests).toHaveLength(1);
  });

  it('a cookie signed out on A is refused on B, while another session of the same canvasser goes on', async () => {
    const phone = await signedIn(a, CODES.karim);
    const tablet = await signedIn(b, CODES.karim);
    const copy = sameCookieOn(b, phone);
    expect((await copy.request('/api/session')).status).toBe(200);

    const out = await phone.request('/api/session', { method: 'DELETE' });
    expect(out.status).toBe(204);
    expectProblem(await copy.request('/api/session'), 401, 'unauthenticated');
    expectProblem(await copy.postContact(sampleContact()), 401, 'unauthenticated');
    expectProblem(await sameCookieOn(a, copy).request('/api/campaign'), 401);

    expect((await tablet.request('/api/session')).status).toBe(200);
    expect((await sameCookieOn(a, tablet).request('/api/session')).status).toBe(200);
  });

  it('sign-in failures from one address are counted across both, and lock it out on both', async () => {
    const xff = { 'x-forwarded-for': '203.0.113.9' };
    const attempt = (ts: TestServer, code: string, headers = xff) =>
      ts.client().request('/api/session', { body: { accessCode: code }, headers });
    for (let i = 0; i < 5; i++) {
      expect((await attempt(a, `wrong-a-${i}`)).status).toBe(401);
      expect((await attempt(b, `wrong-b-${i}`)).status).toBe(401);
    }
    // Ten failures in all, five on each: the next attempt on either is locked, even with the right code.
    const lockedA = await attempt(a, CODES.lea);
    expectProblem(lockedA, 429, 'rate-limited');
    expect(Number(lockedA.headers.get('retry-after'))).toBeGreaterThan(60);
    expectProblem(await attempt(b, CODES.lea), 429, 'rate-limited');
    // Another address is not locked.
    expect((await attempt(b, CODES.lea, { 'x-forwarded-for': '198.51.100.4' })).status).toBe(200);
  });

  it('CONTACTS_PER_MINUTE is counted across both instances', async () => {
    upstream.reset();
    const onA = await signedIn(a, CODES.lea);
    const onB = sameCookieOn(b, onA);
    for (let i = 0; i < 6; i++) {
      expect((await onA.postContact(sampleContact())).status).toBe(202);
      expect((await onB.postContact(sampleContact())).status).toBe(202);
    }
    const over = await onA.postContact(sampleContact());
    expectProblem(over, 429, 'rate-limited');
    expectProblem(await onB.postContact(sampleContact()), 429, 'rate-limited');
    expect(upstream.requests).toHaveLength(12);
  });

  it('a canvasser removed with `npm run canvassers -- remove` is refused by both', async () => {
    const dir = new CanvasserDirectory(canvassersFile);
    const { canvasser } = await dir.add('Removed Soon', 'removed-soon-9');
    const onA = await signedIn(a, 'removed-soon-9');
    const onB = sameCookieOn(b, onA);
    expect((await onB.request('/api/session')).status).toBe(200);

    const cli = await runTsx('src/server/cli/canvassers-cli.ts', ['remove', canvasser.id], {
      CANVASSERS_FILE: canvassersFile,
      DATA_DIR: tempDir('doorstep-scale-cli-'),
    });
    expect(cli.code, cli.stderr).toBe(0);
    for (const c of [onA, onB]) {
      // Each instance looks at the file at most once a second (RECHECK_AFTER_MS).
      await expect.poll(async () => (await c.request('/api/session')).status, { timeout: 3 * RECHECK_AFTER_MS }).toBe(401);
      expectProblem(await c.request('/api/session'), 401, 'unauthenticated');
      expectProblem(await c.postContact(sampleContact()), 401, 'unauthenticated');
    }
    expectProblem(await b.client().signIn('removed-soon-9'), 401);
  });
});

describe('Redis going down and coming back', () => {
  it('both answer /readyz 503 and contacts 503 with Retry-After, forward nothing, stay alive, and recover', async () => {
    upstream.reset();
    const onA = await signedIn(a, CODES.jeanne);
    const onB = sameCookieOn(b, onA);
    const logsBefore = servers.map((s) => s.logs.length);
    // A contact already forwarded when Redis dies: the upstream's yes is what the app hears.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    upstream.queue(async () => {
      await gate;
      return ACCEPTED;
    });
    const inFlight = onA.postContact(sampleContact());
    await upstream.waitForRequests(1);

    await redis.kill();
    release();
    const forwarded = await inFlight;
    expect(forwarded.status, forwarded.text).toBe(202);
    // Written after the reply (the reply does not wait for the store), so the warning may follow it.
    await expect.poll(() => a.logs.some((l) => l.includes('could not store the answer')), { timeout: 5000 }).toBe(true);
    upstream.reset();
    for (const ts of [a, b]) {
      await expect.poll(async () => (await ts.client().request('/readyz')).status, { timeout: 5000, interval: 50 }).toBe(503);
      const ready = await ts.client().request('/readyz');
      expectProblem(ready, 503, 'service-unavailable');
    }
    for (const c of [onA, onB]) {
      const res = await c.postContact(sampleContact());
      expectProblem(res, 503, 'service-unavailable');
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expectProblem(await c.request('/api/session'), 503, 'service-unavailable');
    }
    expectProblem(await a.client().signIn(CODES.jeanne), 503, 'service-unavailable');
    expectProblem(await onA.request('/api/session', { method: 'DELETE' }), 503, 'service-unavailable');
    expect(upstream.requests).toHaveLength(0);

    // An instance that starts while Redis is down serves, not ready.
    const late = await instance();
    expect((await late.client().request('/healthz')).status).toBe(200);
    expect((await late.client().request('/readyz')).status).toBe(503);

    // Give ioredis a few reconnection attempts: each instance still says once that Redis is gone.
    await new Promise((r) => setTimeout(r, 1200));
    for (const ts of [a, b]) {
      expect((await ts.client().request('/healthz')).status).toBe(200);
      const lines = ts.logs.slice(logsBefore[servers.indexOf(ts)]).filter((l) => /"msg":"Redis/.test(l));
      expect(lines, lines.join('\n')).toHaveLength(1);
      expect(lines[0]).toMatch(/Redis connection lost/);
    }
    expect(late.logs.filter((l) => /"msg":"Redis/.test(l))).toHaveLength(1);

    await redis.start();
    for (const ts of [a, b, late]) {
      await expect.poll(async () => (await ts.client().request('/readyz')).status, { timeout: 5000, interval: 50 }).toBe(200);
    }
    // The session cookie is signed, not stored: it still works, on either instance.
    const again = await onB.postContact(sampleContact());
    expect(again.status, again.text).toBe(202);
    expect((await onA.postContact(sampleContact())).status).toBe(202);
    expect(upstream.requests).toHaveLength(2);
    for (const ts of [a, b]) expect(ts.logs.filter((l) => /Redis is reachable again/.test(l))).toHaveLength(1);
    expect(late.logs.filter((l) => /Redis connected/.test(l))).toHaveLength(1);
  });

  it('no log line holds the Redis password or the API key, and no response the API key', () => {
    const logs = servers.flatMap((s) => s.logs);
    expect(logs.some((l) => l.includes('127.0.0.1:' + redis.port))).toBe(true);
    for (const line of logs) {
      expect(line).not.toContain(REDIS_PASSWORD);
      expect(line).not.toContain(QOMON_KEY);
    }
    expect(allResponses.length).toBeGreaterThan(50);
    for (const res of allResponses) expect(res.text + headersText(res)).not.toContain(QOMON_KEY);
  });
});
