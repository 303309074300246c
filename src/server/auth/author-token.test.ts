import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CanvasserDirectory } from '@server/auth/canvasser-directory';
import { AUTHOR_TOKEN_HEADER, ON_BEHALF_HEADER } from '@shared/on-behalf-headers';
import { startRecordingServer, type RecordingServer } from '@test-support/recording-server';
import { sampleContact } from '@test-support/sample-contact';
import { sleep } from '@test-support/sleep';
import { startTestServer, type TestServer } from '@test-support/start-test-server';
import type { TestClient, TestResponse } from '@test-support/test-client';
import { DEMO_CODE, PROBLEM_BASE } from '@test-support/test-constants';

// A shared tablet: canvasser A queues contacts, signs out, B signs in on the same device and the
// drain sends A's contacts under B's session with A's author token. Over real HTTP on loopback,
// against a recording upstream: what is forwarded, under whose idempotency scope, and what is
// refused (a forged token, an expired one, one made for another device or another canvasser).

const CODES = { anne: 'porte-anne-4821', bruno: 'porte-bruno-9357' };
let ts: TestServer;
let upstream: RecordingServer;
let directory: CanvasserDirectory;
const ids = { anne: '', bruno: '' };

beforeAll(async () => {
  upstream = await startRecordingServer();
  ts = await startTestServer({ mode: 'qomon', qomonBaseUrl: upstream.url, env: { UPSTREAM_TIMEOUT_MS: '3000' } });
  directory = new CanvasserDirectory(ts.env.canvassersFile);
  ids.anne = (await directory.add('Anne Morel', CODES.anne)).canvasser.id;
  ids.bruno = (await directory.add('Bruno Petit', CODES.bruno)).canvasser.id;
});

afterAll(async () => {
  await ts?.cleanup();
  await upstream?.close();
});

beforeEach(() => upstream.reset());

function expectRefused(res: TestResponse) {
  expect(res.status, res.text).toBe(403);
  expect(res.json.type).toBe(PROBLEM_BASE + 'on-behalf-refused');
  expect(upstream.requests).toHaveLength(0);
}

/** One tablet: Anne signs in (and gets her author token), then Bruno signs in on it. */
async function handedOver(): Promise<{ tablet: TestClient; anneToken: string; brunoToken: string }> {
  const tablet = ts.client();
  const anne = await tablet.signIn(CODES.anne);
  expect(anne.status, anne.text).toBe(200);
  expect(anne.json.authorToken).toEqual(expect.any(String));
  expect((await tablet.request('/api/session', { method: 'DELETE' })).status).toBe(204);
  const bruno = await tablet.signIn(CODES.bruno);
  expect(bruno.status, bruno.text).toBe(200);
  return { tablet, anneToken: anne.json.authorToken as string, brunoToken: bruno.json.authorToken as string };
}

const onBehalf = (author: string, token: string | undefined) => ({
  [ON_BEHALF_HEADER]: author,
  ...(token === undefined ? {} : { [AUTHOR_TOKEN_HEADER]: token }),
});

/** The device cookie's random id, as the server signed it (value.signature). */
function deviceIdOf(client: TestClient): string {
  const value = decodeURIComponent(client.device!);
  const payload = value.slice(0, value.lastIndexOf('.'));
  return (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { d: string }).d;
}

describe('an item sent for another canvasser (a shared tablet)', () => {
  it('with the author token of this device: forwarded once, under the author; the author resending it later is a replay', async () => {
    const { tablet, anneToken } = await handedOver();
    const key = randomUUID();
    const sent = await tablet.postContact(sampleContact(), { key, headers: onBehalf(ids.anne, anneToken) });
    expect(sent.status, sent.text).toBe(202);
    expect(upstream.requests).toHaveLength(1);

    // Anne's scope holds the key: her own later send of it (the same item, from her own session)
    // gets the stored answer and reaches Qomon no second time.
    expect((await tablet.signIn(CODES.anne)).status).toBe(200);
    const again = await tablet.postContact(sampleContact(), { key });
    expect(again.status, again.text).toBe(202);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(upstream.requests).toHaveLength(1);
    // The log names the author and the session that carried it; never the token.
    const line = ts.logs.find((l) => l.includes(key) && l.includes('"forwarded"'));
    expect(line).toContain(`"canvasser":"${ids.anne}"`);
    expect(line).toContain(`"sentBy":"${ids.bruno}"`);
    expect(ts.logs.join('\n')).not.toContain(anneToken);
  });

  it('without a token, or with a forged one: 403, nothing forwarded', async () => {
    const { tablet, anneToken } = await handedOver();
    expectRefused(await tablet.postContact(sampleContact(), { headers: onBehalf(ids.anne, undefined) }));
    const tampered = anneToken.slice(0, 10) + (anneToken[10] === 'A' ? 'B' : 'A') + anneToken.slice(11);
    expectRefused(await tablet.postContact(sampleContact(), { headers: onBehalf(ids.anne, tampered) }));
    // A signed value of another kind (the session cookie itself) is no author token.
    expectRefused(await tablet.postContact(sampleContact(), { headers: onBehalf(ids.anne, decodeURIComponent(tablet.cookie!)) }));
  });

  it('with the token of another canvasser than the one named: 403', async () => {
    const { tablet, brunoToken } = await handedOver();
    expectRefused(await tablet.postContact(sampleContact(), { headers: onBehalf(ids.anne, brunoToken) }));
  });

  it('with an expired token: 403', async () => {
    const { tablet } = await handedOver();
    const claims = { c: ids.anne, d: deviceIdOf(tablet), e: Date.now() - 1000 };
    const expired = ts.server.app.signCookie('author.' + Buffer.from(JSON.stringify(claims)).toString('base64url'));
    expectRefused(await tablet.postContact(sampleContact(), { headers: onBehalf(ids.anne, expired) }));
    // The same claims unexpired pass: it is the expiry that was refused.
    const fresh = ts.server.app.signCookie(
      'author.' + Buffer.from(JSON.stringify({ ...claims, e: Date.now() + 60_000 })).toString('base64url'),
    );
    expect((await tablet.postContact(sampleContact(), { headers: onBehalf(ids.anne, fresh) })).status).toBe(202);
  });

  it('with a token made for another device: 403', async () => {
    const { anneToken } = await handedOver();
    const other = ts.client();
    expect((await other.signIn(CODES.bruno)).status).toBe(200);
    expectRefused(await other.postContact(sampleContact(), { headers: onBehalf(ids.anne, anneToken) }));
  });

  it('naming the signed-in canvasser: an ordinary send', async () => {
    const { tablet, brunoToken } = await handedOver();
    const res = await tablet.postContact(sampleContact(), { headers: onBehalf(ids.bruno, brunoToken) });
    expect(res.status, res.text).toBe(202);
  });

  it('of a canvasser removed since: still delivered (collected while they could sign in), and logged', async () => {
    const carla = await directory.add('Carla Roux', 'porte-carla-6142');
    const tablet = ts.client();
    const signedIn = await tablet.signIn(carla.code);
    expect(signedIn.status, signedIn.text).toBe(200);
    await tablet.request('/api/session', { method: 'DELETE' });
    expect((await tablet.signIn(CODES.bruno)).status).toBe(200);
    directory.remove(carla.canvasser.id);
    // The server's directory re-reads the file within a second.
    await sleep(1200);
    const key = randomUUID();
    const res = await tablet.postContact(sampleContact(), {
      key,
      headers: onBehalf(carla.canvasser.id, signedIn.json.authorToken as string),
    });
    expect(res.status, res.text).toBe(202);
    expect(upstream.requests).toHaveLength(1);
    expect(ts.logs.some((l) => l.includes('removed canvasser') && l.includes(carla.canvasser.id))).toBe(true);
  });
});

describe('the sandbox’s built-in demo accounts', () => {
  it('the demo organiser’s items, sent from the demo canvasser’s session, go under a known author', async () => {
    const sandbox = await startTestServer({ env: { DEMO_ORGANISER_CODE: 'demo-orga-2931' } });
    try {
      const tablet = sandbox.client();
      const organiser = await tablet.signIn('demo-orga-2931');
      expect(organiser.status, organiser.text).toBe(200);
      expect((await tablet.request('/api/session', { method: 'DELETE' })).status).toBe(204);
      expect((await tablet.signIn(DEMO_CODE)).status).toBe(200);
      const res = await tablet.postContact(sampleContact(), {
        headers: onBehalf(organiser.json.canvasser.id as string, organiser.json.authorToken as string),
      });
      expect(res.status, res.text).toBe(202);
      // Not taken for a removed canvasser: the same lookup as sessions knows the built-in accounts.
      expect(sandbox.logs.some((l) => l.includes('removed canvasser'))).toBe(false);
    } finally {
      await sandbox.cleanup();
    }
  });
});
