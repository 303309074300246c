import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CanvasserDirectory } from '@server/auth/canvasser-directory';
import { ACCEPTED, closedPort, startRecordingServer, type RecordingServer } from '@test-support/recording-server';
import { sampleContact, sampleContactForwarded } from '@test-support/sample-contact';
import { startTestServer, type TestServer } from '@test-support/start-test-server';
import { startTestRedis } from '@test-support/start-test-redis';
import { allResponses, headersText, type TestClient, type TestResponse } from '@test-support/test-client';
import { PROBLEM_BASE, QOMON_KEY } from '@test-support/test-constants';

// POST /api/contacts in qomon mode, against a plain recording HTTP server standing in for Qomon.

const CANVASSER_CODE = 'porte-a-porte-7';
const servers: TestServer[] = [];
const upstreams: RecordingServer[] = [];

async function qomonServer(upstreamUrl: string, env: Record<string, string> = {}) {
  const ts = await startTestServer({ mode: 'qomon', qomonBaseUrl: upstreamUrl, env });
  servers.push(ts);
  await new CanvasserDirectory(ts.env.canvassersFile).add('Jeanne Martin', CANVASSER_CODE);
  const client = ts.client();
  const signedIn = await client.signIn(CANVASSER_CODE);
  expect(signedIn.status).toBe(200);
  return { ts, client, canvasser: signedIn.json.canvasser as { id: string; name: string } };
}

function expectProblem(res: TestResponse, status: number, type?: string) {
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(res.json).toMatchObject({ status, type: expect.any(String), title: expect.any(String) });
  if (type) expect(res.json.type).toBe(PROBLEM_BASE + type);
}

let upstream: RecordingServer;
let ts: TestServer;
let client: TestClient;
let canvasser: { id: string; name: string };

beforeAll(async () => {
  upstream = await startRecordingServer();
  upstreams.push(upstream);
  // A base URL with a path: the upstream path must be appended under it.
  ({ ts, client, canvasser } = await qomonServer(`${upstream.url}/qomon/v1/`, { UPSTREAM_TIMEOUT_MS: '5000' }));
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.cleanup()));
  await Promise.all(upstreams.map((u) => u.close()));
});

describe('forwarding in qomon mode', () => {
  it('forwards the validated contact once to {QOMON_BASE_URL}/contacts/upsert with the Bearer key', async () => {
    upstream.reset();
    const res = await client.postContact(sampleContact());
    expect(res.status, res.text).toBe(202);
    expect(res.json).toEqual({ status: 'accepted', idempotencyKey: res.key });
    expect(upstream.requests).toHaveLength(1);
    const sent = upstream.requests[0]!;
    expect(sent.method).toBe('POST');
    expect(sent.url).toBe('/qomon/v1/contacts/upsert');
    expect(sent.headers.authorization).toBe(`Bearer ${QOMON_KEY}`);
    expect(sent.headers['idempotency-key']).toBe(res.key);
    expect(sent.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(sent.body)).toEqual(sampleContactForwarded(canvasser));
    // Nothing of the canvasser's session goes upstream.
    expect(sent.headers.cookie).toBeUndefined();
  });

  it('sends no proof note for a contact without consent answers', async () => {
    upstream.reset();
    const contact = sampleContact();
    delete contact.data.consents;
    delete contact.consentProof;
    const res = await client.postContact(contact);
    expect(res.status, res.text).toBe(202);
    expect(JSON.parse(upstream.requests[0]!.body).data.notes).toEqual([{ content: 'Rappeler après 18h', pinned: false }]);
  });

  it('lowercases an upper-case Idempotency-Key and forwards it', async () => {
    upstream.reset();
    const key = randomUUID().toUpperCase();
    const res = await client.postContact(sampleContact(), { key });
    expect(res.status).toBe(202);
    expect(upstream.requests[0]!.headers['idempotency-key']).toBe(key.toLowerCase());
  });
});

describe('the answers of POST /api/contacts', () => {
  it('400 on malformed JSON, without forwarding', async () => {
    upstream.reset();
    const res = await client.request('/api/contacts', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: '{"kind": "contact", "data": {',
    });
    expectProblem(res, 400);
    expect(upstream.requests).toHaveLength(0);
  });

  it('400 without an Idempotency-Key, and with one that is not a UUID', async () => {
    upstream.reset();
    const missing = await client.postContact(sampleContact(), { key: null });
    expectProblem(missing, 400, 'malformed-request');
    expect(missing.json.errors[0].location).toBe('header.idempotency-key');
    const notUuid = await client.postContact(sampleContact(), { key: 'contact-1' });
    expectProblem(notUuid, 400, 'malformed-request');
    expect(upstream.requests).toHaveLength(0);
  });

  it('401 without a session, and with a tampered or forged cookie', async () => {
    upstream.reset();
    const anonymous = await client.request('/api/contacts', {
      method: 'POST',
      body: sampleContact(),
      headers: { 'idempotency-key': randomUUID() },
      anonymous: true,
    });
    expectProblem(anonymous, 401, 'unauthenticated');

    const other = ts.client();
    const [payload, signature] = client.cookie!.split('.');
    expect(signature).toBeTruthy();
    // Same signature, another payload (a different expiry): the signature no longer matches.
    const token = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as { c: string; e: number };
    other.cookie = `${Buffer.from(JSON.stringify({ ...token, e: token.e + 1000 })).toString('base64url')}.${signature}`;
    expectProblem(await other.postContact(sampleContact()), 401);
    // An unsigned token.
    other.cookie = Buffer.from(JSON.stringify({ c: token.c, e: Date.now() + 3600_000 })).toString('base64url');
    expectProblem(await other.postContact(sampleContact()), 401);
    // A broken signature.
    other.cookie = `${payload}.${signature!.slice(0, -2)}xx`;
    expectProblem(await other.postContact(sampleContact()), 401);
    expect(upstream.requests).toHaveLength(0);
  });

  it('413 on a body over 256 KiB', async () => {
    upstream.reset();
    const big = sampleContact();
    big.data.notes = [{ content: 'z'.repeat(260 * 1024) }];
    const res = await client.postContact(big);
    expectProblem(res, 413, 'payload-too-large');
    expect(upstream.requests).toHaveLength(0);
  });

  it('415 on text/plain', async () => {
    upstream.reset();
    const res = await client.postContact(JSON.stringify(sampleContact()), { headers: { 'content-type': 'text/plain' } });
    expectProblem(res, 415, 'unsupported-media-type');
    expect(upstream.requests).toHaveLength(0);
  });

  it('422 on an invalid contact, naming each field Qomon-style', async () => {
    upstream.reset();
    const bad = sampleContact();
    bad.data.mail = 'jeanne-at-example';
    bad.data.address.postalcode = '6'.repeat(30);
    bad.data.favourite_colour = 'blue';
    const res = await client.postContact(bad);
    expectProblem(res, 422, 'validation');
    const locations = (res.json.errors as { location: string }[]).map((e) => e.location);
    expect(locations).toEqual(expect.arrayContaining(['body.data.mail', 'body.data.address.postalcode', 'body.data.favourite_colour']));
    const mailError = res.json.errors.find((e: { location: string }) => e.location === 'body.data.mail');
    expect(mailError).toMatchObject({ message: expect.any(String), value: 'jeanne-at-example' });
    expect(upstream.requests).toHaveLength(0);
  });

  it('422 when kind is not contact, at body.kind', async () => {
    const res = await client.postContact({ ...sampleContact(), kind: 'person' });
    expectProblem(res, 422, 'validation');
    expect(res.json.errors.map((e: { location: string }) => e.location)).toContain('body.kind');
  });

  it('422 campaign-mismatch on an unknown consent id or a value not among the options', async () => {
    upstream.reset();
    const unknownConsent = sampleContact();
    unknownConsent.data.consents = [{ id: 999, label: 'Inconnu', value: 'consent_email' }];
    delete unknownConsent.consentProof;
    const r1 = await client.postContact(unknownConsent);
    expectProblem(r1, 422, 'campaign-mismatch');
    expect(r1.json.errors).toEqual([expect.objectContaining({ location: 'body.data.consents.0.id', value: 999 })]);

    const wrongValue = sampleContact();
    wrongValue.data.consents = [{ id: 101, label: 'E-mails', value: 'true' }];
    wrongValue.data.status = [{ id: 301, label: 'Niveau', value: 'enthousiaste' }];
    const r2 = await client.postContact(wrongValue);
    expectProblem(r2, 422, 'campaign-mismatch');
    expect(r2.json.errors.map((e: { location: string }) => e.location)).toEqual(['body.data.consents.0.value', 'body.data.status.0.value']);
    expect(upstream.requests).toHaveLength(0);
  });

  it('422 when the key is reused with another body', async () => {
    upstream.reset();
    const first = await client.postContact(sampleContact());
    expect(first.status).toBe(202);
    const other = sampleContact();
    other.data.firstname = 'Paul';
    const res = await client.postContact(other, { key: first.key });
    expectProblem(res, 422, 'idempotency-key-reused');
    expect(upstream.requests).toHaveLength(1);
  });

  it('409 while the same key is still in flight', async () => {
    upstream.reset();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    upstream.queue(async () => {
      await gate;
      return ACCEPTED;
    });
    const key = randomUUID();
    const first = client.postContact(sampleContact(), { key });
    await upstream.waitForRequests(1);
    const second = await client.postContact(sampleContact(), { key });
    expectProblem(second, 409, 'request-in-flight');
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    release();
    expect((await first).status).toBe(202);
    expect(upstream.requests).toHaveLength(1);
  });

  it('502 when the upstream answers 500, without storing the failure', async () => {
    upstream.reset();
    upstream.queue({ status: 500, body: { title: 'Internal Server Error', status: 500 } });
    const res = await client.postContact(sampleContact());
    expectProblem(res, 502, 'upstream-unavailable');
    expect(upstream.requests).toHaveLength(1);
  });

  it('502 when the upstream drops the connection', async () => {
    upstream.reset();
    upstream.queue('destroy');
    const res = await client.postContact(sampleContact());
    expectProblem(res, 502, 'upstream-unavailable');
  });

  it.each([401, 403])('502 upstream-refused-api-key when the upstream answers %i, telling to see the organiser', async (status) => {
    upstream.reset();
    upstream.queue({ status, body: { type: 'about:blank', title: 'Unauthorized', status, detail: 'Invalid bearer token' } });
    const res = await client.postContact(sampleContact());
    expectProblem(res, 502, 'upstream-refused-api-key');
    expect(res.json.detail).toMatch(/organiser/i);
    expect(res.json.errors).toBeUndefined();
  });

  it('503 with the upstream Retry-After when the upstream rate-limits', async () => {
    upstream.reset();
    upstream.queue({ status: 429, headers: { 'retry-after': '7' }, body: { title: 'Too Many Requests', status: 429 } });
    const res = await client.postContact(sampleContact());
    expectProblem(res, 503, 'upstream-rate-limited');
    expect(res.headers.get('retry-after')).toBe('7');
  });

  it.each([400, 422])('relays an upstream %i as 422 with the upstream errors', async (status) => {
    upstream.reset();
    const errors = [{ location: 'body.data.mail', message: 'is not a valid email', value: 'jeanne.martin@example.fr' }];
    upstream.queue({ status, body: { type: 'about:blank', title: 'Unprocessable Entity', status, detail: 'Validation failed', errors } });
    const res = await client.postContact(sampleContact());
    expectProblem(res, 422);
    expect(res.json.errors).toEqual(errors);
  });
});

describe('idempotency', () => {
  it('replays a finished key with the stored answer and does not forward again', async () => {
    upstream.reset();
    const first = await client.postContact(sampleContact());
    expect(first.status).toBe(202);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const again = await client.postContact(sampleContact(), { key: first.key });
    expect(again.status).toBe(202);
    expect(again.json).toEqual(first.json);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(upstream.requests).toHaveLength(1);
  });

  it('forwards again on retry after an upstream failure', async () => {
    upstream.reset();
    upstream.queue({ status: 500, body: {} });
    const failed = await client.postContact(sampleContact());
    expect(failed.status).toBe(502);
    const retried = await client.postContact(sampleContact(), { key: failed.key });
    expect(retried.status).toBe(202);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
    expect(upstream.requests).toHaveLength(2);
    expect(upstream.requests.map((r) => r.headers['idempotency-key'])).toEqual([failed.key, failed.key]);
  });

  it('forwards again on retry after an upstream 422 (not stored either)', async () => {
    upstream.reset();
    upstream.queue({ status: 422, body: { errors: [] } });
    const failed = await client.postContact(sampleContact());
    expect(failed.status).toBe(422);
    const retried = await client.postContact(sampleContact(), { key: failed.key });
    expect(retried.status).toBe(202);
    expect(upstream.requests).toHaveLength(2);
  });

  it('still replays, and still refuses another body, after a restart on the same DATA_DIR', async () => {
    upstream.reset();
    const first = await client.postContact(sampleContact());
    expect(first.status).toBe(202);
    const oldUrl = ts.url;
    await ts.restart();
    expect(ts.url).not.toBe(oldUrl);
    const again = await client.postContact(sampleContact(), { key: first.key });
    expect(again.status).toBe(202);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.json).toEqual(first.json);
    const other = sampleContact();
    other.data.surname = 'Dupont';
    expectProblem(await client.postContact(other, { key: first.key }), 422, 'idempotency-key-reused');
    expect(upstream.requests).toHaveLength(1);
  });
});

describe('an Idempotency-Key belongs to the canvasser who sent it', () => {
  it.each(['SQLite', 'Redis'])('another canvasser’s key is a new key for them: no stored answer, no body check (%s)', async (store) => {
    const redis = store === 'Redis' ? await startTestRedis() : undefined;
    try {
      const up = await startRecordingServer();
      upstreams.push(up);
      const { ts: server, client: jeanne } = await qomonServer(`${up.url}/qomon/v1`, redis ? { REDIS_URL: redis.url } : {});
      await new CanvasserDirectory(server.env.canvassersFile).add('Paul Bert', 'velo-rouge-42');
      const paul = server.client();
      expect((await paul.signIn('velo-rouge-42')).status).toBe(200);

      const first = await jeanne.postContact(sampleContact());
      expect(first.status).toBe(202);
      // Paul resends Jeanne's key with the same body: his own contact, forwarded, not her stored answer.
      const same = await paul.postContact(sampleContact(), { key: first.key });
      expect(same.status, same.text).toBe(202);
      expect(same.headers.get('idempotent-replayed')).toBeNull();
      // A guess with another body learns nothing either: not the 422 that would confirm the key.
      const other = sampleContact();
      other.data.surname = 'Dupont';
      const guessed = await jeanne.postContact(sampleContact());
      const guess = await paul.postContact(other, { key: guessed.key });
      expect(guess.status, guess.text).toBe(202);
      expect(up.requests).toHaveLength(4);
      // Each canvasser's own retries still replay.
      const replay = await jeanne.postContact(sampleContact(), { key: first.key });
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect((await paul.postContact(sampleContact(), { key: first.key })).headers.get('idempotent-replayed')).toBe('true');
      expectProblem(await jeanne.postContact(other, { key: first.key }), 422, 'idempotency-key-reused');
      expect(up.requests).toHaveLength(4);
    } finally {
      await redis?.stop();
    }
  });
});

describe('limits and failures of other servers', () => {
  it('429 with Retry-After past CONTACTS_PER_MINUTE', async () => {
    const up = await startRecordingServer();
    upstreams.push(up);
    const { client: c } = await qomonServer(up.url, { CONTACTS_PER_MINUTE: '3' });
    for (let i = 0; i < 3; i++) expect((await c.postContact(sampleContact())).status).toBe(202);
    const res = await c.postContact(sampleContact());
    expectProblem(res, 429, 'rate-limited');
    const retryAfter = Number(res.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(up.requests).toHaveLength(3);
  });

  it('by default a canvasser may send 30 contacts a minute: enough at the door, too few to rewrite a space by id', async () => {
    const up = await startRecordingServer();
    upstreams.push(up);
    const { client: c } = await qomonServer(up.url);
    for (let i = 0; i < 30; i++) expect((await c.postContact(sampleContact())).status, `contact ${i + 1}`).toBe(202);
    expectProblem(await c.postContact(sampleContact()), 429, 'rate-limited');
    expect(up.requests).toHaveLength(30);
  });

  it('502 when the upstream is unreachable', async () => {
    const port = await closedPort();
    const { client: c } = await qomonServer(`http://127.0.0.1:${port}`);
    const res = await c.postContact(sampleContact());
    expectProblem(res, 502, 'upstream-unavailable');
  });

  it('504 when the upstream does not answer within UPSTREAM_TIMEOUT_MS, and a retry forwards again', async () => {
    const up = await startRecordingServer();
    upstreams.push(up);
    const { client: c } = await qomonServer(up.url, { UPSTREAM_TIMEOUT_MS: '300' });
    up.queue('hang');
    const started = Date.now();
    const res = await c.postContact(sampleContact());
    expectProblem(res, 504, 'upstream-timeout');
    expect(Date.now() - started).toBeLessThan(5000);
    // No path in this base URL: the request goes to /contacts/upsert.
    expect(up.requests[0]!.url).toBe('/contacts/upsert');
    const retried = await c.postContact(sampleContact(), { key: res.key });
    expect(retried.status).toBe(202);
    expect(up.requests).toHaveLength(2);
  });
});

describe('the API key', () => {
  it('never appears in a response body or header, nor in a log line', () => {
    expect(allResponses.length).toBeGreaterThan(30);
    for (const res of allResponses) {
      expect(res.text).not.toContain(QOMON_KEY);
      expect(headersText(res)).not.toContain(QOMON_KEY);
    }
    const logs = servers.flatMap((s) => s.logs);
    // The log is really collected: each forwarding is logged.
    expect(logs.some((l) => l.includes('"forwarded"'))).toBe(true);
    for (const line of logs) {
      expect(line).not.toContain(QOMON_KEY);
      expect(line).not.toContain('SECRET_abc123');
    }
  });

  it('and the contact’s personal data stays out of the log', () => {
    const logs = servers.flatMap((s) => s.logs).join('\n');
    expect(logs).not.toContain('jeanne.martin@example.fr');
    expect(logs).not.toContain('06 12 34 56 78');
  });
});

describe('the proof of consent answers', () => {
  const minutes = (n: number) => new Date(Date.now() + n * 60_000).toISOString();

  async function forwarded(contact: ReturnType<typeof sampleContact>) {
    upstream.reset();
    const res = await client.postContact(contact);
    expect(res.status, res.text).toBe(202);
    const body = JSON.parse(upstream.requests[0]!.body);
    return { body, proof: body.data.notes.find((n: { pinned: boolean }) => n.pinned) as { content: string } };
  }

  it('reaches Qomon as a pinned note signed with the canvasser of the session, and nothing of consentProof', async () => {
    const { body, proof } = await forwarded(sampleContact());
    expect(body.consentProof).toBeUndefined();
    expect(Object.keys(body)).toEqual(['kind', 'data']);
    expect(proof.content).toContain(`Recueilli par : Jeanne Martin (${canvasser.id})`);
    expect(proof.content).toMatch(/consent_email\) : oui, .*, notice 2027-01/);
  });

  it('keeps the notice version the answer was given under, even an older one than the campaign’s', async () => {
    const contact = sampleContact();
    contact.consentProof = [{ id: 101, answer: 'yes', noticeVersion: '2026-09', at: minutes(-3) }];
    const { proof } = await forwarded(contact);
    expect(proof.content).toContain('notice 2026-09');
    expect(proof.content).not.toContain('2027-01');
  });

  it('refuses a proof that names a canvasser (422 naming it); the session says who collected', async () => {
    upstream.reset();
    for (const claim of ['canvasser', 'canvasserId'] as const) {
      const contact = sampleContact();
      contact.consentProof = [{ id: 101, answer: 'yes', noticeVersion: '2027-01', at: minutes(-1), [claim]: 'c_someone_else' }];
      const res = await client.postContact(contact);
      expectProblem(res, 422, 'validation');
      expect(res.json.errors).toEqual([
        {
          location: `body.consentProof.0.${claim}`,
          message: expect.stringMatching(/set by the server from the session/),
          value: 'c_someone_else',
        },
      ]);
    }
    expect(upstream.requests).toHaveLength(0);
  });

  it('refuses a consent given without its proof, naming the consent', async () => {
    upstream.reset();
    const contact = sampleContact();
    delete contact.consentProof;
    const res = await client.postContact(contact);
    expectProblem(res, 422, 'campaign-mismatch');
    expect(res.json.errors).toEqual([
      { location: 'body.data.consents.0', message: expect.stringMatching(/without its proof/), value: 101 },
    ]);
    expect(upstream.requests).toHaveLength(0);
  });

  it('refuses a proof of yes for a consent not given, and of a consent the campaign does not ask', async () => {
    upstream.reset();
    const contact = sampleContact();
    contact.consentProof = [
      { id: 101, answer: 'yes', noticeVersion: '2027-01', at: minutes(-1) },
      { id: 103, answer: 'yes', noticeVersion: '2027-01', at: minutes(-1) },
      { id: 999, answer: 'no', noticeVersion: '2027-01', at: minutes(-1) },
    ];
    const res = await client.postContact(contact);
    expectProblem(res, 422);
    expect(res.json.errors.map((e: { location: string }) => e.location)).toEqual(['body.consentProof.1.answer', 'body.consentProof.2.id']);
    expect(upstream.requests).toHaveLength(0);
  });

  it('refuses a time with no zone or that is not a time', async () => {
    for (const at of ['2026-12-03T10:00:00', 'yesterday']) {
      const contact = sampleContact();
      contact.consentProof = [{ id: 101, answer: 'yes', noticeVersion: '2027-01', at }];
      const res = await client.postContact(contact);
      expectProblem(res, 422, 'validation');
      expect(res.json.errors[0].location).toBe('body.consentProof.0.at');
    }
  });

  it('bounds the device’s time: more than 400 days ago is refused, ahead of the server is recorded as received', async () => {
    upstream.reset();
    const old = sampleContact();
    old.consentProof = [{ id: 101, answer: 'yes', noticeVersion: '2027-01', at: minutes(-401 * 24 * 60) }];
    const refused = await client.postContact(old);
    expectProblem(refused, 422, 'validation');
    expect(refused.json.errors).toEqual([
      { location: 'body.consentProof.0.at', message: expect.stringMatching(/400 days/), value: old.consentProof[0]!.at },
    ]);
    expect(upstream.requests).toHaveLength(0);

    const ahead = sampleContact();
    const deviceTime = minutes(60);
    ahead.consentProof = [{ id: 101, answer: 'yes', noticeVersion: '2027-01', at: deviceTime }];
    const before = Date.now();
    const { proof } = await forwarded(ahead);
    const line = proof.content.split('\n').find((l) => l.includes('consent_email'))!;
    expect(line).toContain(`l’horloge de l’appareil avançait (${deviceTime})`);
    const recorded = Date.parse(/(\S+), notice/.exec(line)![1]!);
    expect(recorded).toBeGreaterThanOrEqual(before - 1000);
    expect(recorded).toBeLessThanOrEqual(Date.now());

    // A few minutes fast is an ordinary clock: kept as the device said.
    const skewed = sampleContact();
    skewed.consentProof = [{ id: 101, answer: 'yes', noticeVersion: '2027-01', at: minutes(2) }];
    const kept = await forwarded(skewed);
    expect(kept.proof.content).toContain(`oui, ${skewed.consentProof[0]!.at}, notice`);
  });

  it('a retry of the same request replays, though the note is made again at each attempt', async () => {
    upstream.reset();
    const contact = sampleContact();
    const first = await client.postContact(contact);
    expect(first.status).toBe(202);
    const again = await client.postContact(contact, { key: first.key });
    expect(again.status).toBe(202);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(upstream.requests).toHaveLength(1);
  });
});
