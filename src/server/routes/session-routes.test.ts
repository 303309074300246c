import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CanvasserDirectory, RECHECK_AFTER_MS } from '@server/auth/canvasser-directory';
import { EXAMPLE_CAMPAIGN_FILE } from '@server/env';
import { sampleContact } from '@test-support/sample-contact';
import { startTestServer, type TestServer } from '@test-support/start-test-server';
import { sessionCookieOf, type TestResponse } from '@test-support/test-client';
import { DEMO_CODE, PROBLEM_BASE } from '@test-support/test-constants';

// Signing in and out, the session cookie, the campaign behind the session, lock-out after
// repeated wrong codes, and canvassers added or removed while the server runs.

function expectProblem(res: TestResponse, status: number, type?: string) {
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(res.json).toMatchObject({ status, type: expect.any(String), title: expect.any(String) });
  if (type) expect(res.json.type).toBe(PROBLEM_BASE + type);
}

const campaignName = (JSON.parse(readFileSync(EXAMPLE_CAMPAIGN_FILE, 'utf8')) as { name: string }).name;

let ts: TestServer;

beforeAll(async () => {
  ts = await startTestServer();
});

afterAll(async () => {
  await ts.cleanup();
});

describe('signing in', () => {
  it('401 on a wrong code, without a cookie', async () => {
    const c = ts.client();
    const res = await c.signIn('not-the-code');
    expectProblem(res, 401, 'unauthenticated');
    expect(sessionCookieOf(res)).toBeUndefined();
  });

  it('400 on a malformed sign-in body', async () => {
    const c = ts.client();
    expectProblem(await c.request('/api/session', { body: { code: DEMO_CODE } }), 400);
    expectProblem(
      await c.request('/api/session', { method: 'POST', body: '{"accessCode":', headers: { 'content-type': 'application/json' } }),
      400,
    );
  });

  it('200 with the demo code: the canvasser, the expiry and an HttpOnly SameSite=Strict cookie on /', async () => {
    const c = ts.client();
    const before = Date.now();
    const res = await c.signIn(DEMO_CODE);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      canvasser: { id: expect.any(String), name: expect.any(String), role: 'canvasser' },
      expiresAt: expect.any(String),
      mode: 'sandbox',
      authorToken: expect.any(String),
    });
    const expiresAt = Date.parse(res.json.expiresAt);
    // SESSION_TTL_HOURS defaults to 12.
    expect(expiresAt).toBeGreaterThanOrEqual(before + 12 * 3600_000 - 1000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 12 * 3600_000 + 1000);
    const cookie = sessionCookieOf(res);
    expect(cookie).toBeDefined();
    const attrs = cookie!.attributes.map((a) => a.toLowerCase());
    expect(attrs).toContain('httponly');
    expect(attrs).toContain('samesite=strict');
    expect(attrs).toContain('path=/');
    // Plain HTTP on loopback: `secure: 'auto'` must not mark it Secure, or no browser would send it back.
    expect(attrs).not.toContain('secure');
    // The cookie is signed, and its value is not the access code.
    expect(cookie!.value).not.toContain(DEMO_CODE);
  });

  it('takes the code whatever its case, spaces and dashes', async () => {
    const c = ts.client();
    const res = await c.signIn(` ${DEMO_CODE.toUpperCase().replace(/-/g, ' ')} `);
    expect(res.status).toBe(200);
  });
});

describe('the session', () => {
  it('GET /api/session: 200 with the cookie, 401 without', async () => {
    const c = ts.client();
    const signedIn = await c.signIn();
    const me = await c.request('/api/session');
    expect(me.status).toBe(200);
    expect(me.json.canvasser).toEqual(signedIn.json.canvasser);
    expect(me.json.expiresAt).toBe(signedIn.json.expiresAt);
    expectProblem(await c.request('/api/session', { anonymous: true }), 401, 'unauthenticated');
  });

  it('GET /api/campaign: 401 without a session, 200 with, naming the campaign', async () => {
    const c = ts.client();
    expectProblem(await c.request('/api/campaign'), 401, 'unauthenticated');
    await c.signIn();
    const res = await c.request('/api/campaign');
    expect(res.status).toBe(200);
    expect(res.json.name).toBe(campaignName);
    expect(res.json.consents.length).toBeGreaterThan(0);
    expect(res.headers.get('cache-control')).toMatch(/private/);
  });

  it('DELETE /api/session clears the cookie', async () => {
    const c = ts.client();
    await c.signIn();
    const res = await c.request('/api/session', { method: 'DELETE' });
    expect(res.status).toBeLessThan(300);
    const cleared = sessionCookieOf(res);
    expect(cleared).toBeDefined();
    expect(cleared!.value).toBe('');
    const attrs = cleared!.attributes.map((a) => a.toLowerCase());
    expect(attrs.some((a) => a === 'max-age=0' || a.startsWith('expires=thu, 01 jan 1970'))).toBe(true);
    expect(attrs).toContain('path=/');
    c.cookie = cleared!.value || undefined;
    expectProblem(await c.request('/api/session'), 401);
  });
});

describe('canvassers added and removed while the server runs', () => {
  it('a canvasser added with CanvasserDirectory.add signs in; once removed, their cookie stops working', async () => {
    const dir = new CanvasserDirectory(ts.env.canvassersFile);
    const { canvasser } = await dir.add('Jeanne Martin', 'rue-blandan-12');
    const c = ts.client();
    const res = await c.signIn('RUE BLANDAN 12');
    expect(res.status, res.text).toBe(200);
    expect(res.json.canvasser).toEqual(canvasser);
    expect((await c.request('/api/session')).json.canvasser).toEqual(canvasser);
    expect((await c.postContact(sampleContact())).status).toBe(202);

    expect(dir.remove(canvasser.id)).toEqual(canvasser);
    // The server looks at the file at most once a second (RECHECK_AFTER_MS).
    await expect.poll(async () => (await c.request('/api/session')).status, { timeout: 3 * RECHECK_AFTER_MS }).toBe(401);
    expectProblem(await c.request('/api/session'), 401, 'unauthenticated');
    expectProblem(await c.postContact(sampleContact()), 401, 'unauthenticated');
    expectProblem(await c.request('/api/campaign'), 401);
    expectProblem(await ts.client().signIn('rue-blandan-12'), 401);
  });
});

describe('lock-out after repeated failures', () => {
  it('10 wrong codes answer 401, the 11th attempt (even the right code) 429 with Retry-After', async () => {
    const locked = await startTestServer();
    try {
      const c = locked.client();
      for (let i = 0; i < 10; i++) {
        const res = await c.signIn(`wrong-code-${i}`);
        expect(res.status, `attempt ${i + 1}`).toBe(401);
      }
      const eleventh = await c.signIn('wrong-code-again');
      expectProblem(eleventh, 429, 'rate-limited');
      const retryAfter = Number(eleventh.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(15 * 60);
      const right = await c.signIn(DEMO_CODE);
      expectProblem(right, 429);
      expect(sessionCookieOf(right)).toBeUndefined();
    } finally {
      await locked.cleanup();
    }
  });

  it('a burst sent at once gets no more code checks than the lock allows: 300 wrong codes and the right one', async () => {
    const server = await startTestServer();
    const checks = vi.spyOn(CanvasserDirectory.prototype, 'verify');
    try {
      // A real canvasser: each code is then checked with scrypt, off the event loop, as in a campaign.
      await new CanvasserDirectory(server.env.canvassersFile).add('Jeanne Martin', 'porte-a-porte-7');
      const c = server.client();
      const burst = await Promise.all([...Array.from({ length: 300 }, (_, i) => c.signIn(`wrong-code-${i}`)), c.signIn('porte-a-porte-7')]);
      expect(checks.mock.calls.length, 'access codes checked').toBeLessThanOrEqual(10);
      const statuses = burst.map((r) => r.status);
      expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(10);
      expect(statuses.filter((s) => s !== 401 && s !== 429 && s !== 200)).toEqual([]);
    } finally {
      checks.mockRestore();
      await server.cleanup();
    }
  });

  it('wrong codes from many addresses meet a budget for the whole server', async () => {
    const server = await startTestServer({ env: { TRUST_PROXY: '127.0.0.1' } });
    try {
      const from = (i: number) => ({ 'x-forwarded-for': `198.51.${Math.floor(i / 250)}.${i % 250}` });
      for (let i = 0; i < 100; i++) {
        const res = await server.client().request('/api/session', { body: { accessCode: 'wrong' }, headers: from(i) });
        expect(res.status, `attempt ${i + 1}`).toBe(401);
      }
      const fresh = await server.client().request('/api/session', { body: { accessCode: DEMO_CODE }, headers: from(1000) });
      expectProblem(fresh, 429, 'rate-limited');
      expect(fresh.json.detail).toMatch(/this server/);
    } finally {
      await server.cleanup();
    }
  });

  it('a right code gives back its own attempt only: nine wrong codes and one’s own, over and over, still locks', async () => {
    const server = await startTestServer();
    try {
      const c = server.client();
      for (let round = 0; round < 2; round++) {
        // Round 0 counts for the address (a new device); round 1 for the device that signed in.
        for (let i = 0; i < 9; i++) expect((await c.signIn(`wrong-${round}-${i}`)).status).toBe(401);
        expect((await c.signIn(DEMO_CODE)).status).toBe(200);
      }
      expect((await c.signIn('wrong-again')).status, 'the tenth failure').toBe(401);
      expectProblem(await c.signIn('wrong-once-more'), 429, 'rate-limited');
      // A new device at the same address meets the address's nine failures.
      const other = server.client();
      expect((await other.signIn('wrong-from-elsewhere')).status).toBe(401);
      expectProblem(await other.signIn(DEMO_CODE), 429, 'rate-limited');
    } finally {
      await server.cleanup();
    }
  });
});

describe('a shared address (an office NAT, a carrier) and IPv6', () => {
  const from = (address: string) => ({ 'x-forwarded-for': address });
  const signInFrom = (c: ReturnType<TestServer['client']>, address: string, code: string) =>
    c.request('/api/session', { body: { accessCode: code }, headers: from(address) });

  it('ten wrong codes from new devices lock new devices there; a device that signed in before keeps signing in', async () => {
    const server = await startTestServer({ env: { TRUST_PROXY: '127.0.0.1' } });
    try {
      const office = '203.0.113.5';
      const atWork = server.client();
      const first = await signInFrom(atWork, office, DEMO_CODE);
      expect(first.status).toBe(200);
      const device = first.headers.getSetCookie().find((c) => c.startsWith('doorstep_device='));
      expect(device, 'the device cookie').toBeDefined();
      const attrs = device!.split(';').map((a) => a.trim().toLowerCase());
      expect(attrs).toEqual(expect.arrayContaining(['httponly', 'samesite=strict', 'path=/']));
      expect(Number(attrs.find((a) => a.startsWith('max-age='))!.slice(8))).toBeGreaterThan(365 * 86_400);

      for (let i = 0; i < 10; i++) expect((await signInFrom(server.client(), office, `wrong-${i}`)).status).toBe(401);
      expectProblem(await signInFrom(server.client(), office, DEMO_CODE), 429, 'rate-limited');

      atWork.cookie = undefined; // signed out, or the session expired: the device is still known
      expect((await signInFrom(atWork, office, DEMO_CODE)).status).toBe(200);
      // A forged device cookie is a new device.
      const forger = server.client();
      forger.device = atWork.device!.replace(/.$/, (ch) => (ch === 'A' ? 'B' : 'A'));
      expectProblem(await signInFrom(forger, office, DEMO_CODE), 429, 'rate-limited');
    } finally {
      await server.cleanup();
    }
  });

  it('IPv6 addresses count by /64', async () => {
    const server = await startTestServer({ env: { TRUST_PROXY: '127.0.0.1' } });
    try {
      for (let i = 1; i <= 10; i++)
        expect((await signInFrom(server.client(), `2001:db8:1:2::${i.toString(16)}`, 'wrong')).status).toBe(401);
      expectProblem(await signInFrom(server.client(), '2001:db8:1:2:ffff:ffff:ffff:ffff', DEMO_CODE), 429, 'rate-limited');
      expect((await signInFrom(server.client(), '2001:db8:1:3::1', DEMO_CODE)).status).toBe(200);
    } finally {
      await server.cleanup();
    }
  });
});
