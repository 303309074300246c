import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TurfWire } from '@shared/turf-schema';
import { CanvasserDirectory } from '@server/auth/canvasser-directory';
import { createRedisTurfStore } from '@server/stores/redis-turf-store';
import type { TurfStore } from '@server/stores/turf-store';
import { EXAMPLE_TURF_FILE } from '@server/turfs/seed-sandbox-turf';
import { runTsx } from '@test-support/child-process';
import { startRecordingServer, type RecordingServer } from '@test-support/recording-server';
import { startTestRedis, type TestRedis } from '@test-support/start-test-redis';
import { startTestServer, type TestServer } from '@test-support/start-test-server';
import { tempDir } from '@test-support/temp-dir';
import type { TestClient } from '@test-support/test-client';
import { PROBLEM_BASE, QOMON_KEY, TEST_SESSION_SECRET } from '@test-support/test-constants';
import { postVisit, writeCampaign } from '@test-support/turf-fixtures';

// Walk lists with several instances: two servers on two ports (each its own DATA_DIR) share one
// Redis, as behind a load balancer; the turf is imported and assigned by `npm run turfs` with the
// same REDIS_URL. Each canvasser sees the other's visits whichever instance recorded them.

const CODES = { jeanne: 'jeanne-porte-1', karim: 'karim-porte-2' };
const AT = '2026-12-03T09:00:00.000Z';

let redis: TestRedis;
let upstream: RecordingServer;
let shared: string;
let a: TestServer;
let b: TestServer;
let store: TurfStore;
let turfId: string;
let jeanneOnA: TestClient;
let karimOnB: TestClient;
const ids = { jeanne: '', karim: '' };

async function signedIn(on: TestServer, code: string): Promise<TestClient> {
  const c = on.client();
  const res = await c.signIn(code);
  expect(res.status, res.text).toBe(200);
  return c;
}

/** A client of `on` carrying the cookie another client got (the load balancer sent it elsewhere). */
function sameCookieOn(on: TestServer, from: TestClient): TestClient {
  const c = on.client();
  c.cookie = from.cookie;
  return c;
}

const visitsOfDoor = async (door: string) => (await store.visitsOf(turfId)).filter((v) => v.door === door);

beforeAll(async () => {
  [redis, upstream] = await Promise.all([startTestRedis({ password: 'redis-PASSWORD-1' }), startRecordingServer()]);
  shared = tempDir('doorstep-turfs-scale-');
  const canvassersFile = path.join(shared, 'canvassers.json');
  const dir = new CanvasserDirectory(canvassersFile);
  for (const [name, code] of Object.entries(CODES)) ids[name as keyof typeof CODES] = (await dir.add(name, code)).canvasser.id;
  const campaignFile = writeCampaign(shared, 'campaign.json', (c) => {
    c.walkList.outcomes.porte_fermee.sendContact = true;
  });
  const env = { REDIS_URL: redis.url, CANVASSERS_FILE: canvassersFile, CAMPAIGN_FILE: campaignFile };
  const instance = () => startTestServer({ mode: 'qomon', qomonBaseUrl: upstream.url, env: { ...env, UPSTREAM_TIMEOUT_MS: '3000' } });
  [a, b] = await Promise.all([instance(), instance()]);
  expect(a.dataDir).not.toBe(b.dataDir);

  const cliEnv = { ...env, DATA_DIR: path.join(shared, 'cli-data'), QOMON_API_KEY: QOMON_KEY, SESSION_SECRET: TEST_SESSION_SECRET };
  const imported = await runTsx('src/server/cli/turfs-cli.ts', ['import', EXAMPLE_TURF_FILE, '--name', 'Gros-Caillou'], cliEnv);
  expect(imported.code, imported.stderr).toBe(0);
  turfId = /Imported (t_[0-9a-f]+)/.exec(imported.stdout)![1]!;
  const assigned = await Promise.all(
    [ids.jeanne, ids.karim].map((id) => runTsx('src/server/cli/turfs-cli.ts', ['assign', turfId, id], cliEnv)),
  );
  for (const r of assigned) expect(r.code, r.stderr).toBe(0);

  store = createRedisTurfStore(redis.client);
  [jeanneOnA, karimOnB] = await Promise.all([signedIn(a, CODES.jeanne), signedIn(b, CODES.karim)]);
});

afterAll(async () => {
  await Promise.all([a, b].map((s) => s?.cleanup()));
  await upstream?.close();
  await redis?.stop();
  if (shared) rmSync(shared, { recursive: true, force: true });
});

beforeEach(() => upstream.reset());

describe('two instances sharing one Redis', () => {
  it('both list the turf the command imported and assigned, with the same doors and ETag', async () => {
    const [onA, onB] = await Promise.all([jeanneOnA.request('/api/turfs'), karimOnB.request('/api/turfs')]);
    expect(onA.json.turfs.map((t: { id: string }) => t.id)).toEqual([turfId]);
    expect(onB.json).toEqual(onA.json);
    const [turfA, turfB] = await Promise.all([jeanneOnA.request(`/api/turfs/${turfId}`), karimOnB.request(`/api/turfs/${turfId}`)]);
    expect(turfA.status, turfA.text).toBe(200);
    expect(turfB.json).toEqual(turfA.json);
    expect(turfB.headers.get('etag')).toBe(turfA.headers.get('etag'));
  });

  it('a visit recorded on one instance shows on the other, and changes its ETag there', async () => {
    const before = await karimOnB.request(`/api/turfs/${turfId}`);
    const etag = before.headers.get('etag')!;
    const door = (before.json as TurfWire).doors[0]!.id;
    expect((await postVisit(jeanneOnA, turfId, { door, outcome: 'absent', at: AT })).status).toBe(202);
    const after = await karimOnB.request(`/api/turfs/${turfId}`, { headers: { 'if-none-match': etag } });
    expect(after.status).toBe(200);
    expect((after.json as TurfWire).visits[door]).toEqual({ outcome: 'absent', state: 'absent', at: AT, visits: 1 });
    // Karim goes back later, on the other instance: both visits kept, the later shows everywhere.
    const later = await postVisit(karimOnB, turfId, { door, outcome: 'present', at: '2026-12-03T10:00:00Z' });
    expect(later.json.state).toEqual({ outcome: 'present', state: 'done', at: '2026-12-03T10:00:00Z', visits: 2 });
    expect(((await jeanneOnA.request(`/api/turfs/${turfId}`)).json as TurfWire).visits[door]).toMatchObject({ outcome: 'present' });
    expect((await visitsOfDoor(door)).map((v) => v.canvasserId)).toEqual([ids.jeanne, ids.karim]);
    const progress = (await jeanneOnA.request('/api/turfs')).json.turfs[0].progress;
    expect(progress).toMatchObject({ visited: 1, byState: { done: 1, absent: 0 } });
  });

  it('a retry landing on the other instance replays the answer and records nothing twice', async () => {
    const body = { door: '1', outcome: 'refus', at: AT };
    const first = await postVisit(jeanneOnA, turfId, body);
    expect(first.status, first.text).toBe(202);
    const retry = await postVisit(sameCookieOn(b, jeanneOnA), turfId, body, { key: first.key });
    expect(retry.status).toBe(202);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.json).toEqual(first.json);
    expect(await visitsOfDoor('1')).toHaveLength(1);
  });

  it('the same key sent to both at once records one visit', async () => {
    const key = randomUUID();
    const body = { door: '2', outcome: 'absent', at: AT };
    const answers = await Promise.all(
      [a, b, a, b].map((on) => postVisit(on === a ? jeanneOnA : sameCookieOn(b, jeanneOnA), turfId, body, { key })),
    );
    for (const r of answers) expect([202, 409]).toContain(r.status);
    expect(await visitsOfDoor('2')).toHaveLength(1);
  });

  it('a visit sent to Qomon that fails on one instance is forwarded again by a retry on the other, and recorded once', async () => {
    upstream.queue({ status: 503, body: {} });
    const body = { door: '3', outcome: 'porte_fermee', at: AT };
    const failed = await postVisit(jeanneOnA, turfId, body);
    expect(failed.status, failed.text).toBe(502);
    expect(failed.json.type).toBe(PROBLEM_BASE + 'upstream-unavailable');
    expect(await visitsOfDoor('3')).toEqual([]);
    const retry = await postVisit(sameCookieOn(b, jeanneOnA), turfId, body, { key: failed.key });
    expect(retry.status, retry.text).toBe(202);
    expect(upstream.requests).toHaveLength(2);
    expect(upstream.requests.map((r) => JSON.parse(r.body).data.name_presences[0].value)).toEqual(['porte_fermee', 'porte_fermee']);
    expect(await visitsOfDoor('3')).toHaveLength(1);
  });

  it('while Redis is down the turf routes answer 503 with Retry-After, and work again once it is back', async () => {
    await redis.kill();
    for (const res of [
      await jeanneOnA.request('/api/turfs'),
      await postVisit(jeanneOnA, turfId, { door: '4', outcome: 'absent', at: AT }),
    ]) {
      expect(res.status, res.text).toBe(503);
      expect(res.headers.get('retry-after')).toBeTruthy();
    }
    await redis.start();
    // A Redis without persistence comes back empty: no turf any more, but an answer.
    await expect.poll(async () => (await jeanneOnA.request('/api/turfs')).status, { timeout: 10_000, interval: 200 }).toBe(200);
  });
});
