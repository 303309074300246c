import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '@server/stores/open-database';
import { sampleContact, sampleContactForwarded, sampleQomonBody } from '@test-support/sample-contact';
import { startTestServer, type TestServer } from '@test-support/start-test-server';
import { tempDir } from '@test-support/temp-dir';
import { type TestClient, type TestResponse } from '@test-support/test-client';
import { PROBLEM_BASE } from '@test-support/test-constants';

// Sandbox mode end to end: the proxy forwards over real HTTP to its own /sandbox, which plays
// Qomon (Bearer check, `kind`, Qomon-style validation errors) and injects faults on demand.

const TIMEOUT_MS = 1000;

let ts: TestServer;
let client: TestClient;

function expectProblem(res: TestResponse, status: number, type?: string) {
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(res.json).toMatchObject({ status, type: expect.any(String), title: expect.any(String) });
  if (type) expect(res.json.type).toBe(PROBLEM_BASE + type);
}

interface SandboxContact {
  seq: number;
  idempotencyKey: string | null;
  receivedAt: string;
  replyLost: boolean;
  body: unknown;
}

async function storedFor(key: string): Promise<SandboxContact[]> {
  const res = await client.request(`/sandbox/contacts?key=${key}`);
  expect(res.status).toBe(200);
  return res.json.contacts as SandboxContact[];
}

async function setFaults(faults: Record<string, unknown>) {
  const res = await client.request('/sandbox/faults', { method: 'PUT', body: faults });
  expect(res.status, res.text).toBe(200);
  return res;
}

const upsert = (body: unknown, authorization?: string) =>
  client.request('/sandbox/contacts/upsert', {
    method: 'POST',
    body,
    headers: authorization === undefined ? {} : { authorization },
    anonymous: true,
  });

beforeAll(async () => {
  ts = await startTestServer({ env: { UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS) } });
  client = ts.client();
  expect((await client.signIn()).status).toBe(200);
});

afterAll(async () => {
  await ts.cleanup();
});

beforeEach(async () => {
  await client.request('/sandbox/faults', { method: 'DELETE' });
});

describe('sandbox mode end to end', () => {
  it('is ready in sandbox mode and forwards to its own /sandbox', async () => {
    const ready = await client.request('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.json.mode).toBe('sandbox');
    expect(ts.server.upstreamUrl).toBe(`${ts.url}/sandbox/contacts/upsert`);
  });

  it('a contact posted to /api/contacts arrives in /sandbox/contacts with its key', async () => {
    const before = (await client.request('/sandbox/contacts')).json.total as number;
    const res = await client.postContact(sampleContact());
    expect(res.status, res.text).toBe(202);
    const stored = await storedFor(res.key);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.idempotencyKey).toBe(res.key);
    expect(stored[0]!.body).toEqual(sampleContactForwarded());
    expect(stored[0]!.replyLost).toBe(false);
    expect(Date.parse(stored[0]!.receivedAt)).toBeGreaterThan(Date.now() - 60_000);
    const all = await client.request('/sandbox/contacts');
    expect(all.json.total).toBe(before + 1);
    expect(all.json.contacts.at(-1).idempotencyKey).toBe(res.key);
  });

  it('a replay is not stored twice', async () => {
    const res = await client.postContact(sampleContact());
    const again = await client.postContact(sampleContact(), { key: res.key });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await storedFor(res.key)).toHaveLength(1);
  });
});

describe('the sandbox upstream itself', () => {
  it('401 problem without, or with a wrong, Bearer token', async () => {
    const none = await upsert(sampleQomonBody());
    expectProblem(none, 401);
    const wrong = await upsert(sampleQomonBody(), 'Bearer not-the-key');
    expectProblem(wrong, 401);
    const bare = await upsert(sampleQomonBody(), ts.env.apiKey);
    expectProblem(bare, 401);
    expect((await client.request('/sandbox/contacts')).text).not.toContain('not-the-key');
  });

  it('422 at body.kind when kind is not contact', async () => {
    const res = await upsert({ ...sampleQomonBody(), kind: 'person' }, `Bearer ${ts.env.apiKey}`);
    expectProblem(res, 422);
    expect(res.json.errors).toEqual([expect.objectContaining({ location: 'body.kind', value: 'person' })]);
  });

  it('422 with Qomon-style locations on invalid data', async () => {
    const bad = sampleQomonBody();
    bad.data.mail = 'nope';
    bad.data.address.latitude = 45.75;
    const res = await upsert(bad, `Bearer ${ts.env.apiKey}`);
    expectProblem(res, 422);
    const locations = res.json.errors.map((e: { location: string }) => e.location);
    expect(locations).toEqual(expect.arrayContaining(['body.data.mail', 'body.data.address.latitude']));
  });

  it('202 with the right Bearer token, and keeps what it accepted', async () => {
    const key = randomUUID();
    const res = await client.request('/sandbox/contacts/upsert', {
      method: 'POST',
      body: sampleQomonBody(),
      headers: { authorization: `Bearer ${ts.env.apiKey}`, 'idempotency-key': key },
      anonymous: true,
    });
    expect(res.status).toBe(202);
    expect(await storedFor(key)).toHaveLength(1);
  });

  it('refuses invalid fault settings with 422', async () => {
    const res = await client.request('/sandbox/faults', { method: 'PUT', body: { queue: ['explode'] } });
    expectProblem(res, 422);
    expect(res.json.errors[0].location).toMatch(/^body\.queue/);
  });
});

describe('the sandbox table in an older data folder', () => {
  it('gains reply_lost on opening, its old rows counted as answered', () => {
    const dir = tempDir();
    try {
      const old = new Database(path.join(dir, 'doorstep.sqlite'));
      old.exec(`CREATE TABLE sandbox_contacts (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, idempotency_key TEXT, body TEXT NOT NULL, received_at INTEGER NOT NULL)`);
      old.prepare('INSERT INTO sandbox_contacts (idempotency_key, body, received_at) VALUES (?, ?, ?)').run('k', '{}', 1);
      old.close();
      for (let opening = 0; opening < 2; opening++) {
        const db = openDatabase(dir);
        expect(db.prepare('SELECT idempotency_key, reply_lost FROM sandbox_contacts').all()).toEqual([
          { idempotency_key: 'k', reply_lost: 0 },
        ]);
        db.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('fault injection', () => {
  it('http500: the proxy answers 502, stores nothing, and the same key forwards again', async () => {
    await setFaults({ queue: ['http500'] });
    const failed = await client.postContact(sampleContact());
    expectProblem(failed, 502, 'upstream-unavailable');
    expect(await storedFor(failed.key)).toHaveLength(0);
    const retried = await client.postContact(sampleContact(), { key: failed.key });
    expect(retried.status).toBe(202);
    expect(await storedFor(failed.key)).toHaveLength(1);
  });

  it('http429: the proxy answers 503 with the Retry-After', async () => {
    await setFaults({ queue: ['http429'], retryAfterSeconds: 4 });
    const res = await client.postContact(sampleContact());
    expectProblem(res, 503, 'upstream-rate-limited');
    expect(res.headers.get('retry-after')).toBe('4');
  });

  it('http422: Qomon refuses a field; the proxy relays 422 with its errors, and stores nothing', async () => {
    await setFaults({ queue: ['http422'], rejectErrors: [{ location: 'body.data.address.postalcode', message: 'Code postal inconnu' }] });
    const contact = sampleContact();
    const res = await client.postContact(contact);
    expectProblem(res, 422, 'validation');
    expect(res.json.errors).toEqual([
      { location: 'body.data.address.postalcode', message: 'Code postal inconnu', value: contact.data.address?.postalcode },
    ]);
    expect(await storedFor(res.key)).toHaveLength(0);
  });

  it('unauthorized: the proxy answers 502 upstream-refused-api-key', async () => {
    await setFaults({ queue: ['unauthorized'] });
    const res = await client.postContact(sampleContact());
    expectProblem(res, 502, 'upstream-refused-api-key');
  });

  it('reset: the proxy answers 502 and nothing is stored', async () => {
    await setFaults({ queue: ['reset'] });
    const res = await client.postContact(sampleContact());
    expectProblem(res, 502, 'upstream-unavailable');
    expect(await storedFor(res.key)).toHaveLength(0);
  });

  it('cut: stored by the sandbox, 502 from the proxy, and a retry is forwarded and stored again', async () => {
    await setFaults({ queue: ['cut'] });
    const res = await client.postContact(sampleContact());
    expectProblem(res, 502, 'upstream-unavailable');
    expect(await storedFor(res.key)).toHaveLength(1);
    const retried = await client.postContact(sampleContact(), { key: res.key });
    expect(retried.status).toBe(202);
    // By design: the proxy cannot know the cut request was accepted; Qomon's upsert matches the
    // second copy to the first (same mail and names).
    const stored = await storedFor(res.key);
    expect(stored).toHaveLength(2);
    expect(stored[1]!.body).toEqual(stored[0]!.body);
    // The copy whose reply was cut says so; the one answered 202 does not.
    expect(stored.map((c) => c.replyLost)).toEqual([true, false]);
  });

  it('cut: the lost reply is on record in the data folder, so it outlives a restart', async () => {
    await setFaults({ queue: ['cut'] });
    const res = await client.postContact(sampleContact());
    expectProblem(res, 502, 'upstream-unavailable');
    await ts.restart();
    client = ts.client();
    expect((await client.signIn()).status).toBe(200);
    expect((await storedFor(res.key)).map((c) => c.replyLost)).toEqual([true]);
  });

  it('a reply that never left (the proxy gave up first) is recorded as lost, like a cut one', async () => {
    // Latency beyond the proxy's UPSTREAM_TIMEOUT_MS: the proxy answers 504 and closes its
    // connection, then the sandbox stores the contact and has no one left to answer.
    await setFaults({ latencyMs: TIMEOUT_MS + 500 });
    const res = await client.postContact(sampleContact());
    expectProblem(res, 504, 'upstream-timeout');
    await expect.poll(() => storedFor(res.key), { timeout: 5000 }).toHaveLength(1);
    await expect.poll(async () => (await storedFor(res.key))[0]!.replyLost, { timeout: 5000 }).toBe(true);
    await client.request('/sandbox/faults', { method: 'DELETE' });
    const retried = await client.postContact(sampleContact(), { key: res.key });
    expect(retried.status).toBe(202);
    expect((await storedFor(res.key)).map((c) => c.replyLost)).toEqual([true, false]);
  });

  it('rejected and failed requests leave no record, lost reply or not', async () => {
    await setFaults({ queue: ['http500', 'http503', 'http429', 'reset', 'timeout'] });
    const keys: string[] = [];
    for (let i = 0; i < 5; i++) keys.push((await client.postContact(sampleContact())).key);
    for (const key of keys) expect(await storedFor(key)).toEqual([]);
  });

  it('timeout: the proxy answers 504 after UPSTREAM_TIMEOUT_MS', async () => {
    await setFaults({ queue: ['timeout'] });
    const started = Date.now();
    const res = await client.postContact(sampleContact());
    const elapsed = Date.now() - started;
    expectProblem(res, 504, 'upstream-timeout');
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(elapsed).toBeLessThan(TIMEOUT_MS + 3000);
  });

  it('latencyMs delays the answer, and DELETE /sandbox/faults resets everything', async () => {
    await setFaults({ latencyMs: 300, queue: ['http500', 'http500'] });
    const started = Date.now();
    const slow = await client.postContact(sampleContact());
    expect(slow.status).toBe(502);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);

    const cleared = await client.request('/sandbox/faults', { method: 'DELETE' });
    expect(cleared.status).toBe(200);
    expect(cleared.json).toMatchObject({ latencyMs: 0, rate: 0, queue: [] });
    expect((await client.request('/sandbox/faults')).json).toMatchObject({ latencyMs: 0, queue: [] });
    const fast = await client.postContact(sampleContact());
    expect(fast.status).toBe(202);
  });

  it('latencyMs alone: accepted, later', async () => {
    await setFaults({ latencyMs: 250 });
    const started = Date.now();
    const res = await client.postContact(sampleContact());
    expect(res.status).toBe(202);
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
    expect(await storedFor(res.key)).toHaveLength(1);
  });
});

describe('bad input to the listing', () => {
  it.each(['limit=abc', 'limit=0', 'limit=10001', 'after=-1', 'after=1.5', 'key=a&key=b'])(
    'GET /sandbox/contacts?%s is a 400 problem, not a 500',
    async (query) => {
      const before = ts.logs.length;
      const res = await client.request(`/sandbox/contacts?${query}`);
      expectProblem(res, 400, 'malformed-request');
      expect(res.json.errors?.[0]?.location).toMatch(/^query\./);
      expect(ts.logs.slice(before).filter((l) => l.includes('request failed'))).toEqual([]);
    },
  );
});
