import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { closeLocalDb, localDb, StorageFullError } from '../local-db';
import { enqueue, getReceipt, listOutbox, markSent } from './outbox-store';

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
