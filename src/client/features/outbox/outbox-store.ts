import type { Visit } from '@shared/turf-schema';
import {
  CONTACTS_PATH,
  isQuotaError,
  ownedBy,
  visitsPath,
  withLocalDb,
  type OutboxError,
  type OutboxItem,
  type Receipt,
} from '@client/lib/local-db';
import { StorageFullError } from '@client/lib/storage-full-error';

// The outbox is the source of truth for every contact not yet accepted by the server: each
// change to it is one IndexedDB transaction, and nothing leaves it but a 202.

export interface EnqueueInput {
  key: string;
  body: unknown;
  values: unknown;
  formVersion: number;
  /** The draft this contact was typed in, deleted in the same transaction. */
  draftId?: string | undefined;
  /** The key of the contact this one fixes ("Fix" on a contact that needs fixing): queued again
   * under that key, in its place, while it is still in the outbox. Gone meanwhile (sent, or
   * discarded), this is a contact of its own, queued under `key`. Looked up in the same
   * transaction, so that no discard can slip in between. */
  fixes?: string | undefined;
  /** Door visits queued in the same transaction: a conversation's visit goes with its contact,
   * or with neither. */
  visits?: readonly QueuedVisit[] | undefined;
  /** The signed-in canvasser who queues it, and the server's author token for this device. */
  author?: string | undefined;
  authorToken?: string | undefined;
}

/** A door's visit, for `POST /api/turfs/:turfId/visits`. */
export interface QueuedVisit {
  key: string;
  turfId: string;
  visit: Visit;
  /** What the outbox's list says of it ("12 Rue Cler · Absent"). */
  label: string;
  /** Not sent before this time: the few seconds its Undo is offered. */
  notBefore?: number | undefined;
  /** Whose it is (see OutboxItem.author). */
  author?: string | undefined;
  authorToken?: string | undefined;
}

/** A visit still in the outbox: the door list shows it at once, before the server has it. */
export interface PendingVisit extends Visit {
  key: string;
  turfId: string;
}

function visitItem(v: QueuedVisit, now: number): OutboxItem {
  return {
    key: v.key,
    kind: 'visit',
    path: visitsPath(v.turfId),
    turfId: v.turfId,
    label: v.label,
    body: v.visit,
    values: null,
    formVersion: 0,
    createdAt: now,
    state: 'pending',
    attempts: 0,
    nextAttemptAt: Math.max(now, v.notBefore ?? now),
    ...owner(v),
  };
}

/** The author fields of an item, left out when unknown (no session: tests, an older caller). */
function owner(from: { author?: string | undefined; authorToken?: string | undefined }): Pick<OutboxItem, 'author' | 'authorToken'> {
  return { ...(from.author ? { author: from.author } : {}), ...(from.author && from.authorToken ? { authorToken: from.authorToken } : {}) };
}

const STORAGE_FULL = 'This device has no room left to keep the contact. Export the unsent contacts and drafts now, then free some space.';

async function guardQuota<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (isQuotaError(err)) throw new StorageFullError(STORAGE_FULL, { cause: err });
    throw err;
  }
}

/** Queues a validated contact and deletes its draft, durably, in one transaction: after a crash
 * either both happened or neither did. An existing item with the same key is updated in place
 * (a contact fixed after "needs attention" keeps its key); the item returned says which key the
 * contact went under. */
export function enqueue(input: EnqueueInput, now = Date.now()): Promise<OutboxItem> {
  return guardQuota(() =>
    withLocalDb(async (db) => {
      // 'strict' asks the browser to flush to disk before reporting success
      // (https://developer.mozilla.org/en-US/docs/Web/API/IDBTransaction/durability).
      const tx = db.transaction(['outbox', 'drafts'], 'readwrite', { durability: 'strict' });
      const fixed = input.fixes === undefined ? undefined : await tx.objectStore('outbox').get(input.fixes);
      const key = fixed?.key ?? input.key;
      const existing = fixed ?? (await tx.objectStore('outbox').get(key));
      const item: OutboxItem = {
        key,
        kind: 'contact',
        path: CONTACTS_PATH,
        body: input.body,
        values: input.values,
        formVersion: input.formVersion,
        createdAt: existing?.createdAt ?? now,
        state: 'pending',
        attempts: 0,
        nextAttemptAt: now,
        ...owner(input),
      };
      // A conversation at a walk list's door: its contact counts for that turf in the console.
      const turfId = input.visits?.[0]?.turfId ?? existing?.turfId;
      if (turfId) item.turfId = turfId;
      await tx.objectStore('outbox').put(item);
      for (const visit of input.visits ?? []) await tx.objectStore('outbox').put(visitItem(visit, now));
      if (input.draftId) await tx.objectStore('drafts').delete(input.draftId);
      await tx.done;
      return item;
    }),
  );
}

/** Queues a door's visit (a door with no conversation), durably, as a contact is queued. */
export function enqueueVisit(visit: QueuedVisit, now = Date.now()): Promise<OutboxItem> {
  return guardQuota(() =>
    withLocalDb(async (db) => {
      const item = visitItem(visit, now);
      const tx = db.transaction('outbox', 'readwrite', { durability: 'strict' });
      await tx.store.put(item);
      await tx.done;
      return item;
    }),
  );
}

/** Undo of a visit: deleted while no attempt to send it has begun (its hold keeps the drain off
 * it meanwhile). False once it may have reached the server: it then stands. */
export function withdrawVisit(key: string): Promise<boolean> {
  return withLocalDb(async (db) => {
    const tx = db.transaction('outbox', 'readwrite', { durability: 'strict' });
    const item = await tx.store.get(key);
    const withdrawn = item?.kind === 'visit' && item.attempts === 0 && item.lastAttemptAt === undefined;
    if (withdrawn) await tx.store.delete(key);
    await tx.done;
    return withdrawn;
  });
}

/** The visits still in the outbox, oldest first; with `author`, only that canvasser's. */
export async function listPendingVisits(author?: string): Promise<PendingVisit[]> {
  const items = await listOutbox(author);
  return items.flatMap((item) =>
    item.kind === 'visit' && item.turfId ? [{ ...(item.body as Visit), key: item.key, turfId: item.turfId }] : [],
  );
}

/** Every item, oldest first: the order they are sent in; with `author`, only that canvasser's. */
export async function listOutbox(author?: string): Promise<OutboxItem[]> {
  const all = await withLocalDb((db) => db.getAllFromIndex('outbox', 'createdAt'));
  return author === undefined ? all : all.filter((i) => ownedBy(i, author));
}

export function getOutboxItem(key: string): Promise<OutboxItem | undefined> {
  return withLocalDb((db) => db.get('outbox', key));
}

/** The receipt of a delivered contact, if this device delivered it (or another tab did). */
export function getReceipt(key: string): Promise<Receipt | undefined> {
  return withLocalDb((db) => db.get('receipts', key));
}

/** The server accepted it: the payload goes, a receipt without personal data stays.
 *
 * Relaxed durability (no wait for a disk flush, which cost several ms per contact on the drain's
 * critical path): the worst a crash or power cut can do is lose this write, and then the contact
 * is still in the outbox and is sent again, under the same Idempotency-Key; the server answers a
 * key it has seen from its idempotency store, without forwarding the contact to Qomon a second
 * time. So nothing is lost and nothing is duplicated; only what may never be lost (enqueue) waits
 * for the disk. */
export function markSent(key: string, now = Date.now()): Promise<void> {
  return withLocalDb(async (db) => {
    const tx = db.transaction(['outbox', 'receipts'], 'readwrite', { durability: 'relaxed' });
    const item = await tx.objectStore('outbox').get(key);
    if (item) {
      const receipt: Receipt = { key, queuedAt: item.createdAt, sentAt: now };
      await tx.objectStore('receipts').put(receipt);
      await tx.objectStore('outbox').delete(key);
    }
    await tx.done;
  });
}

async function update(key: string, change: (item: OutboxItem) => OutboxItem): Promise<void> {
  await withLocalDb(async (db) => {
    const tx = db.transaction('outbox', 'readwrite');
    const item = await tx.store.get(key);
    // Gone meanwhile (sent by another tab, discarded): nothing to update.
    if (item) await tx.store.put(change(item));
    await tx.done;
  });
}

export function markRetry(key: string, error: OutboxError, nextAttemptAt: number, now = Date.now()): Promise<void> {
  return update(key, (item) => ({
    ...item,
    state: 'pending',
    attempts: item.attempts + 1,
    nextAttemptAt,
    lastError: error,
    lastAttemptAt: now,
  }));
}

/** The server refused the author token of an item sent for another canvasser (expired, made for
 * another device): the token goes, the item stays, and waits for its author to sign in here. */
export function markOnBehalfRefused(key: string, error: OutboxError, now = Date.now()): Promise<void> {
  return update(key, ({ authorToken: _dropped, ...item }) => ({
    ...item,
    state: 'pending',
    attempts: item.attempts + 1,
    lastError: error,
    lastAttemptAt: now,
  }));
}

export function markNeedsAttention(key: string, error: OutboxError, now = Date.now()): Promise<void> {
  return update(key, (item) => ({ ...item, state: 'needs-attention', attempts: item.attempts + 1, lastError: error, lastAttemptAt: now }));
}

/** "Send now": every waiting item becomes due at once. With `which` 'unreachable', only those
 * that wait because no answer came (offline): when the network is back they need not sit out a
 * backoff that grew while it was gone, but a server's own Retry-After is still honoured. */
export function makeAllDue(now = Date.now(), which: 'all' | 'unreachable' = 'all'): Promise<void> {
  return withLocalDb(async (db) => {
    const tx = db.transaction('outbox', 'readwrite');
    for (const item of await tx.store.getAll()) {
      if (item.state !== 'pending' || item.nextAttemptAt <= now) continue;
      if (which === 'unreachable' && item.lastError?.status !== 0) continue;
      await tx.store.put({ ...item, nextAttemptAt: now });
    }
    await tx.done;
  });
}

/** Deletes a contact that needs fixing and returns it, so that "undo" can put it back as it was.
 * Only one that needs fixing: one fixed and queued again meanwhile (in another tab) is on its
 * way, and is left alone (undefined). */
export function discardOutboxItem(key: string): Promise<OutboxItem | undefined> {
  return withLocalDb(async (db) => {
    const tx = db.transaction('outbox', 'readwrite');
    const item = await tx.store.get(key);
    const gone = item?.state === 'needs-attention' ? item : undefined;
    if (gone) await tx.store.delete(key);
    await tx.done;
    return gone;
  });
}

/** Undo of a discard. Durable as a queued contact is: it is one again. */
export function restoreOutboxItem(item: OutboxItem): Promise<void> {
  return guardQuota(() =>
    withLocalDb(async (db) => {
      const tx = db.transaction('outbox', 'readwrite', { durability: 'strict' });
      // A contact queued under the same key meanwhile (its fix) is newer than the one discarded.
      if (!(await tx.store.get(item.key))) await tx.store.put(item);
      await tx.done;
    }),
  );
}

/** How long a receipt is kept: long enough to answer "was it sent?" about any recent round of
 * canvassing, short enough that the device does not keep a growing log of every door. */
export const RECEIPT_MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;

/** Deletes the receipts of contacts sent more than `maxAgeMs` before `now`; returns how many. */
export function pruneReceipts(now = Date.now(), maxAgeMs = RECEIPT_MAX_AGE_MS): Promise<number> {
  return withLocalDb(async (db) => {
    const tx = db.transaction('receipts', 'readwrite', { durability: 'relaxed' });
    let pruned = 0;
    let cursor = await tx.store.index('sentAt').openCursor(IDBKeyRange.upperBound(now - maxAgeMs, true));
    while (cursor) {
      await cursor.delete();
      pruned++;
      cursor = await cursor.continue();
    }
    await tx.done;
    return pruned;
  });
}

export interface OutboxSummary {
  /** With an author: that canvasser's items only (the others are counted in `others`). */
  waiting: number;
  /** Of those waiting, door visits (the others are contacts). */
  visits: number;
  needsAttention: number;
  oldestCreatedAt: number | undefined;
  lastSentAt: number | undefined;
  /** Items of other canvassers waiting on this device: a count, nothing of what they hold. */
  others: number;
  /** Of those, door visits. */
  otherVisits: number;
}

/** The counts the status bar shows; with `author`, of that canvasser's items, the others only
 * counted. */
export function summariseOutbox(author?: string): Promise<OutboxSummary> {
  return withLocalDb(async (db) => {
    const tx = db.transaction(['outbox', 'receipts']);
    const all = await tx.objectStore('outbox').index('createdAt').getAll();
    const lastReceipt = await tx.objectStore('receipts').index('sentAt').openCursor(null, 'prev');
    const items = all.filter((i) => ownedBy(i, author));
    const others = all.filter((i) => !ownedBy(i, author));
    return {
      others: others.length,
      otherVisits: others.filter((i) => i.kind === 'visit').length,
      waiting: items.length,
      visits: items.filter((i) => i.kind === 'visit').length,
      needsAttention: items.filter((i) => i.state === 'needs-attention').length,
      oldestCreatedAt: items[0]?.createdAt,
      lastSentAt: lastReceipt?.value.sentAt,
    };
  });
}
