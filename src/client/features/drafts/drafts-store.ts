import { isQuotaError, ownedBy, withLocalDb, type DraftRecord } from '@client/lib/local-db';
import { StorageFullError } from '@client/lib/storage-full-error';

// Drafts: the form in progress, written as the canvasser types. Each record says which version of
// the form shaped its values, so that a later form can read (migrate) an older draft instead of
// stranding it.

export function newDraftId(): string {
  return crypto.randomUUID();
}

/** Saves (creates or replaces) a draft. Relaxed durability: a draft is rewritten every few
 * keystrokes, and losing the last half-second in a power cut is the price of never blocking input.
 * With `createdAt` known (the caller saved this draft before) the record is written without
 * reading it first: a save made while the page is going away (pagehide) must reach the database
 * in the same task, and a read would wait for a round trip the closing page may never get. */
export async function saveDraft(
  id: string,
  values: unknown,
  formVersion: number,
  now = Date.now(),
  createdAt?: number,
  fixing?: string,
  author?: string,
): Promise<void> {
  try {
    await withLocalDb(async (db) => {
      const tx = db.transaction('drafts', 'readwrite', { durability: 'relaxed' });
      const created = createdAt ?? (await tx.store.get(id))?.createdAt ?? now;
      const put = tx.store.put({
        id,
        values,
        formVersion,
        createdAt: created,
        updatedAt: now,
        ...(fixing ? { fixing } : {}),
        ...(author ? { author } : {}),
      });
      // Committed at once rather than when the transaction falls idle: the page may be unloading.
      (tx as unknown as { commit?: () => void }).commit?.();
      await Promise.all([put, tx.done]);
    });
  } catch (err) {
    if (isQuotaError(err)) {
      throw new StorageFullError(
        'This device has no room left to save the draft. Export the unsent contacts and drafts, then free some space.',
        { cause: err },
      );
    }
    throw err;
  }
}

// The page may be torn down before an IndexedDB write started in `pagehide` commits (seen in
// Chromium when the service worker serves the reload within milliseconds: the draft was lost), so
// what is pending when the page goes away is also copied to localStorage, whose writes are
// synchronous. The copy is dropped once the IndexedDB write lands, so one survives only when that
// write died with the page; the next start writes it into IndexedDB.
const SHADOW_PREFIX = 'doorstep:draft-shadow:';

function storage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined; // storage disabled by the browser
  }
}

export function writeDraftShadow(record: DraftRecord): void {
  try {
    storage()?.setItem(SHADOW_PREFIX + record.id, JSON.stringify(record));
  } catch {
    // Full or disabled: the IndexedDB write is still under way.
  }
}

/** Drops the copy of draft `id`, unless it is newer than `savedAt` (a later unload wrote it). */
export function clearDraftShadow(id: string, savedAt = Infinity): void {
  const store = storage();
  const raw = store?.getItem(SHADOW_PREFIX + id);
  if (!store || raw == null) return;
  try {
    if ((JSON.parse(raw) as DraftRecord).updatedAt > savedAt) return;
  } catch {
    // unreadable: drop it
  }
  store.removeItem(SHADOW_PREFIX + id);
}

/** Writes into IndexedDB every draft copy left by a page that went away mid-save, where it is
 * newer than what IndexedDB holds. */
export async function recoverDraftShadows(): Promise<number> {
  const store = storage();
  if (!store) return 0;
  const keys = Array.from({ length: store.length }, (_, i) => store.key(i)).filter((k): k is string => !!k?.startsWith(SHADOW_PREFIX));
  let recovered = 0;
  for (const key of keys) {
    let shadow: DraftRecord | undefined;
    try {
      shadow = JSON.parse(store.getItem(key) ?? 'null') as DraftRecord | undefined;
    } catch {
      shadow = undefined;
    }
    if (shadow && typeof shadow.id === 'string' && typeof shadow.updatedAt === 'number') {
      const existing = await getDraft(shadow.id);
      if (!existing || existing.updatedAt < shadow.updatedAt) {
        await saveDraft(
          shadow.id,
          shadow.values,
          shadow.formVersion,
          shadow.updatedAt,
          existing?.createdAt ?? shadow.createdAt,
          shadow.fixing,
          shadow.author ?? existing?.author,
        );
        recovered++;
      }
    }
    store.removeItem(key);
  }
  return recovered;
}

/** Every draft, the most recently touched first (after recovering any left by an unload); with
 * `author`, only that canvasser's. */
export async function listDrafts(author?: string): Promise<DraftRecord[]> {
  await recoverDraftShadows().catch(() => 0);
  const all = await withLocalDb((db) => db.getAllFromIndex('drafts', 'updatedAt'));
  return all.reverse().filter((d) => ownedBy(d, author));
}

/** How many drafts of canvassers other than `author` this device keeps: a count, nothing of
 * what they hold. */
export async function countOthersDrafts(author: string): Promise<number> {
  const all = await withLocalDb((db) => db.getAll('drafts'));
  return all.filter((d) => !ownedBy(d, author)).length;
}

export function getDraft(id: string): Promise<DraftRecord | undefined> {
  return withLocalDb((db) => db.get('drafts', id));
}

/** Deletes a draft and returns it, so that "undo" can put it back as it was. */
export async function discardDraft(id: string): Promise<DraftRecord | undefined> {
  return withLocalDb(async (db) => {
    const tx = db.transaction('drafts', 'readwrite');
    const draft = await tx.store.get(id);
    if (draft) await tx.store.delete(id);
    await tx.done;
    return draft;
  });
}

export async function restoreDraft(draft: DraftRecord): Promise<void> {
  await withLocalDb((db) => db.put('drafts', draft));
}

/** A draft's values in the current form's shape: `migrate` knows every older version; a draft
 * it cannot read is returned untouched with `readable: false`, never deleted. */
export function readDraft<T>(
  draft: DraftRecord,
  currentVersion: number,
  migrate: (values: unknown, fromVersion: number) => T | undefined,
): { readable: true; values: T } | { readable: false } {
  const values = draft.formVersion === currentVersion ? (draft.values as T) : migrate(draft.values, draft.formVersion);
  return values === undefined ? { readable: false } : { readable: true, values };
}
