import http from 'node:http';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAgainstCampaign } from '@shared/check-against-campaign';
import { contactUpsertSchema } from '@shared/contact-upsert-schema';
import { loadCampaign } from './load-campaign';
import { startRecordingServer, type RecordingServer } from '@test-support/recording-server';
import { sampleContact } from '@test-support/sample-contact';
import { startTestServer, type TestServer } from '@test-support/start-test-server';

// An HTTP fuzz of every route: malformed and truncated JSON, wrong types, deep nesting, huge strings
// and arrays, __proto__/constructor keys, odd Unicode and NUL bytes, wrong methods and content
// types, odd headers. The server must never answer 5xx, never forward anything the contract and
// the campaign would refuse, and never crash. FUZZ_REQUESTS sets the count (CI runs the default;
// `npm run test:fuzz` runs 100,000); FUZZ_SEED replays a run.

const COUNT = Number(process.env.FUZZ_REQUESTS ?? 3000);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

const generator = xoroshiro128plus(SEED);
const rand = () => uniformFloat64(generator);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const int = (max: number) => Math.floor(rand() * max);

const ODD_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uFEFF',
  '\u202Eevil',
  '𝕳𝖊𝖑𝖑𝖔',
  '👩‍👩‍👧‍👦',
  'e\u0301',
  '\uD800',
  '\\',
  '"',
  "'; DROP TABLE x;--",
  '<script>alert(1)</script>',
  '../../etc/passwd',
  'http://169.254.169.254/latest',
  '%00',
  '${jndi:ldap://x}',
  'null',
  'true',
  '1e309',
  '-0',
  '9'.repeat(400),
  'x'.repeat(10_000),
];
function randomValue(depth = 0): unknown {
  switch (int(depth > 3 ? 6 : 9)) {
    case 0:
      return pick(ODD_STRINGS);
    case 1:
      return rand() < 0.5 ? int(2 ** 31) : -rand() * 1e300;
    case 2:
      return rand() < 0.5;
    case 3:
      return null;
    case 4:
      return pick([1.5, 0, -1, 2 ** 53 + 1, Number.MAX_SAFE_INTEGER]);
    case 5:
      return 'y'.repeat(int(3000));
    case 6:
      return Array.from({ length: int(5) }, () => randomValue(depth + 1));
    case 7:
      return Object.fromEntries(Array.from({ length: int(4) }, () => [pick(KEYS), randomValue(depth + 1)]));
    default:
      return { id: randomValue(depth + 1), label: randomValue(depth + 1), value: randomValue(depth + 1) };
  }
}
const KEYS = [
  'firstname',
  'mail',
  'address',
  'street',
  'consents',
  'id',
  'value',
  'tags',
  'name',
  'notes',
  'pinned',
  'kind',
  'data',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '',
  '💥',
];
const CONTACT_FIELDS = [
  'actions',
  'address',
  'age_category',
  'birthdate',
  'black_list',
  'consents',
  'custom_fields',
  'firstname',
  'forms',
  'id',
  'mail',
  'mobile',
  'name_presences',
  'notes',
  'phone',
  'status',
  'surname',
  'tags',
];

/** A contact body, as text: valid, mutated, truncated, poisoned or plain garbage. */
function contactBody(): string {
  const valid = sampleContact();
  switch (int(10)) {
    case 0:
      return JSON.stringify(valid);
    case 1: {
      const text = JSON.stringify(valid);
      return text.slice(0, int(text.length));
    }
    case 2:
      return `{"kind":"contact","data":{"firstname":"A","__proto__":{"isAdmin":true}}}`;
    case 3:
      return `{"kind":"contact","data":{"firstname":"A","constructor":{"prototype":{"polluted":1}}}}`;
    case 4: {
      const depth = pick([100, 1000, 10_000, 50_000]);
      return `{"kind":"contact","data":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    }
    case 5:
      return JSON.stringify({
        kind: 'contact',
        data: { firstname: 'A', tags: Array.from({ length: pick([51, 1000, 20_000]) }, (_, i) => ({ name: `t${i}` })) },
      });
    case 6:
      return JSON.stringify({ kind: 'contact', data: { firstname: 'z'.repeat(pick([101, 100_000, 300_000])) } });
    case 7:
      return pick([
        '',
        'null',
        '[]',
        '"contact"',
        '{',
        '}',
        '{"kind":',
        '\u0000\u0000',
        'ÿþ{',
        '{"kind":"contact","data":{}}',
        '{"kind":"contact"}',
      ]);
    default: {
      const data = valid.data as Record<string, unknown>;
      for (let i = 0, n = 1 + int(3); i < n; i++) {
        const field = pick(CONTACT_FIELDS);
        data[rand() < 0.1 ? pick(KEYS) : field] = randomValue();
      }
      if (rand() < 0.2) (valid as Record<string, unknown>).kind = randomValue();
      return JSON.stringify(valid);
    }
  }
}

const ROUTES = [
  '/api/contacts',
  '/api/contacts',
  '/api/contacts',
  '/api/session',
  '/api/campaign',
  '/healthz',
  '/readyz',
  '/',
  '/api',
  '/api/contacts/x',
  '/sandbox/contacts',
  '/%2e%2e/package.json',
  '/assets/../../package.json',
  '/a'.repeat(2000),
  '/api/contacts?x=' + '%'.repeat(10),
];
const METHODS = ['GET', 'POST', 'POST', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'];
const CONTENT_TYPES = [
  'application/json',
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/problem+json',
  'application/JSON',
  '',
  'application/json; charset=latin1',
];

interface Sent {
  method: string;
  path: string;
  status: number;
}

let upstream: RecordingServer;
let server: TestServer;
let cookie: string;

function send(
  method: string,
  path: string,
  headers: Record<string, string>,
  body: string | undefined,
  agent: http.Agent | false,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const url = new URL(server.url);
    const req = http.request({ host: url.hostname, port: url.port, method, path, headers, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body !== undefined && method !== 'GET' && method !== 'HEAD') req.end(body);
    else req.end();
  });
}

beforeAll(async () => {
  upstream = await startRecordingServer();
  server = await startTestServer({ mode: 'qomon', qomonBaseUrl: upstream.url, env: { CONTACTS_PER_MINUTE: '1000000', LOG_LEVEL: 'warn' } });
  const client = server.client();
  const signedIn = await client.signIn();
  // Qomon mode has no demo canvasser: add one through the same directory the server reads.
  if (signedIn.status !== 200) {
    const { CanvasserDirectory } = await import('@server/auth/canvasser-directory');
    const { code } = await new CanvasserDirectory(server.env.canvassersFile).add('Fuzz', 'fuzz-code-123');
    expect((await client.signIn(code)).status).toBe(200);
  }
  cookie = client.cookieHeader();
});
afterAll(async () => {
  await server?.cleanup();
  await upstream?.close();
});

describe(`HTTP fuzz (${COUNT} requests, FUZZ_SEED=${SEED})`, () => {
  it('never answers 5xx, never forwards an invalid contact, and keeps serving', { timeout: 60_000 + COUNT * 5 }, async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
    const fivexx: Sent[] = [];
    const statuses = new Map<number, number>();
    let i = 0;
    const worker = async () => {
      while (i < COUNT) {
        i++;
        // Half the requests are well-formed contact POSTs from a signed-in canvasser, so that the
        // validation and forwarding path is what gets most of the fuzzing; the rest is anything.
        const wellFormed = rand() < 0.5;
        const method = wellFormed ? 'POST' : pick(METHODS);
        const path = wellFormed ? '/api/contacts' : pick(ROUTES);
        const headers: Record<string, string> = {};
        // The real cookie never goes with a sign-out: it would revoke the session, and every later
        // request would stop at 401 instead of reaching validation and forwarding.
        const signsOut = method === 'DELETE' && path.startsWith('/api/session');
        if (wellFormed || rand() < 0.8)
          headers.cookie =
            wellFormed || (!signsOut && rand() < 0.9)
              ? cookie
              : pick(['doorstep_session=garbage', 'doorstep_session=' + 'A'.repeat(4000), 'a=b; doorstep_session=x.y', '']);
        const ct = wellFormed ? 'application/json' : pick(CONTENT_TYPES);
        if (ct) headers['content-type'] = ct;
        if (wellFormed || rand() < 0.9)
          headers['idempotency-key'] =
            wellFormed || rand() < 0.8
              ? crypto.randomUUID()
              : pick(['', 'not-a-uuid', crypto.randomUUID().toUpperCase(), 'x'.repeat(5000), '00000000-0000-0000-0000-000000000000']);
        if (rand() < 0.1) headers['x-forwarded-for'] = pick(['1.2.3.4', 'garbage', '::1, 10.0.0.1']);
        if (rand() < 0.05) headers['accept-encoding'] = pick(['gzip', 'br', '*', 'x']);
        const body =
          path === '/api/session'
            ? pick([JSON.stringify({ accessCode: randomValue() }), '{"accessCode":', JSON.stringify({ accessCode: 'x'.repeat(10_000) })])
            : contactBody();
        let status: number;
        try {
          status = await send(method, path, headers, body, agent).catch((err: NodeJS.ErrnoException) => {
            // The server closes a connection after refusing a body it did not read (413, bad
            // JSON); a kept-alive socket reused at that instant hangs up. Once more, on a new one.
            if (err.code === 'ECONNRESET' || err.message === 'socket hang up') return send(method, path, headers, body, false);
            throw err;
          });
        } catch (err) {
          // A client-side refusal to send (an illegal header value) is not the server's doing.
          if ((err as NodeJS.ErrnoException).code === 'ERR_INVALID_CHAR') continue;
          throw new Error(`${method} ${path} failed at the socket: ${(err as Error).message} (FUZZ_SEED=${SEED})`, { cause: err });
        }
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (status >= 500) fivexx.push({ method, path: path.slice(0, 60), status });
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    agent.destroy();

    console.log(
      `fuzz: ${COUNT} requests, FUZZ_SEED=${SEED}, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}, forwarded ${upstream.requests.length}`,
    );
    const errorLogs = () => server.logs.filter((l) => (JSON.parse(l) as { level: number }).level >= 50);
    expect(fivexx, `5xx answers (FUZZ_SEED=${SEED}); first errors logged:\n${errorLogs().slice(0, 2).join('\n')}`).toEqual([]);

    // Whatever reached the upstream is exactly what the contract outputs, and fits the campaign.
    const campaign = loadCampaign(server.env.campaignFile);
    for (const req of upstream.requests) {
      expect(req.method).toBe('POST');
      expect(req.url).toBe('/contacts/upsert');
      const forwarded = JSON.parse(req.body);
      const parsed = contactUpsertSchema.safeParse(forwarded);
      expect(parsed.success, req.body.slice(0, 300)).toBe(true);
      expect(JSON.parse(JSON.stringify(parsed.data))).toEqual(forwarded);
      expect(checkAgainstCampaign(parsed.data!.data, campaign)).toEqual([]);
    }
    // The well-formed half must mostly get through: a fuzz stuck at 401 tests nothing downstream.
    expect(upstream.requests.length).toBeGreaterThan(COUNT / 40);

    // Still serving, and nothing logged as an error.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect((await server.client().signIn('fuzz-code-123')).status).not.toBe(500);
    expect(errorLogs(), errorLogs().slice(0, 3).join('\n')).toEqual([]);
  });
});
