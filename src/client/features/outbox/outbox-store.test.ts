import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { closeLocalDb, localDb } from '@client/lib/local-db';
import { StorageFullError } from '@client/lib/storage-full-error';
import {
  discardOutboxItem,
  enqueue,
  enqueueVisit,
  getOutboxItem,
  getReceipt,
  listOutbox,
  listPendingVisits,
  markNeedsAttention,
  markRetry,
  markSent,
  pruneReceipts,
  RECEIPT_MAX_AGE_MS,
  restoreOutboxItem,
  summariseOutbox,
  withdrawVisit,
} from './outbox-store';

beforeEach(async () => {
  await closeLocalDb();
  globalThis.indexedDB = new IDBFactory();
});
afterEach(async () => {
  vi.restoreAllMocks();
  await closeLocalDb();
});

describe('the outbox store on a full device', () => {
  it('says so with a StorageFullError that points to export, and keeps the draft (nothing half done)', async () => {
    const db = await localDb();
    await db.put('drafts', { id: 'd1', values: { firstname: 'Ada' }, formVersion: 1, createdAt: 1, updatedAt: 1 });
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    const queued = enqueue({ key: 'k1', body: {}, values: {}, formVersion: 1, draftId: 'd1' });
    await expect(queued).rejects.toBeInstanceOf(StorageFullError);
    await expect(queued).rejects.toThrow(/Export the unsent contacts/);
    vi.restoreAllMocks();
    expect(await listOutbox()).toEqual([]);
    expect(await db.get('drafts', 'd1')).toBeDefined();
  });
});

describe('receipts', () => {
  it('are kept for delivered contacts, by key, with no personal data', async () => {
    await enqueue({ key: 'k1', body: { data: { surname: 'Lovelace' } }, values: {}, formVersion: 1 }, 5);
    await markSent('k1', 9);
    expect(await getReceipt('k1')).toEqual({ key: 'k1', queuedAt: 5, sentAt: 9 });
    expect(await getReceipt('k2')).toBeUndefined();
  });
});

const DAY = 24 * 60 * 60 * 1000;

describe('pruning receipts', () => {
  it('deletes those older than 30 days, by the clock it is given, and keeps the rest', async () => {
    expect(RECEIPT_MAX_AGE_MS).toBe(30 * DAY);
    const now = 100 * DAY;
    for (const [key, sentAt] of [
      ['old', now - 40 * DAY],
      ['edge', now - 30 * DAY],
      ['recent', now - DAY],
    ] as const) {
      await enqueue({ key, body: {}, values: {}, formVersion: 1 }, sentAt - 1);
      await markSent(key, sentAt);
    }
    expect(await pruneReceipts(now)).toBe(1);
    expect(await getReceipt('old')).toBeUndefined();
    // Exactly 30 days old is not older than 30 days.
    expect(await getReceipt('edge')).toBeDefined();
    expect(await getReceipt('recent')).toBeDefined();
    expect(await pruneReceipts(now + DAY)).toBe(1);
    expect(await getReceipt('edge')).toBeUndefined();
    expect(await pruneReceipts(now + DAY)).toBe(0);
  });
});

describe('discarding a contact that needs fixing', () => {
  it('deletes it and gives it back for undo, as it was', async () => {
    await enqueue({ key: 'k1', body: { data: { surname: 'Lovelace' } }, values: { surname: 'Lovelace' }, formVersion: 1 }, 5);
    await markNeedsAttention('k1', { status: 422, title: 'Refused' }, 6);
    const before = await getOutboxItem('k1');
    const gone = await discardOutboxItem('k1');
    expect(gone).toEqual(before);
    expect(await listOutbox()).toEqual([]);
    await restoreOutboxItem(gone!);
    expect(await getOutboxItem('k1')).toEqual(before);
  });

  it('leaves alone a contact on its way (queued again by a fix meanwhile)', async () => {
    await enqueue({ key: 'k1', body: {}, values: {}, formVersion: 1 }, 5);
    expect(await discardOutboxItem('k1')).toBeUndefined();
    expect(await getOutboxItem('k1')).toMatchObject({ state: 'pending' });
  });

  it('does not undo over a fix queued under the same key meanwhile', async () => {
    await enqueue({ key: 'k1', body: { v: 1 }, values: {}, formVersion: 1 }, 5);
    await markNeedsAttention('k1', { status: 422, title: 'Refused' }, 6);
    const gone = await discardOutboxItem('k1');
    await enqueue({ key: 'k1', body: { v: 2 }, values: {}, formVersion: 1 }, 7);
    await restoreOutboxItem(gone!);
    expect(await getOutboxItem('k1')).toMatchObject({ state: 'pending', body: { v: 2 } });
  });
});

describe('queueing a fix', () => {
  it('puts it in place of the contact it fixes, under its key, and deletes its draft', async () => {
    const db = await localDb();
    await enqueue({ key: 'k1', body: { v: 1 }, values: {}, formVersion: 1 }, 5);
    await markNeedsAttention('k1', { status: 422, title: 'Refused' }, 6);
    await db.put('drafts', { id: 'd1', values: {}, formVersion: 1, createdAt: 7, updatedAt: 7, fixing: 'k1' });
    const queued = await enqueue({ key: 'unused', fixes: 'k1', body: { v: 2 }, values: {}, formVersion: 1, draftId: 'd1' }, 8);
    expect(queued).toMatchObject({ key: 'k1', state: 'pending', attempts: 0, createdAt: 5, body: { v: 2 } });
    expect((await listOutbox()).map((i) => i.key)).toEqual(['k1']);
    expect(await db.get('drafts', 'd1')).toBeUndefined();
  });

  it('queues it as a new contact under its own key when the one it fixes is gone (sent, or discarded)', async () => {
    await enqueue({ key: 'k1', body: { v: 1 }, values: {}, formVersion: 1 }, 5);
    await markSent('k1', 6);
    const queued = await enqueue({ key: 'k2', fixes: 'k1', body: { v: 2 }, values: {}, formVersion: 1 }, 8);
    expect(queued).toMatchObject({ key: 'k2', createdAt: 8 });
    expect((await listOutbox()).map((i) => i.key)).toEqual(['k2']);
  });
});

describe('door visits in the outbox', () => {
  const visit = (door: string) => ({ door, outcome: 'absent', at: '2026-12-03T09:00:00.000Z' });

  it('queues a conversation’s visit with its contact in one transaction, each to its own path', async () => {
    await enqueue(
      {
        key: 'c1',
        body: { kind: 'contact', data: {} },
        values: {},
        formVersion: 1,
        visits: [{ key: 'v1', turfId: 't 1', visit: visit('d1'), label: '1 Rue Cler' }],
      },
      10,
    );
    const items = await listOutbox();
    expect(items.map((i) => [i.key, i.kind, i.path])).toEqual([
      ['c1', 'contact', '/api/contacts'],
      ['v1', 'visit', '/api/turfs/t%201/visits'],
    ]);
    // The contact remembers the turf it was met on, for the console's per-turf figures.
    expect(items[0]!.turfId).toBe('t 1');
    expect(await listPendingVisits()).toEqual([{ ...visit('d1'), key: 'v1', turfId: 't 1' }]);
    expect(await summariseOutbox()).toMatchObject({ waiting: 2, visits: 1 });
  });

  it('holds a visit back for its Undo, and withdraws it only while nothing was tried', async () => {
    const item = await enqueueVisit({ key: 'v1', turfId: 't1', visit: visit('d1'), label: '', notBefore: 6_000 }, 1_000);
    expect(item.nextAttemptAt).toBe(6_000);
    expect(await withdrawVisit('v1')).toBe(true);
    expect(await listOutbox()).toEqual([]);

    await enqueueVisit({ key: 'v2', turfId: 't1', visit: visit('d2'), label: '' }, 1_000);
    await markRetry('v2', { status: 0, title: 'offline' }, 5_000, 2_000);
    expect(await withdrawVisit('v2')).toBe(false);
    expect(await getOutboxItem('v2')).toBeDefined();
    await enqueue({ key: 'c1', body: {}, values: {}, formVersion: 1 });
    expect(await withdrawVisit('c1')).toBe(false);
  });
});
