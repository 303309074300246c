import { isQuotaError, StorageFullError, withLocalDb, type DraftRecord } from '../local-db';

// Drafts: the form in progress, written as the canvasser types. Each record says which version of
// the form shaped its values, so that a later form can read (migrate) an older draft instead of
// stranding it.

export function newDraftId(): string {
  return crypto.randomUUID();
}

/** Saves (creates or replaces) a draft. Relaxed durability: a draft is rewritten every few
 * keystrokes, and losing the last half-second in a power cut is the price of never blocking input. */
export async function saveDraft(id: string, values: unknown, formVersion: number, now = Date.now()): Promise<void> {
  try {
    await withLocalDb(async (db) => {
      const tx = db.transaction('drafts', 'readwrite', { durability: 'relaxed' });
      const existing = await tx.store.get(id);
      await tx.store.put({ id, values, formVersion, createdAt: existing?.createdAt ?? now, updatedAt: now });
      await tx.done;
    });
  } catch (err) {
    if (isQuotaError(err)) {
      throw new StorageFullError('This device has no room left to save the draft. Export the unsent contacts and drafts, then free some space.', { cause: err });
    }
    throw err;
  }
}

/** Every draft, the most recently touched first. */
export async function listDrafts(): Promise<DraftRecord[]> {
  const all = await withLocalDb((db) => db.getAllFromIndex('drafts', 'updatedAt'));
  return all.reverse();
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
