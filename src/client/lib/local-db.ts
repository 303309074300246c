import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

// The app's one IndexedDB database. Drafts and the outbox share it so that "queue this contact
// and clear its draft" is one durable transaction: a crash can lose neither, nor keep both.

export const DB_NAME = 'doorstep';
export const DB_VERSION = 1;

export interface DraftRecord {
  id: string;
  /** The form's own values, as the form version `formVersion` shaped them. */
  values: unknown;
  formVersion: number;
  createdAt: number;
  updatedAt: number;
  /** The Idempotency-Key of the outbox item this draft fixes ("Fix" on a contact that needs
   * fixing), so that a fix interrupted by a reload or a crash still re-queues that item, under
   * its key, instead of queueing a second copy of the contact. */
  fixing?: string | undefined;
}

export type OutboxState = 'pending' | 'needs-attention';

export interface OutboxError {
  status: number;
  title: string;
  detail?: string | undefined;
  errors?: { location: string; message: string; value?: unknown }[] | undefined;
}

export interface OutboxItem {
  /** The Idempotency-Key: made once when the contact is queued, never remade. */
  key: string;
  /** Qomon's upsert body, validated by the shared contract before it was queued. */
  body: unknown;
  /** The form values it was built from, to reopen it in the form if it needs attention. */
  values: unknown;
  formVersion: number;
  createdAt: number;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: number;
  lastError?: OutboxError | undefined;
  lastAttemptAt?: number | undefined;
}

/** What is kept of a delivered contact: when, and under which key; nothing about the person. */
export interface Receipt {
  key: string;
  queuedAt: number;
  sentAt: number;
}

export interface DoorstepDbSchema extends DBSchema {
  drafts: { key: string; value: DraftRecord; indexes: { updatedAt: number } };
  outbox: { key: string; value: OutboxItem; indexes: { createdAt: number } };
  receipts: { key: string; value: Receipt; indexes: { sentAt: number } };
}

export type DoorstepDb = IDBPDatabase<DoorstepDbSchema>;

let opening: Promise<DoorstepDb> | undefined;

/** The open database, reopened when the browser closed the connection (storage pressure, the
 * user clearing site data, a newer version in another tab). */
export function localDb(): Promise<DoorstepDb> {
  opening ??= openDB<DoorstepDbSchema>(DB_NAME, DB_VERSION, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        db.createObjectStore('drafts', { keyPath: 'id' }).createIndex('updatedAt', 'updatedAt');
        db.createObjectStore('outbox', { keyPath: 'key' }).createIndex('createdAt', 'createdAt');
        db.createObjectStore('receipts', { keyPath: 'key' }).createIndex('sentAt', 'sentAt');
      }
    },
    blocking() {
      // Another tab runs a newer version of the app and wants to upgrade: let it.
      void opening?.then((db) => db.close());
      opening = undefined;
    },
    terminated() {
      opening = undefined;
    },
  }).catch((err: unknown) => {
    opening = undefined;
    throw err;
  });
  return opening;
}

/** Runs `work` on the database, once more on a fresh connection if the old one was closed under
 * it (InvalidStateError), which Chrome does without firing `terminated` in some cases. */
export async function withLocalDb<T>(work: (db: DoorstepDb) => Promise<T>): Promise<T> {
  const db = await localDb();
  try {
    return await work(db);
  } catch (err) {
    if (err instanceof DOMException && err.name === 'InvalidStateError') {
      opening = undefined;
      return work(await localDb());
    }
    throw err;
  }
}

export function isQuotaError(err: unknown): boolean {
  return err instanceof DOMException && (err.name === 'QuotaExceededError' || err.code === 22);
}

/** Forgets the cached connection (tests delete the database between cases). */
export async function closeLocalDb(): Promise<void> {
  const db = await opening?.catch(() => undefined);
  db?.close();
  opening = undefined;
}
