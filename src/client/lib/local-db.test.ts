import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { adoptUnowned, closeLocalDb, DB_NAME, localDb, migrateOutboxItem, ownedBy } from './local-db';

beforeEach(async () => {
  await closeLocalDb();
  globalThis.indexedDB = new IDBFactory();
});
afterEach(() => closeLocalDb());

/** The database as the release before shared tablets left it: version 2, with no authors. */
function openVersion2(draft: Record<string, unknown>, item: Record<string, unknown>): Promise<void> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(DB_NAME, 2);
    open.onupgradeneeded = () => {
      const db = open.result;
      db.createObjectStore('drafts', { keyPath: 'id' }).createIndex('updatedAt', 'updatedAt');
      db.createObjectStore('outbox', { keyPath: 'key' }).createIndex('createdAt', 'createdAt');
      db.createObjectStore('receipts', { keyPath: 'key' }).createIndex('sentAt', 'sentAt');
      db.createObjectStore('turfs', { keyPath: 'id' }).createIndex('canvasserId', 'canvasserId');
      open.transaction!.objectStore('drafts').put(draft);
      open.transaction!.objectStore('outbox').put(item);
    };
    open.onsuccess = () => {
      open.result.close();
      resolve();
    };
    open.onerror = () => reject(open.error);
  });
}

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

describe('the version 3 upgrade (authors, for shared tablets)', () => {
  const oldDraft = { id: 'd1', values: { surname: 'Morel' }, formVersion: 1, createdAt: 1, updatedAt: 2 };
  const v2Contact = { ...oldContact, kind: 'contact', path: '/api/contacts' };

  it('keeps every draft and item as it was, nobody’s until the first sign-in adopts them', async () => {
    await openVersion2(oldDraft, v2Contact);
    const db = await localDb();
    expect(await db.get('drafts', 'd1')).toEqual(oldDraft);
    expect(await db.get('outbox', 'k1')).toEqual(v2Contact);
    expect([...db.transaction('outbox').store.indexNames]).toContain('author');
    // Listed as the signed-in canvasser's until adopted (the adoption runs at sign-in).
    expect(ownedBy(oldDraft as { author?: string }, 'anne')).toBe(true);

    expect(await adoptUnowned('anne')).toBe(2);
    expect(await db.get('drafts', 'd1')).toEqual({ ...oldDraft, author: 'anne' });
    expect(await db.get('outbox', 'k1')).toEqual({ ...v2Contact, author: 'anne' });
    // Adopted once: the next canvasser to sign in takes nothing of hers.
    expect(await adoptUnowned('bruno')).toBe(0);
    expect((await db.getAllFromIndex('drafts', 'author', 'anne')).map((d) => d.id)).toEqual(['d1']);
  });
});
