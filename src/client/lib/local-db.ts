import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { TurfWire } from '@shared/turf-schema';

// The app's one IndexedDB database. Drafts and the outbox share it so that "queue this contact
// and clear its draft" is one durable transaction: a crash can lose neither, nor keep both.

export const DB_NAME = 'doorstep';
/** 2: outbox items know their kind and path (visits beside contacts); turfs kept on the device.
 * 3: drafts and outbox items know their author (an index on `author`), for shared tablets. */
export const DB_VERSION = 3;

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
  /** The canvasser who typed it: only they see it, resume it or export it. Missing on a draft
   * kept by a release before version 3, until the next sign-in adopts it (adoptUnowned). */
  author?: string | undefined;
}

export type OutboxState = 'pending' | 'needs-attention';

export interface OutboxError {
  status: number;
  title: string;
  detail?: string | undefined;
  errors?: { location: string; message: string; value?: unknown }[] | undefined;
}

/** What an outbox item is: a contact (for Qomon) or a door's visit (walk-list progress). */
export type OutboxKind = 'contact' | 'visit';

export const CONTACTS_PATH = '/api/contacts';
export const visitsPath = (turfId: string) => `/api/turfs/${encodeURIComponent(turfId)}/visits`;

export interface OutboxItem {
  /** The Idempotency-Key: made once when the item is queued, never remade. */
  key: string;
  kind: OutboxKind;
  /** Where it is POSTed: `/api/contacts`, or its turf's `/api/turfs/:id/visits`. */
  path: string;
  /** Qomon's upsert body, validated by the shared contract before it was queued; or a `Visit`. */
  body: unknown;
  /** The form values it was built from, to reopen it in the form if it needs attention (null for
   * a visit: there is no form to reopen). */
  values: unknown;
  /** A visit's turf; for a contact, the turf it was met on (a walk list's conversation). */
  turfId?: string | undefined;
  /** What a visit's row says ("12 Rue Cler · Absent"): it has no form values to describe. */
  label?: string | undefined;
  formVersion: number;
  createdAt: number;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: number;
  lastError?: OutboxError | undefined;
  lastAttemptAt?: number | undefined;
  /** The canvasser who queued it: only they see its content; it is delivered under their name
   * whoever is signed in (see `authorToken`). Missing on an item from before version 3, until the
   * next sign-in adopts it. */
  author?: string | undefined;
  /** The server's proof that `author` signed in on this device, kept from the author's session:
   * sent with the item when another canvasser's session delivers it. Dropped when the server
   * refuses it (expired, or not this device's): the item then waits for its author. */
  authorToken?: string | undefined;
}

/** What is kept of a delivered contact: when, and under which key; nothing about the person. */
export interface Receipt {
  key: string;
  queuedAt: number;
  sentAt: number;
}

/** An item stored before version 2 was a contact: it says so now, and where it goes. */
export function migrateOutboxItem(item: Omit<OutboxItem, 'kind' | 'path'> & Partial<Pick<OutboxItem, 'kind' | 'path'>>): OutboxItem {
  return { ...item, kind: item.kind ?? 'contact', path: item.path ?? CONTACTS_PATH };
}

/** A turf as last read from the server, kept so that it can be worked with no network. */
export interface KeptTurf {
  id: string;
  /** Whose list it is: another canvasser signing in on this tablet does not get it. */
  canvasserId: string;
  wire: TurfWire;
  etag?: string | undefined;
  savedAt: number;
}

export interface DoorstepDbSchema extends DBSchema {
  drafts: { key: string; value: DraftRecord; indexes: { updatedAt: number; author: string } };
  outbox: { key: string; value: OutboxItem; indexes: { createdAt: number; author: string } };
  receipts: { key: string; value: Receipt; indexes: { sentAt: number } };
  turfs: { key: string; value: KeptTurf; indexes: { canvasserId: string } };
}

export type DoorstepDb = IDBPDatabase<DoorstepDbSchema>;

let opening: Promise<DoorstepDb> | undefined;

/** The open database, reopened when the browser closed the connection (storage pressure, the
 * user clearing site data, a newer version in another tab). */
export function localDb(): Promise<DoorstepDb> {
  opening ??= openDB<DoorstepDbSchema>(DB_NAME, DB_VERSION, {
    async upgrade(db, oldVersion, _newVersion, tx) {
      if (oldVersion < 1) {
        db.createObjectStore('drafts', { keyPath: 'id' }).createIndex('updatedAt', 'updatedAt');
        db.createObjectStore('outbox', { keyPath: 'key' }).createIndex('createdAt', 'createdAt');
        db.createObjectStore('receipts', { keyPath: 'key' }).createIndex('sentAt', 'sentAt');
      }
      if (oldVersion < 2) {
        db.createObjectStore('turfs', { keyPath: 'id' }).createIndex('canvasserId', 'canvasserId');
        // Contacts queued by the previous release are rewritten in the upgrade's own transaction:
        // no read of the new version ever meets an item without its kind.
        if (oldVersion >= 1) {
          let cursor = await tx.objectStore('outbox').openCursor();
          while (cursor) {
            await cursor.update(migrateOutboxItem(cursor.value));
            cursor = await cursor.continue();
          }
        }
      }
      if (oldVersion < 3) {
        // Nothing is rewritten: who typed an older item is not recorded anywhere, so it stays
        // without an author until the next canvasser to sign in adopts it (adoptUnowned).
        tx.objectStore('drafts').createIndex('author', 'author');
        tx.objectStore('outbox').createIndex('author', 'author');
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

/** Whether a draft or an outbox item is `canvasserId`'s own. One from before version 3 (no
 * author) counts as the signed-in canvasser's: the first sign-in adopts it (adoptUnowned) in a
 * transaction of its own, and reading the drafts need not wait for that. */
export function ownedBy(record: { author?: string | undefined }, canvasserId: string | undefined): boolean {
  return canvasserId === undefined || record.author === undefined || record.author === canvasserId;
}

/** Gives the drafts and outbox items kept by a release before version 3 (no author) to
 * `canvasserId`, in one transaction; returns how many. Called at each sign-in: the first
 * canvasser to sign in after the update is the likeliest author (a tablet is updated while in
 * use), and before the update such items went under whoever was signed in anyway, so adopting
 * them is never worse than before; from then on they are owned. */
export function adoptUnowned(canvasserId: string): Promise<number> {
  return withLocalDb(async (db) => {
    const tx = db.transaction(['drafts', 'outbox'], 'readwrite', { durability: 'strict' });
    let adopted = 0;
    for (const name of ['drafts', 'outbox'] as const) {
      let cursor = await tx.objectStore(name).openCursor();
      while (cursor) {
        if (cursor.value.author === undefined) {
          await cursor.update({ ...cursor.value, author: canvasserId });
          adopted++;
        }
        cursor = await cursor.continue();
      }
    }
    await tx.done;
    return adopted;
  });
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
