import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeLocalDb, DB_NAME, localDb, migrateOutboxItem } from './local-db';

beforeEach(async () => {
  await closeLocalDb();
  globalThis.indexedDB = new IDBFactory();
});
afterEach(() => closeLocalDb());

/** The database as the release before walk lists left it: version 1, one contact queued. */
function openVersion1(item: Record<string, unknown>): Promise<void> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(DB_NAME, 1);
    open.onupgradeneeded = () => {
      const db = open.result;
      db.createObjectStore('drafts', { keyPath: 'id' }).createIndex('updatedAt', 'updatedAt');
      db.createObjectStore('outbox', { keyPath: 'key' }).createIndex('createdAt', 'createdAt');
      db.createObjectStore('receipts', { keyPath: 'key' }).createIndex('sentAt', 'sentAt');
      open.transaction!.objectStore('outbox').put(item);
    };
    open.onsuccess = () => {
      open.result.close();
      resolve();
    };
    open.onerror = () => reject(open.error);
  });
}

const oldContact = {
  key: 'k1',
  body: { kind: 'contact', data: { surname: 'Durand' } },
  values: { surname: 'Durand' },
  formVersion: 1,
  createdAt: 5,
  state: 'pending',
  attempts: 2,
  nextAttemptAt: 9,
};

describe('the version 2 upgrade', () => {
  it('keeps every contact queued by the previous release, now saying it is a contact for /api/contacts', async () => {
    await openVersion1(oldContact);
    const db = await localDb();
    expect(await db.get('outbox', 'k1')).toEqual({ ...oldContact, kind: 'contact', path: '/api/contacts' });
    expect(db.objectStoreNames.contains('turfs')).toBe(true);
  });

  it('makes the turfs store on a new device too', async () => {
    const db = await localDb();
    expect([...db.objectStoreNames].sort()).toEqual(['drafts', 'outbox', 'receipts', 'turfs']);
  });

  it('leaves an item that knows its kind as it is', () => {
    const visit = { ...oldContact, kind: 'visit' as const, path: '/api/turfs/t1/visits', state: 'pending' as const };
    expect(migrateOutboxItem(visit)).toEqual(visit);
  });
});
