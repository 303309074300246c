import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { decodeTurf, type TurfWire } from '@shared/turf-schema';
import { CanvasserDirectory } from '@server/auth/canvasser-directory';
import { openDatabase, type Db } from '@server/stores/open-database';
import { createSqliteTurfStore } from '@server/stores/sqlite-turf-store';
import type { TurfRecord, TurfStore } from '@server/stores/turf-store';
import { startRecordingServer, type RecordingServer } from '@test-support/recording-server';
import { sampleContact } from '@test-support/sample-contact';
import { startTestServer, type TestServer } from '@test-support/start-test-server';
import { tempDir } from '@test-support/temp-dir';
import type { TestClient, TestResponse } from '@test-support/test-client';
import { PROBLEM_BASE } from '@test-support/test-constants';
import { AUTHOR_TOKEN_HEADER, ON_BEHALF_HEADER } from '@shared/on-behalf-headers';
import { postVisit, writeCampaign } from '@test-support/turf-fixtures';
import { sampleDoors } from '@test-support/turf-store-contract';

// The walk-list routes over real HTTP, in qomon mode in front of a recording upstream, on a
// campaign whose "porte_fermee" outcome is also sent to Qomon (sendContact). Turfs are made in the
// server's own SQLite file through a second connection, as `npm run turfs` does.

const CODES = { jeanne: 'jeanne-porte-1', karim: 'karim-porte-2', lea: 'lea-porte-3' };
const AT = '2026-12-03T09:00:00.000Z';

let dir: string;
let upstream: RecordingServer;
let ts: TestServer;
let db: Db;
let store: TurfStore;
let jeanne: TestClient;
let karim: TestClient;
let lea: TestClient;
const ids: Record<keyof typeof CODES, string> = { jeanne: '', karim: '', lea: '' };
/** Jeanne's and Karim's: 5 doors. */
let shared: TurfRecord;
/** Léa's only: 12 doors. */
let leas: TurfRecord;

function expectProblem(res: TestResponse, status: number, type?: string) {
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(res.json).toMatchObject({ status, title: expect.any(String) });
  if (type) expect(res.json.type).toBe(PROBLEM_BASE + type);
}

const locations = (res: TestResponse) => (res.json.errors as { location: string }[]).map((e) => e.location);

/** A GET sent as written (fetch would ask for and undo the compression itself). */
function rawGet(client: TestClient, urlPath: string, headers: Record<string, string>) {
  const { hostname, port } = new URL(ts.url);
  return new Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    const req = http.request(
      { host: hostname, port, path: urlPath, agent: false, headers: { ...headers, cookie: `${client.cookieName}=${client.cookie}` } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function signedIn(code: string): Promise<TestClient> {
  const c = ts.client();
  const res = await c.signIn(code);
  expect(res.status, res.text).toBe(200);
  return c;
}

beforeAll(async () => {
  dir = tempDir('doorstep-turf-routes-');
  upstream = await startRecordingServer();
  const campaignFile = writeCampaign(dir, 'campaign.json', (c) => {
    c.walkList.outcomes.porte_fermee.sendContact = true;
  });
  const canvassersFile = path.join(dir, 'canvassers.json');
  const directory = new CanvasserDirectory(canvassersFile);
  for (const [name, code] of Object.entries(CODES)) ids[name as keyof typeof CODES] = (await directory.add(name, code)).canvasser.id;
  ts = await startTestServer({
    mode: 'qomon',
    qomonBaseUrl: upstream.url,
    env: { CAMPAIGN_FILE: campaignFile, CANVASSERS_FILE: canvassersFile, UPSTREAM_TIMEOUT_MS: '3000' },
  });
  db = openDatabase(ts.dataDir);
  store = createSqliteTurfStore(db);
  shared = await store.createTurf('Gros-Caillou', sampleDoors(5));
  leas = await store.createTurf('Invalides', sampleDoors(12));
  await store.assign(shared.id, ids.jeanne);
  await store.assign(shared.id, ids.karim);
  await store.assign(leas.id, ids.lea);
  // One after the other: the server checks at most two sign-ins from one address at a time.
  jeanne = await signedIn(CODES.jeanne);
  karim = await signedIn(CODES.karim);
  lea = await signedIn(CODES.lea);
});

afterAll(async () => {
  db?.close();
  await ts?.cleanup();
  await upstream?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => upstream.reset());

describe('who sees which turf', () => {
  it('401 without a session, on every route', async () => {
    const anonymous = ts.client();
    expectProblem(await anonymous.request('/api/turfs'), 401, 'unauthenticated');
    expectProblem(await anonymous.request(`/api/turfs/${shared.id}`), 401, 'unauthenticated');
    expectProblem(await postVisit(anonymous, shared.id, { door: '0', outcome: 'absent', at: AT }), 401, 'unauthenticated');
    expect(await store.visitsOf(shared.id)).toEqual([]);
  });

  it('GET /api/turfs lists the canvasser’s own turfs with their progress, not to be cached by others', async () => {
    const res = await jeanne.request('/api/turfs');
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get('cache-control')).toBe('private, no-cache');
    expect(res.json).toEqual({
      turfs: [
        { id: shared.id, name: 'Gros-Caillou', progress: { doors: 5, visited: 0, byState: { todo: 5, absent: 0, done: 0, refused: 0 } } },
      ],
    });
    expect((await lea.request('/api/turfs')).json.turfs.map((t: { id: string }) => t.id)).toEqual([leas.id]);
  });

  it('another canvasser’s turf, and a turf that does not exist, are 404, for reading and for visits', async () => {
    expectProblem(await jeanne.request(`/api/turfs/${leas.id}`), 404, 'not-found');
    expectProblem(await jeanne.request('/api/turfs/t_00000000'), 404, 'not-found');
    expectProblem(await jeanne.request(`/api/turfs/${'x'.repeat(80)}`), 404, 'not-found');
    expectProblem(await postVisit(jeanne, leas.id, { door: '0', outcome: 'absent', at: AT }), 404, 'not-found');
    expectProblem(await postVisit(jeanne, 't_00000000', { door: '0', outcome: 'absent', at: AT }), 404, 'not-found');
    expect(await store.visitsOf(leas.id)).toEqual([]);
  });

  it('an unassigned canvasser loses the turf at once', async () => {
    const extra = await store.createTurf('Temporaire', sampleDoors(1));
    await store.assign(extra.id, ids.karim);
    expect((await karim.request(`/api/turfs/${extra.id}`)).status).toBe(200);
    await store.unassign(extra.id, ids.karim);
    expectProblem(await karim.request(`/api/turfs/${extra.id}`), 404);
    expect((await karim.request('/api/turfs')).json.turfs.map((t: { id: string }) => t.id)).toEqual([shared.id]);
    await store.removeTurf(extra.id);
  });
});

describe('GET /api/turfs/:turfId', () => {
  it('sends the doors in walking order, decoding to the imported addresses, with an ETag from the version', async () => {
    const res = await jeanne.request(`/api/turfs/${shared.id}`);
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get('cache-control')).toBe('private, no-cache');
    const wire = res.json as TurfWire;
    expect(res.headers.get('etag')).toBe(`"${wire.version}"`);
    const turf = decodeTurf(wire);
    expect(turf.doors.map((d) => d.address)).toEqual(sampleDoors(5));
    expect(turf).toMatchObject({ id: shared.id, name: 'Gros-Caillou' });
    // Two streets: two places, sent once each.
    expect(wire.places).toHaveLength(2);
  });

  it('is gzipped for a client that takes gzip, and plain JSON for one that does not', async () => {
    const plain = await rawGet(jeanne, `/api/turfs/${shared.id}`, {});
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/accept-encoding/i);
    const turf = JSON.parse(plain.body.toString('utf8')) as TurfWire;
    for (const accept of ['gzip, deflate, br', 'br;q=1.0, gzip;q=0.8', '*']) {
      const zipped = await rawGet(jeanne, `/api/turfs/${shared.id}`, { 'accept-encoding': accept });
      expect(zipped.headers['content-encoding'], accept).toBe('gzip');
      expect(zipped.headers['content-type']).toMatch(/^application\/json/);
      expect(zipped.headers.etag).toBe(plain.headers.etag);
      expect(JSON.parse(gunzipSync(zipped.body).toString('utf8'))).toEqual(turf);
    }
    const refused = await rawGet(jeanne, `/api/turfs/${shared.id}`, { 'accept-encoding': 'gzip;q=0, br' });
    expect(refused.headers['content-encoding']).toBeUndefined();
  });

  it('If-None-Match with the current ETag is 304 without a body; a visit changes the ETag', async () => {
    const first = await jeanne.request(`/api/turfs/${shared.id}`);
    const etag = first.headers.get('etag')!;
    const again = await jeanne.request(`/api/turfs/${shared.id}`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    expect((await jeanne.request(`/api/turfs/${shared.id}`, { headers: { 'if-none-match': `"stale", W/${etag}` } })).status).toBe(304);
    expect((await jeanne.request(`/api/turfs/${shared.id}`, { headers: { 'if-none-match': '"stale"' } })).status).toBe(200);

    const door = (first.json as TurfWire).doors[4]!.id;
    expect((await postVisit(karim, shared.id, { door, outcome: 'refus', at: AT })).status).toBe(202);
    const changed = await jeanne.request(`/api/turfs/${shared.id}`, { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect((changed.json as TurfWire).visits[door]).toMatchObject({ outcome: 'refus', state: 'refused' });
  });
});

describe('POST /api/turfs/:turfId/visits: checks', () => {
  it('422 naming body.door for a door of another turf, or none', async () => {
    // Léa's turf has doors up to "b"; Jeanne's has five.
    for (const door of ['b', 'zz']) {
      const res = await postVisit(jeanne, shared.id, { door, outcome: 'absent', at: AT });
      expectProblem(res, 422, 'campaign-mismatch');
      expect(locations(res)).toEqual(['body.door']);
      expect(res.json.errors[0].value).toBe(door);
    }
  });

  it('422 naming body.outcome for an outcome that is not a walk-list option', async () => {
    const res = await postVisit(jeanne, shared.id, { door: '0', outcome: 'chez_le_voisin', at: AT });
    expectProblem(res, 422, 'campaign-mismatch');
    expect(locations(res)).toEqual(['body.outcome']);
    expect(res.json.errors[0].message).toContain('Résultat à la porte');
    const both = await postVisit(jeanne, shared.id, { door: 'zz', outcome: 'chez_le_voisin', at: AT });
    expect(locations(both)).toEqual(['body.door', 'body.outcome']);
  });

  it('422 naming each field of a malformed visit', async () => {
    const res = await postVisit(jeanne, shared.id, { door: '', outcome: 'absent', at: 'yesterday', extra: 1 });
    expectProblem(res, 422, 'validation');
    expect(locations(res)).toEqual(expect.arrayContaining(['body.door', 'body.at', 'body.extra']));
  });

  it('400 on a missing or malformed key and on malformed JSON; 415 on text; 413 on a huge body', async () => {
    const body = { door: '0', outcome: 'absent', at: AT };
    const missing = await postVisit(jeanne, shared.id, body, { key: null });
    expectProblem(missing, 400, 'malformed-request');
    expect(locations(missing)).toEqual(['header.idempotency-key']);
    expectProblem(await postVisit(jeanne, shared.id, body, { key: 'visit-1' }), 400, 'malformed-request');
    expectProblem(await postVisit(jeanne, shared.id, '{"door":', { headers: { 'content-type': 'application/json' } }), 400);
    expectProblem(await postVisit(jeanne, shared.id, JSON.stringify(body), { headers: { 'content-type': 'text/plain' } }), 415);
    expectProblem(await postVisit(jeanne, shared.id, { ...body, outcome: 'x'.repeat(300 * 1024) }), 413, 'payload-too-large');
    expect(await store.visitsOf(shared.id)).toHaveLength(1);
  });
});

describe('POST /api/turfs/:turfId/visits: recording', () => {
  it('202 with the door’s state; the visit is recorded with its canvasser and times', async () => {
    const before = Date.now();
    const res = await postVisit(jeanne, shared.id, { door: '1', outcome: 'absent', at: AT });
    expect(res.status, res.text).toBe(202);
    expect(res.json).toEqual({ door: '1', state: { outcome: 'absent', state: 'absent', at: AT, visits: 1 } });
    const recorded = (await store.visitsOf(shared.id)).filter((v) => v.door === '1');
    expect(recorded).toEqual([
      { turfId: shared.id, door: '1', outcome: 'absent', state: 'absent', canvasserId: ids.jeanne, at: AT, receivedAt: expect.any(String) },
    ]);
    expect(Date.parse(recorded[0]!.receivedAt)).toBeGreaterThanOrEqual(before - 1000);
    // No empty contact in Qomon for a door with no one.
    expect(upstream.requests).toHaveLength(0);
  });

  it('the same key twice records one visit and replays the answer; with another body it is 422', async () => {
    const body = { door: '2', outcome: 'deja_rencontre', at: AT };
    const first = await postVisit(jeanne, shared.id, body);
    expect(first.status, first.text).toBe(202);
    const retry = await postVisit(jeanne, shared.id, body, { key: first.key });
    expect(retry.status).toBe(202);
    expect(retry.json).toEqual(first.json);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    const other = await postVisit(jeanne, shared.id, { ...body, outcome: 'refus' }, { key: first.key });
    expectProblem(other, 422, 'idempotency-key-reused');
    expect((await store.visitsOf(shared.id)).filter((v) => v.door === '2')).toHaveLength(1);
  });

  it('the same key sent many times at once records one visit', async () => {
    const key = randomUUID();
    const body = { door: '3', outcome: 'absent', at: AT };
    const answers = await Promise.all(Array.from({ length: 6 }, () => postVisit(jeanne, shared.id, body, { key })));
    for (const a of answers) expect([202, 409]).toContain(a.status);
    expect(answers.some((a) => a.status === 202)).toBe(true);
    expect((await store.visitsOf(shared.id)).filter((v) => v.door === '3')).toHaveLength(1);
  });

  it('a visit key cannot collide with a contact key', async () => {
    const contact = await jeanne.postContact(sampleContact());
    expect(contact.status, contact.text).toBe(202);
    const visit = await postVisit(jeanne, shared.id, { door: '3', outcome: 'refus', at: '2026-12-03T09:05:00Z' }, { key: contact.key });
    expect(visit.status, visit.text).toBe(202);
    expect(visit.json.door).toBe('3');
  });

  it('two canvassers on one turf see each other’s visits; a door visited twice keeps both and shows the latest', async () => {
    const early = await postVisit(karim, shared.id, { door: '0', outcome: 'absent', at: '2026-12-03T10:00:00+01:00' });
    expect(early.status).toBe(202);
    const late = await postVisit(jeanne, shared.id, { door: '0', outcome: 'present', at: '2026-12-03T09:30:00Z' });
    expect(late.json.state).toEqual({ outcome: 'present', state: 'done', at: '2026-12-03T09:30:00Z', visits: 2 });
    // Karim's device was offline: its visit from before arrives last, and the door keeps the later one.
    const offline = await postVisit(karim, shared.id, { door: '0', outcome: 'refus', at: '2026-12-03T08:00:00Z' });
    expect(offline.json.state).toEqual({ outcome: 'present', state: 'done', at: '2026-12-03T09:30:00Z', visits: 3 });

    for (const c of [jeanne, karim]) {
      const wire = (await c.request(`/api/turfs/${shared.id}`)).json as TurfWire;
      expect(wire.visits['0']).toEqual({ outcome: 'present', state: 'done', at: '2026-12-03T09:30:00Z', visits: 3 });
    }
    const door0 = (await store.visitsOf(shared.id)).filter((v) => v.door === '0');
    expect(door0.map((v) => [v.canvasserId, v.outcome])).toEqual([
      [ids.karim, 'absent'],
      [ids.jeanne, 'present'],
      [ids.karim, 'refus'],
    ]);
  });

  it('the progress counts each door by its latest state', async () => {
    // By now: 0 present (done), 1 absent, 2 deja_rencontre (done), 3 refus (refused, latest), 4 refus (refused).
    const res = await karim.request('/api/turfs');
    expect(res.json.turfs).toEqual([
      { id: shared.id, name: 'Gros-Caillou', progress: { doors: 5, visited: 5, byState: { todo: 0, absent: 1, done: 2, refused: 2 } } },
    ]);
    // Léa's turf is untouched.
    expect((await lea.request('/api/turfs')).json.turfs[0].progress).toEqual({
      doors: 12,
      visited: 0,
      byState: { todo: 12, absent: 0, done: 0, refused: 0 },
    });
  });
});

describe('an outcome with sendContact', () => {
  it('forwards one address-only contact carrying the outcome, then records the visit; a retry forwards nothing', async () => {
    const res = await postVisit(lea, leas.id, { door: '3', outcome: 'porte_fermee', at: AT });
    expect(res.status, res.text).toBe(202);
    expect(upstream.requests).toHaveLength(1);
    const sent = upstream.requests[0]!;
    expect(sent.url).toBe('/contacts/upsert');
    expect(sent.headers['idempotency-key']).toBe(res.key);
    expect(JSON.parse(sent.body)).toEqual({
      kind: 'contact',
      data: {
        address: sampleDoors(12)[3],
        name_presences: [{ id: 201, label: 'Résultat à la porte', value: 'porte_fermee' }],
      },
    });
    expect((await postVisit(lea, leas.id, { door: '3', outcome: 'porte_fermee', at: AT }, { key: res.key })).status).toBe(202);
    expect(upstream.requests).toHaveLength(1);
    expect((await store.visitsOf(leas.id)).filter((v) => v.door === '3')).toHaveLength(1);
  });

  it('an upstream 500 answers 502 and records nothing; the retry forwards again and records once', async () => {
    upstream.queue({ status: 500, body: { title: 'boom' } });
    const body = { door: '4', outcome: 'porte_fermee', at: AT };
    const failed = await postVisit(lea, leas.id, body);
    expectProblem(failed, 502, 'upstream-unavailable');
    expect((await store.visitsOf(leas.id)).filter((v) => v.door === '4')).toEqual([]);
    const retry = await postVisit(lea, leas.id, body, { key: failed.key });
    expect(retry.status, retry.text).toBe(202);
    expect(upstream.requests).toHaveLength(2);
    expect((await store.visitsOf(leas.id)).filter((v) => v.door === '4')).toHaveLength(1);
  });

  it('an upstream 429 answers 503 with Retry-After, and a timeout 504; neither records', async () => {
    upstream.queue({ status: 429, headers: { 'retry-after': '7' } }, 'hang');
    const limited = await postVisit(lea, leas.id, { door: '5', outcome: 'porte_fermee', at: AT });
    expectProblem(limited, 503, 'upstream-rate-limited');
    expect(limited.headers.get('retry-after')).toBe('7');
    expectProblem(await postVisit(lea, leas.id, { door: '5', outcome: 'porte_fermee', at: AT }), 504, 'upstream-timeout');
    expect((await store.visitsOf(leas.id)).filter((v) => v.door === '5')).toEqual([]);
  });
});

describe('limits and campaigns without walk lists', () => {
  it('429 once a canvasser sends more visits a minute than CONTACTS_PER_MINUTE', async () => {
    let extraDb: Db | undefined;
    const limited = await startTestServer({
      mode: 'qomon',
      qomonBaseUrl: upstream.url,
      dataDir: tempDir('doorstep-turf-limit-'),
      env: { CANVASSERS_FILE: path.join(dir, 'canvassers.json'), CONTACTS_PER_MINUTE: '2' },
    });
    try {
      const turfs = createSqliteTurfStore((extraDb = openDatabase(limited.dataDir)));
      const turf = await turfs.createTurf('A', sampleDoors(3));
      await turfs.assign(turf.id, ids.jeanne);
      const c = limited.client();
      await c.signIn(CODES.jeanne);
      const answers = [];
      for (let i = 0; i < 3; i++) answers.push(await postVisit(c, turf.id, { door: String(i), outcome: 'absent', at: AT }));
      expect(answers.map((a) => a.status)).toEqual([202, 202, 429]);
      expectProblem(answers[2]!, 429, 'rate-limited');
      expect(Number(answers[2]!.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await turfs.visitsOf(turf.id)).toHaveLength(2);
    } finally {
      extraDb?.close();
      await limited.cleanup();
      rmSync(limited.dataDir, { recursive: true, force: true });
    }
  });

  it('a campaign without walkList lists no turfs, and answers 404 saying so for a turf or a visit', async () => {
    let extraDb: Db | undefined;
    const plain = await startTestServer({
      mode: 'qomon',
      qomonBaseUrl: upstream.url,
      dataDir: tempDir('doorstep-turf-plain-'),
      env: {
        CANVASSERS_FILE: path.join(dir, 'canvassers.json'),
        CAMPAIGN_FILE: writeCampaign(dir, 'no-walk-list.json', (c) => delete c.walkList),
      },
    });
    try {
      const turfs = createSqliteTurfStore((extraDb = openDatabase(plain.dataDir)));
      const turf = await turfs.createTurf('A', sampleDoors(3));
      await turfs.assign(turf.id, ids.jeanne);
      const c = plain.client();
      await c.signIn(CODES.jeanne);
      expect((await c.request('/api/turfs')).json).toEqual({ turfs: [] });
      const one = await c.request(`/api/turfs/${turf.id}`);
      expectProblem(one, 404, 'not-found');
      expect(one.json.detail).toMatch(/no walk lists/i);
      const visit = await postVisit(c, turf.id, { door: '0', outcome: 'absent', at: AT });
      expectProblem(visit, 404, 'not-found');
      expect(visit.json.detail).toMatch(/walkList/);
      expect(await turfs.visitsOf(turf.id)).toEqual([]);
    } finally {
      extraDb?.close();
      await plain.cleanup();
      rmSync(plain.dataDir, { recursive: true, force: true });
    }
  });
});

describe('a visit queued by another canvasser on a shared tablet', () => {
  it('goes with the author token: recorded under its author, on the author’s turf; a forged token is 403 and records nothing', async () => {
    const tablet = ts.client();
    const leaSignIn = await tablet.signIn(CODES.lea);
    expect(leaSignIn.status, leaSignIn.text).toBe(200);
    await tablet.request('/api/session', { method: 'DELETE' });
    expect((await tablet.signIn(CODES.jeanne)).status).toBe(200);
    const onBehalf = (token: string) => ({ [ON_BEHALF_HEADER]: ids.lea, [AUTHOR_TOKEN_HEADER]: token });

    const forged = await postVisit(tablet, leas.id, { door: '9', outcome: 'absent', at: AT }, { headers: onBehalf('author.x.y') });
    expectProblem(forged, 403, 'on-behalf-refused');
    expect((await store.visitsOf(leas.id)).filter((v) => v.door === '9')).toEqual([]);

    // Léa's turf, not Jeanne's: the visit is Léa's, checked and recorded as hers.
    const res = await postVisit(
      tablet,
      leas.id,
      { door: '9', outcome: 'absent', at: AT },
      { headers: onBehalf(leaSignIn.json.authorToken) },
    );
    expect(res.status, res.text).toBe(202);
    expect((await store.visitsOf(leas.id)).filter((v) => v.door === '9').map((v) => v.canvasserId)).toEqual([ids.lea]);
  });
});
