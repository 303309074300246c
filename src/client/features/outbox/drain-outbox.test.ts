import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeLocalDb, localDb } from '@client/lib/local-db';
import { drainOutbox, type SendAnswer, type SendContact } from './drain-outbox';
import { enqueue, enqueueVisit, getOutboxItem, listOutbox, summariseOutbox } from './outbox-store';

let clock = 1_000_000;
const now = () => clock;

beforeEach(async () => {
  await closeLocalDb();
  globalThis.indexedDB = new IDBFactory();
  clock = 1_000_000;
});
afterEach(() => closeLocalDb());

const body = (name: string) => ({ kind: 'contact', data: { firstname: name } });

async function queue(...names: string[]): Promise<string[]> {
  const keys: string[] = [];
  for (const name of names) {
    const key = crypto.randomUUID();
    await enqueue({ key, body: body(name), values: { firstname: name }, formVersion: 1 }, clock++);
    keys.push(key);
  }
  return keys;
}

/** A fake server answering from a script of statuses (then 202), recording each call. */
function server(script: SendAnswer[] = []) {
  const calls: { key: string; name: string }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const send: SendContact = async (b, key) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    calls.push({ key, name: (b as ReturnType<typeof body>).data.firstname });
    await new Promise((r) => setTimeout(r, 5));
    inFlight--;
    return script.shift() ?? { status: 202 };
  };
  return { send, calls, maxInFlight: () => maxInFlight };
}

describe('the outbox store', () => {
  it('queues a contact and deletes its draft in the same transaction', async () => {
    const db = await localDb();
    await db.put('drafts', { id: 'd1', values: { firstname: 'Ada' }, formVersion: 1, createdAt: 1, updatedAt: 1 });
    await enqueue({ key: 'k1', body: body('Ada'), values: { firstname: 'Ada' }, formVersion: 1, draftId: 'd1' }, 5);
    expect(await db.get('drafts', 'd1')).toBeUndefined();
    expect(await getOutboxItem('k1')).toMatchObject({ key: 'k1', state: 'pending', attempts: 0, createdAt: 5, body: body('Ada') });
  });

  it('keeps the key and the original queue time when a fixed contact is queued again', async () => {
    await enqueue({ key: 'k1', body: body('Ada'), values: {}, formVersion: 1 }, 5);
    await enqueue({ key: 'k1', body: body('Ada L.'), values: {}, formVersion: 1 }, 99);
    const items = await listOutbox();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ key: 'k1', createdAt: 5, body: body('Ada L.') });
  });
});

describe('drainOutbox', () => {
  it('gives the send a conversation’s turf with its contact, and none with a visit or a plain contact', async () => {
    const visit = { door: 'd1', outcome: 'present', at: '2026-12-03T09:00:00.000Z' };
    await enqueue(
      { key: 'met', body: body('Ada'), values: {}, formVersion: 1, visits: [{ key: 'v1', turfId: 't1', visit, label: '' }] },
      1,
    );
    await enqueue({ key: 'free', body: body('Bea'), values: {}, formVersion: 1 }, 2);
    const seen: [string, string | undefined][] = [];
    await drainOutbox({ send: async (_b, key, _path, extras) => (seen.push([key, extras?.turfId]), { status: 202 }), now, concurrency: 1 });
    expect(seen.sort()).toEqual([
      ['free', undefined],
      ['met', 't1'],
      ['v1', undefined],
    ]);
  });

  it('sends every item once, oldest first, and keeps only receipts without personal data', async () => {
    const keys = await queue('Ada', 'Bea', 'Cy');
    const s = server();
    const report = await drainOutbox({ send: s.send, now, concurrency: 1 });
    expect(report).toMatchObject({ ran: true, sent: 3, retried: 0, needsAttention: 0, signedOut: false, nextDueAt: undefined });
    expect(s.calls.map((c) => c.name)).toEqual(['Ada', 'Bea', 'Cy']);
    expect(s.calls.map((c) => c.key)).toEqual(keys);
    expect(await listOutbox()).toEqual([]);
    const receipts = await (await localDb()).getAll('receipts');
    expect(receipts.map((r) => r.key).sort()).toEqual([...keys].sort());
    expect(JSON.stringify(receipts)).not.toMatch(/Ada|Bea|Cy/);
    expect((await summariseOutbox()).lastSentAt).toBe(clock);
  });

  it('never has more than `concurrency` contacts in flight', async () => {
    await queue(...Array.from({ length: 12 }, (_, i) => `P${i}`));
    const s = server();
    await drainOutbox({ send: s.send, now, concurrency: 3 });
    expect(s.calls).toHaveLength(12);
    expect(s.maxInFlight()).toBe(3);
  });

  it.each([0, 409, 429, 500, 503, 504])(
    'retries later after %i, with backoff, and does not resend it in the same drain',
    async (status) => {
      const [key] = await queue('Ada');
      const s = server([{ status, retryAfterSeconds: status === 429 ? 60 : undefined }]);
      const report = await drainOutbox({ send: s.send, now, random: () => 0.5 });
      expect(s.calls).toHaveLength(1);
      expect(report).toMatchObject({ sent: 0, retried: 1 });
      const item = await getOutboxItem(key!);
      expect(item).toMatchObject({ state: 'pending', attempts: 1 });
      expect(item!.nextAttemptAt).toBeGreaterThan(clock);
      if (status === 429) expect(item!.nextAttemptAt).toBeGreaterThanOrEqual(clock + 60_000);
      expect(report.nextDueAt).toBe(item!.nextAttemptAt);

      // Not due yet: a drain now sends nothing.
      await drainOutbox({ send: s.send, now });
      expect(s.calls).toHaveLength(1);
      // Once due, it goes, under the same key.
      clock = item!.nextAttemptAt;
      const later = await drainOutbox({ send: s.send, now });
      expect(later.sent).toBe(1);
      expect(s.calls.map((c) => c.key)).toEqual([key, key]);
      expect(await listOutbox()).toEqual([]);
    },
  );

  it('treats a send that throws as no answer, and keeps the contact', async () => {
    const [key] = await queue('Ada');
    const report = await drainOutbox({ send: () => Promise.reject(new TypeError('Failed to fetch')), now });
    expect(report.retried).toBe(1);
    expect(await getOutboxItem(key!)).toMatchObject({ state: 'pending', lastError: { status: 0 } });
  });

  it('moves a 422 to "needs attention" with the server’s field errors, and stops sending it', async () => {
    const [bad, good] = await queue('Ada', 'Bea');
    const errors = [{ location: 'body.data.mail', message: 'Adresse refusée', value: 'x@y' }];
    const s = server([{ status: 422, error: { status: 422, title: 'Refused', errors } }]);
    const report = await drainOutbox({ send: s.send, now, concurrency: 1 });
    expect(report).toMatchObject({ sent: 1, needsAttention: 1 });
    expect(await getOutboxItem(bad!)).toMatchObject({ state: 'needs-attention', lastError: { status: 422, errors } });
    expect(await getOutboxItem(good!)).toBeUndefined();
    clock += 10 * 60_000;
    await drainOutbox({ send: s.send, now });
    expect(s.calls).toHaveLength(2);
    expect(await summariseOutbox()).toMatchObject({ waiting: 1, needsAttention: 1 });
  });

  it('pauses everything on a 401 and drops nothing; after sign-in the same keys go out', async () => {
    const keys = await queue('Ada', 'Bea', 'Cy');
    const s = server([{ status: 401 }]);
    const report = await drainOutbox({ send: s.send, now, concurrency: 1 });
    expect(report).toMatchObject({ signedOut: true, sent: 0 });
    expect(s.calls).toHaveLength(1);
    const items = await listOutbox();
    expect(items.map((i) => i.key)).toEqual(keys);
    expect(items.every((i) => i.state === 'pending' && i.attempts === 0)).toBe(true);
    const after = await drainOutbox({ send: s.send, now, concurrency: 1 });
    expect(after.sent).toBe(3);
    expect(s.calls.map((c) => c.key)).toEqual([keys[0], ...keys]);
  });

  it('sends, in the same drain, a contact queued while it runs', async () => {
    await queue('Ada');
    const s = server();
    let queuedLate = false;
    const report = await drainOutbox({
      send: async (b, k) => {
        if (!queuedLate) {
          queuedLate = true;
          await queue('Late');
        }
        return s.send(b, k, '/api/contacts');
      },
      now,
    });
    expect(report.sent).toBe(2);
    expect(s.calls.map((c) => c.name)).toEqual(['Ada', 'Late']);
  });

  it('runs one drain at a time: a second one started meanwhile does nothing', async () => {
    await queue('Ada', 'Bea');
    const s = server();
    const [a, b] = await Promise.all([drainOutbox({ send: s.send, now }), drainOutbox({ send: s.send, now })]);
    expect([a.ran, b.ran].sort()).toEqual([false, true]);
    expect(s.calls).toHaveLength(2);
  });
});

describe('kinds of item', () => {
  it('sends a visit to its turf’s path and a contact to /api/contacts, under their keys', async () => {
    await enqueueVisit(
      { key: 'v1', turfId: 't1', visit: { door: 'd1', outcome: 'absent', at: '2026-12-03T09:00:00Z' }, label: '' },
      clock++,
    );
    const [contact] = await queue('Ada');
    const calls: [string, string][] = [];
    const report = await drainOutbox({
      send: async (_b, key, path) => {
        calls.push([key, path]);
        return { status: 202 };
      },
      now,
    });
    expect(report.sent).toBe(2);
    expect(calls).toEqual([
      ['v1', '/api/turfs/t1/visits'],
      [contact!, '/api/contacts'],
    ]);
  });
});

describe('a shared tablet: items of another canvasser', () => {
  /** A fake server recording on whose behalf each item came, answering from a script. */
  function recordingServer(script: SendAnswer[] = []) {
    const calls: { key: string; onBehalf: unknown }[] = [];
    const send: SendContact = async (_b, key, _path, extras) => {
      calls.push({ key, onBehalf: extras?.onBehalf });
      return script.shift() ?? { status: 202 };
    };
    return { send, calls };
  }

  it('go with their author’s token; the signed-in canvasser’s go as the session’s own; none without a token', async () => {
    await enqueue({ key: 'anne-1', body: body('Ada'), values: {}, formVersion: 1, author: 'anne', authorToken: 'tok-anne' }, clock++);
    await enqueue({ key: 'bruno-1', body: body('Bea'), values: {}, formVersion: 1, author: 'bruno', authorToken: 'tok-bruno' }, clock++);
    await enqueue({ key: 'carla-1', body: body('Cy'), values: {}, formVersion: 1, author: 'carla' }, clock++);
    const { send, calls } = recordingServer();
    const report = await drainOutbox({ send, now, canvasserId: 'bruno' });
    expect(calls).toEqual([
      { key: 'anne-1', onBehalf: { author: 'anne', token: 'tok-anne' } },
      { key: 'bruno-1', onBehalf: undefined },
    ]);
    expect(report.sent).toBe(2);
    // Carla's has no proof: it waits on the device for her, and no timer is set for it.
    expect((await listOutbox()).map((i) => i.key)).toEqual(['carla-1']);
    expect(report.nextDueAt).toBeUndefined();
    // Carla signs in: hers goes as her own.
    const carla = recordingServer();
    await drainOutbox({ send: carla.send, now, canvasserId: 'carla' });
    expect(carla.calls).toEqual([{ key: 'carla-1', onBehalf: undefined }]);
  });

  it('a 403 (the token does not hold) drops the token and keeps the item for its author, without pausing the others', async () => {
    await enqueue({ key: 'anne-1', body: body('Ada'), values: {}, formVersion: 1, author: 'anne', authorToken: 'old' }, clock++);
    await enqueue({ key: 'bruno-1', body: body('Bea'), values: {}, formVersion: 1, author: 'bruno' }, clock++);
    const { send, calls } = recordingServer([{ status: 403, error: { status: 403, title: 'Not accepted for another canvasser' } }]);
    const report = await drainOutbox({ send, now, canvasserId: 'bruno' });
    expect(calls.map((c) => c.key)).toEqual(['anne-1', 'bruno-1']);
    expect(report.signedOut).toBe(false);
    const kept = await getOutboxItem('anne-1');
    expect(kept).toMatchObject({ state: 'pending', attempts: 1, lastError: { status: 403 } });
    expect(kept?.authorToken).toBeUndefined();
    // Not tried again under Bruno's session.
    const again = recordingServer();
    await drainOutbox({ send: again.send, now, canvasserId: 'bruno' });
    expect(again.calls).toEqual([]);
  });

  it('counts them apart: the signed-in canvasser’s own, and how many of others wait', async () => {
    await enqueue({ key: 'anne-1', body: body('Ada'), values: {}, formVersion: 1, author: 'anne', authorToken: 't' }, clock++);
    await enqueueVisit(
      { key: 'anne-v', turfId: 't1', visit: { door: 'd1', outcome: 'absent', at: '2026-12-01T10:00:00Z' }, label: 'x', author: 'anne' },
      clock++,
    );
    await enqueue({ key: 'bruno-1', body: body('Bea'), values: {}, formVersion: 1, author: 'bruno' }, clock++);
    expect(await summariseOutbox('bruno')).toMatchObject({ waiting: 1, visits: 0, others: 2, otherVisits: 1 });
    expect(await summariseOutbox('anne')).toMatchObject({ waiting: 2, visits: 1, others: 1, otherVisits: 0 });
    expect(await summariseOutbox()).toMatchObject({ waiting: 3, others: 0 });
    expect((await listOutbox('bruno')).map((i) => i.key)).toEqual(['bruno-1']);
  });
});
