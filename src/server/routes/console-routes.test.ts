import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeTurf, type TurfWire } from '@shared/turf-schema';
import { PROJECT_ROOT } from '@server/env';
import { postVisit } from '@test-support/turf-fixtures';
import { CanvasserDirectory } from '@server/auth/canvasser-directory';
import { sampleContact } from '@test-support/sample-contact';
import { startTestServer, type TestServer } from '@test-support/start-test-server';
import type { TestClient, TestResponse } from '@test-support/test-client';
import { PROBLEM_BASE } from '@test-support/test-constants';

// The organiser's console over real HTTP: who may use each route, canvassers added, revoked and
// given a role, the deliveries log written by POST /api/contacts, and the organiser's actions in
// the server's log without codes or names.

const ORGANISER_CODE = 'awa-orga-2026';
const CANVASSER_CODE = 'jeanne-rue-12';
const DEMO_ORGANISER_CODE = 'demo-orga-77';
/** The example turf's header and its first eight doors (Rue Cler, 1 to 15), in BAN's format. */
const TURF_CSV = readFileSync(path.join(PROJECT_ROOT, 'config/example-turf-paris-7.csv'), 'utf8').split('\n').slice(0, 9).join('\n') + '\n';
const CSV = { 'content-type': 'text/csv' };

function expectProblem(res: TestResponse, status: number, type?: string) {
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  if (type) expect(res.json.type).toBe(PROBLEM_BASE + type);
}

let ts: TestServer;
let dir: CanvasserDirectory;
let organiser: TestClient;
let canvasser: TestClient;
let jeanneId: string;
let awaId: string;
/** A turf uploaded by the organiser at the start. */
let turfId: string;

beforeAll(async () => {
  ts = await startTestServer({ env: { DEMO_ORGANISER_CODE } });
  dir = new CanvasserDirectory(ts.env.canvassersFile);
  awaId = (await dir.add('Awa Diallo', ORGANISER_CODE, 'organiser')).canvasser.id;
  jeanneId = (await dir.add('Jeanne Martin', CANVASSER_CODE)).canvasser.id;
  organiser = ts.client();
  expect((await organiser.signIn(ORGANISER_CODE)).status).toBe(200);
  canvasser = ts.client();
  expect((await canvasser.signIn(CANVASSER_CODE)).status).toBe(200);
  const uploaded = await organiser.request('/api/console/turfs?name=Rue%20Cler', { method: 'POST', body: TURF_CSV, headers: CSV });
  expect(uploaded.status, uploaded.text).toBe(201);
  turfId = uploaded.json.turfs[0].id;
});

afterAll(async () => {
  await ts.cleanup();
});

/** Every console route, with a request that an organiser may make (2xx). */
const ROUTES: { method: string; path: string; body?: unknown; headers?: Record<string, string>; ok: number }[] = [
  { method: 'GET', path: '/api/console/progress', ok: 200 },
  { method: 'GET', path: '/api/console/progress?from=2026-06-01&to=2026-06-07&tz=Europe/Paris', ok: 200 },
  { method: 'GET', path: '/api/console/deliveries?q=refused', ok: 200 },
  { method: 'GET', path: '/api/console/canvassers', ok: 200 },
  { method: 'POST', path: '/api/console/canvassers', body: { name: 'Karim Benali' }, ok: 201 },
  { method: 'PATCH', path: '/api/console/canvassers/{jeanne}', body: { role: 'canvasser' }, ok: 200 },
  { method: 'DELETE', path: '/api/console/canvassers/{fresh}', ok: 204 },
  { method: 'GET', path: '/api/console/turfs', ok: 200 },
  { method: 'GET', path: '/api/console/turfs/{turf}/doors', ok: 200 },
  { method: 'POST', path: '/api/console/turfs?name=Auth%20check', body: TURF_CSV, headers: CSV, ok: 201 },
  { method: 'PUT', path: '/api/console/turfs/{turf}/canvassers/{jeanne}', ok: 204 },
  { method: 'DELETE', path: '/api/console/turfs/{turf}/canvassers/{awa}', ok: 204 },
];

async function call(client: TestClient, route: (typeof ROUTES)[number], init: { anonymous?: boolean } = {}) {
  let p = route.path.replace('{jeanne}', jeanneId).replace('{awa}', awaId).replace('{turf}', turfId);
  if (p.includes('{fresh}')) p = p.replace('{fresh}', (await dir.add('Temp', undefined)).canvasser.id);
  return client.request(p, { method: route.method, body: route.body, headers: route.headers, anonymous: init.anonymous });
}

describe('who may use the console', () => {
  it.each(ROUTES.map((r) => [`${r.method} ${r.path}`, r] as const))('%s: none 401, canvasser 403, organiser 2xx', async (_, route) => {
    expectProblem(await call(organiser, route, { anonymous: true }), 401, 'unauthenticated');
    expectProblem(await call(canvasser, route), 403, 'forbidden');
    const ok = await call(organiser, route);
    expect(ok.status, ok.text).toBe(route.ok);
    if (route.ok !== 204) expect(ok.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('a revoked organiser is signed out at the next request (401), on every console route', async () => {
    const code = 'lucie-orga-31';
    const { canvasser: lucie } = await dir.add('Lucie Aubrac', code, 'organiser');
    const c = ts.client();
    expect((await c.signIn(code)).status).toBe(200);
    expect((await c.request('/api/console/canvassers')).status).toBe(200);
    expect((await organiser.request(`/api/console/canvassers/${lucie.id}`, { method: 'DELETE' })).status).toBe(204);
    for (const route of ROUTES) expectProblem(await call(c, route), 401, 'unauthenticated');
    expectProblem(await c.request('/api/session'), 401);
  });

  it('an organiser made a canvasser loses the console at the next request (403), and keeps the app', async () => {
    const code = 'paul-orga-88';
    const { canvasser: paul } = await dir.add('Paul Bert', code, 'organiser');
    const c = ts.client();
    await c.signIn(code);
    expect((await c.request('/api/session')).json.canvasser.role).toBe('organiser');
    const changed = await organiser.request(`/api/console/canvassers/${paul.id}`, { method: 'PATCH', body: { role: 'canvasser' } });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.json).toMatchObject({ id: paul.id, role: 'canvasser' });
    expectProblem(await c.request('/api/console/progress'), 403, 'forbidden');
    expect((await c.request('/api/session')).json.canvasser.role).toBe('canvasser');
    expect((await c.postContact(sampleContact())).status).toBe(202);
  });

  it('the sandbox’s demo organiser (DEMO_ORGANISER_CODE) gets the console; the demo canvasser does not', async () => {
    const o = ts.client();
    const signedIn = await o.signIn(DEMO_ORGANISER_CODE);
    expect(signedIn.json.canvasser).toMatchObject({ role: 'organiser' });
    expect((await o.request('/api/console/canvassers')).status).toBe(200);
    const demo = ts.client();
    await demo.signIn();
    expect((await demo.request('/api/session')).json.canvasser.role).toBe('canvasser');
    expectProblem(await demo.request('/api/console/canvassers'), 403);
  });

  it('state-changing console routes refuse another site’s page (Origin), before anything changes', async () => {
    const before = dir.list().length;
    const res = await organiser.request('/api/console/canvassers', {
      method: 'POST',
      body: { name: 'Mallory' },
      headers: { origin: 'https://evil.example' },
    });
    expectProblem(res, 403, 'forbidden');
    expect(dir.list()).toHaveLength(before);
    const del = await organiser.request(`/api/console/canvassers/${jeanneId}`, {
      method: 'DELETE',
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expectProblem(del, 403);
    expect(dir.get(jeanneId)).toBeDefined();
  });
});

describe('canvassers', () => {
  it('adds one: the code is given once, signs in, and lists with its role', async () => {
    const added = await organiser.request('/api/console/canvassers', { body: { name: '  Zoé Lambert ', role: 'canvasser' } });
    expect(added.status, added.text).toBe(201);
    expect(added.json).toEqual({
      canvasser: { id: expect.stringMatching(/^c_/), name: 'Zoé Lambert', role: 'canvasser', turfs: [] },
      code: expect.any(String),
    });
    const zoe = ts.client();
    const signedIn = await zoe.signIn(added.json.code);
    expect(signedIn.json.canvasser).toEqual({ id: added.json.canvasser.id, name: 'Zoé Lambert', role: 'canvasser' });
    const list = await organiser.request('/api/console/canvassers');
    expect(list.json.canvassers).toContainEqual({ id: added.json.canvasser.id, name: 'Zoé Lambert', role: 'canvasser', turfs: [] });
    expect(list.json.canvassers).toContainEqual(expect.objectContaining({ id: 'demo', builtIn: true, role: 'canvasser' }));
    expect(list.text).not.toContain(added.json.code);
    expect(list.text).not.toContain('codeHash');
  });

  it('revoking stops their session at the next request, as the command does', async () => {
    const added = await organiser.request('/api/console/canvassers', { body: { name: 'Marc Bloch' } });
    const marc = ts.client();
    await marc.signIn(added.json.code);
    expect((await marc.postContact(sampleContact())).status).toBe(202);
    expect((await organiser.request(`/api/console/canvassers/${added.json.canvasser.id}`, { method: 'DELETE' })).status).toBe(204);
    expectProblem(await marc.postContact(sampleContact()), 401);
    expectProblem(await marc.request('/api/session'), 401);
    expectProblem(await organiser.request(`/api/console/canvassers/${added.json.canvasser.id}`, { method: 'DELETE' }), 404, 'not-found');
  });

  it('refuses a bad body (400 naming the field), an unknown id (404), the demo’s canvassers and oneself (409)', async () => {
    const noName = await organiser.request('/api/console/canvassers', { body: { name: ' ' } });
    expectProblem(noName, 400, 'malformed-request');
    expect(noName.json.errors).toEqual([expect.objectContaining({ location: 'body.name' })]);
    expectProblem(await organiser.request('/api/console/canvassers', { body: { name: 'X', role: 'admin' } }), 400);
    expectProblem(await organiser.request(`/api/console/canvassers/${jeanneId}`, { method: 'PATCH', body: { role: 'boss' } }), 400);
    expectProblem(
      await organiser.request('/api/console/canvassers/c_00000000', { method: 'PATCH', body: { role: 'organiser' } }),
      404,
      'not-found',
    );
    expectProblem(await organiser.request('/api/console/canvassers/demo', { method: 'DELETE' }), 409, 'conflict');
    expectProblem(await organiser.request(`/api/console/canvassers/${awaId}`, { method: 'DELETE' }), 409, 'conflict');
    expectProblem(await organiser.request(`/api/console/canvassers/${awaId}`, { method: 'PATCH', body: { role: 'canvasser' } }), 409);
    expect(dir.get(awaId)?.role).toBe('organiser');
  });
});

describe('turfs', () => {
  it('uploads a turf file as the command imports it, lists it, and draws its doors by state', async () => {
    const up = await organiser.request('/api/console/turfs?name=Cler%20again', { method: 'POST', body: TURF_CSV, headers: CSV });
    expect(up.status, up.text).toBe(201);
    expect(up.json.turfs).toEqual([{ id: expect.stringMatching(/^t_/), name: 'Cler again', doors: 8 }]);
    const id = up.json.turfs[0].id;
    const list = await organiser.request('/api/console/turfs');
    expect(list.json.turfs).toContainEqual(expect.objectContaining({ id, name: 'Cler again', canvassers: [] }));
    const doors = await organiser.request(`/api/console/turfs/${id}/doors`);
    expect(doors.status, doors.text).toBe(200);
    expect(doors.json.doors).toHaveLength(8);
    for (const d of doors.json.doors) {
      expect(d.state).toBe('todo');
      expect(d.lat).toBeGreaterThan(48.85);
      expect(d.lon).toBeGreaterThan(2.3);
    }
    expect(doors.json.doors[0].label).toMatch(/1 Rue Cler/);
  });

  it('refuses a file with a bad row (422 naming the line, nothing imported), no name (400), or a JSON body (415)', async () => {
    const before = (await organiser.request('/api/console/turfs')).json.turfs.length;
    const broken = TURF_CSV.replace('2.306631;48.855466', '2.306631;north');
    const bad = await organiser.request('/api/console/turfs?name=Broken', { method: 'POST', body: broken, headers: CSV });
    expectProblem(bad, 422, 'validation');
    expect(bad.json.detail).toMatch(/line 3/);
    expect(bad.json.detail).not.toMatch(/doorstep-turf-upload/);
    expect((await organiser.request('/api/console/turfs')).json.turfs).toHaveLength(before);
    const unnamed = await organiser.request('/api/console/turfs', { method: 'POST', body: TURF_CSV, headers: CSV });
    expectProblem(unnamed, 400);
    expect(unnamed.json.errors[0].location).toBe('query.name');
    expectProblem(await organiser.request('/api/console/turfs?name=J', { method: 'POST', body: { doors: [] } }), 415);
    expect((await organiser.request('/api/console/turfs')).json.turfs).toHaveLength(before);
  });

  it('assigns and unassigns: the canvasser’s app lists the turf, then not; unknown ids are 404', async () => {
    const code = 'tq7v-assign-9k';
    const { canvasser: lea } = await dir.add('Léa Assign', code);
    const c = ts.client();
    expect((await c.signIn(code)).status).toBe(200);
    const mine = async () => ((await c.request('/api/turfs')).json.turfs as { id: string }[]).map((t) => t.id);
    expect(await mine()).not.toContain(turfId);
    expect((await organiser.request(`/api/console/turfs/${turfId}/canvassers/${lea.id}`, { method: 'PUT' })).status).toBe(204);
    expect(await mine()).toContain(turfId);
    const listed = (await organiser.request('/api/console/canvassers')).json.canvassers.find((x: { id: string }) => x.id === lea.id);
    expect(listed.turfs).toEqual([turfId]);
    expect((await organiser.request(`/api/console/turfs/${turfId}/canvassers/${lea.id}`, { method: 'DELETE' })).status).toBe(204);
    expect(await mine()).not.toContain(turfId);
    expectProblem(await organiser.request(`/api/console/turfs/t_nope/canvassers/${lea.id}`, { method: 'PUT' }), 404);
    expectProblem(await organiser.request(`/api/console/turfs/${turfId}/canvassers/c_nobody`, { method: 'PUT' }), 404);
    expectProblem(await organiser.request('/api/console/turfs/t_nope/doors'), 404);
  });
});

describe('progress', () => {
  it('counts the visits, conversations and contacts sent in the test, per turf and per canvasser', async () => {
    const up = await organiser.request('/api/console/turfs?name=Progress', { method: 'POST', body: TURF_CSV, headers: CSV });
    const id: string = up.json.turfs[0].id;
    const code = 'tq7v-progress-3m';
    const { canvasser: lea } = await dir.add('Léa Progress', code);
    const c = ts.client();
    expect((await c.signIn(code)).status).toBe(200);
    expect((await organiser.request(`/api/console/turfs/${id}/canvassers/${lea.id}`, { method: 'PUT' })).status).toBe(204);
    const doors = decodeTurf((await c.request(`/api/turfs/${id}`)).json as TurfWire).doors.map((d) => d.id);
    const at = new Date().toISOString();
    for (const [door, outcome] of [
      [doors[0], 'absent'],
      [doors[1], 'present'],
      [doors[2], 'refus'],
    ] as const) {
      const res = await postVisit(c, id, { door, outcome, at });
      expect(res.status, res.text).toBe(202);
    }
    // A visit the server refuses (no such outcome) is a refusal of this turf, named by its field.
    expect((await postVisit(c, id, { door: doors[3], outcome: 'asleep', at })).status).toBe(422);
    // The conversation's contact, and one the server refuses, both said to be met on the turf.
    const turfHeader = { headers: { 'doorstep-turf': id } };
    expect((await c.postContact(sampleContact(), turfHeader)).status).toBe(202);
    const bad = sampleContact();
    bad.data.mail = 'not-an-address';
    expect((await c.postContact(bad, turfHeader)).status).toBe(422);
    // A contact without a turf counts for the canvasser, not for any turf.
    expect((await c.postContact(sampleContact())).status).toBe(202);

    const res = await organiser.request('/api/console/progress');
    expect(res.status, res.text).toBe(200);
    const turf = res.json.turfs.find((t: { id: string }) => t.id === id);
    expect(turf).toMatchObject({
      name: 'Progress',
      canvassers: [lea.id],
      progress: { doors: 8, visited: 3 },
      visits: 3,
      conversations: 1,
      delivered: 1,
      refused: 2,
      refusedFields: { 'body.data.mail': 1, 'body.outcome': 1 },
    });
    const row = res.json.canvassers.find((x: { id: string }) => x.id === lea.id);
    expect(row).toMatchObject({ name: 'Léa Progress', doors: 3, conversations: 1, delivered: 2, refused: 2, gaps: [] });
    expect(Date.now() - Date.parse(row.lastSeen)).toBeLessThan(60_000);

    // Another day holds none of it, though the turf itself stands as it is.
    const past = await organiser.request('/api/console/progress?from=2020-01-01');
    expect(past.json.turfs.find((t: { id: string }) => t.id === id)).toMatchObject({ visits: 0, delivered: 0, progress: { visited: 3 } });
    expect(past.json.canvassers.find((x: { id: string }) => x.id === lea.id)).toMatchObject({ doors: 0, delivered: 0 });
  });
});

describe('deliveries', () => {
  it('logs what was forwarded and what was refused, by field location only, and finds it by search', async () => {
    const c = ts.client();
    const { canvasser: k } = await dir.add('Karim Deliveries', 'karim-deliv-5');
    await c.signIn('karim-deliv-5');
    const sent = await c.postContact(sampleContact(), { headers: { 'doorstep-turf': 't_0000abcd' } });
    expect(sent.status).toBe(202);
    const bad = sampleContact();
    bad.data.mail = 'jeanne.martin@@example';
    const refused = await c.postContact(bad);
    expect(refused.status).toBe(422);
    // A replay is not a second delivery.
    expect((await c.postContact(sampleContact(), { key: sent.key })).status).toBe(202);
    // Qomon itself refusing a field.
    const faults = await organiser.request('/sandbox/faults', {
      method: 'PUT',
      body: { queue: ['http422'], rejectErrors: [{ location: 'body.data.mobile', message: 'Invalid phone' }] },
    });
    expect(faults.status, faults.text).toBeLessThan(300);
    const qomonRefused = await c.postContact(sampleContact());
    expect(qomonRefused.status).toBe(422);

    const res = await organiser.request(`/api/console/deliveries?q=${encodeURIComponent('Karim Deliveries')}`);
    expect(res.status, res.text).toBe(200);
    expect(res.json.total).toBe(3);
    expect(res.json.deliveries).toEqual([
      expect.objectContaining({
        key: qomonRefused.key,
        canvasser: { id: k.id, name: 'Karim Deliveries' },
        result: 'refused',
        refusedBy: 'qomon',
        status: 422,
        upstreamStatus: 422,
        locations: ['body.data.mobile'],
      }),
      expect.objectContaining({ key: refused.key, result: 'refused', refusedBy: 'server', status: 422, locations: ['body.data.mail'] }),
      expect.objectContaining({ key: sent.key, result: 'delivered', status: 202, upstreamStatus: 202, turf: { id: 't_0000abcd' } }),
    ]);
    expect(res.json.deliveries[1]).not.toHaveProperty('upstreamStatus');
    // No personal data in the log: neither the values at fault nor the contact's fields.
    for (const value of ['jeanne', 'Martin', 'example', '06 12', 'logement'])
      expect(res.text.toLowerCase()).not.toContain(value.toLowerCase());

    const search = async (q: string) => (await organiser.request(`/api/console/deliveries?q=${encodeURIComponent(q)}`)).json;
    expect((await search(`${k.id} body.data.mail`)).deliveries.map((d: { key: string }) => d.key)).toEqual([refused.key]);
    expect((await search(`${k.id} qomon`)).total).toBe(1);
    expect((await search(`${k.id} t_0000abcd`)).total).toBe(1);
    const onlyRefused = await organiser.request(`/api/console/deliveries?result=refused&q=${k.id}`);
    expect(onlyRefused.json.total).toBe(2);
    // Another day holds none of them.
    expect((await organiser.request(`/api/console/deliveries?from=2020-01-01&q=${k.id}`)).json.total).toBe(0);
  });

  it('refuses a bad day, range or time zone (400 naming the query parameter)', async () => {
    for (const [query, location] of [
      ['from=2026-13-45', 'query.from'],
      ['from=yesterday', 'query.from'],
      ['from=2026-06-10&to=2026-06-01', 'query.to'],
      ['from=2020-01-01&to=2026-01-01', 'query.from'],
      ['tz=Mars/Olympus', 'query.tz'],
      ['result=lost', 'query.result'],
    ]) {
      const res = await organiser.request(`/api/console/deliveries?${query}`);
      expectProblem(res, 400);
      expect(res.json.errors[0].location, query).toBe(location);
    }
  });
});

describe('the server log', () => {
  it('says which organiser did what, without any access code or name', async () => {
    const added = await organiser.request('/api/console/canvassers', { body: { name: 'Nina Simone', role: 'organiser' } });
    await organiser.request(`/api/console/canvassers/${added.json.canvasser.id}`, { method: 'PATCH', body: { role: 'canvasser' } });
    await organiser.request(`/api/console/canvassers/${added.json.canvasser.id}`, { method: 'DELETE' });
    const lines = ts.logs.filter((l) => l.includes('console: ')).map((l) => JSON.parse(l) as Record<string, unknown>);
    const mine = lines.filter((l) => l.canvasser === added.json.canvasser.id);
    expect(mine.map((l) => l.action)).toEqual(['canvasser added', 'role changed', 'canvasser revoked']);
    for (const l of mine) expect(l.organiser).toBe(awaId);
    const all = ts.logs.join('\n');
    expect(all).not.toContain(added.json.code);
    expect(all).not.toContain('Nina Simone');
    expect(all).not.toContain(ORGANISER_CODE);
  });
});
