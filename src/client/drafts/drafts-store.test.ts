import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeLocalDb } from '../local-db';
import { discardDraft, getDraft, listDrafts, readDraft, restoreDraft, saveDraft } from './drafts-store';

beforeEach(async () => {
  await closeLocalDb();
  globalThis.indexedDB = new IDBFactory();
});
afterEach(() => closeLocalDb());

describe('drafts', () => {
  it('saves, replaces and lists drafts, the most recent first, keeping the creation time', async () => {
    await saveDraft('a', { firstname: 'Ad' }, 1, 10);
    await saveDraft('b', { firstname: 'Be' }, 1, 20);
    await saveDraft('a', { firstname: 'Ada' }, 1, 30);
    const drafts = await listDrafts();
    expect(drafts.map((d) => d.id)).toEqual(['a', 'b']);
    expect(drafts[0]).toMatchObject({ values: { firstname: 'Ada' }, createdAt: 10, updatedAt: 30 });
  });

  it('discards with undo: the restored draft is the one discarded', async () => {
    await saveDraft('a', { firstname: 'Ada' }, 1, 10);
    const gone = await discardDraft('a');
    expect(await getDraft('a')).toBeUndefined();
    await restoreDraft(gone!);
    expect(await getDraft('a')).toEqual(gone);
  });

  it('reads an older draft through the migration, and never drops one it cannot read', async () => {
    await saveDraft('old', { name: 'Ada Lovelace' }, 1, 10);
    const draft = (await getDraft('old'))!;
    const migrate = (v: unknown, from: number) =>
      from === 1 ? { firstname: (v as { name: string }).name.split(' ')[0] } : undefined;
    expect(readDraft(draft, 2, migrate)).toEqual({ readable: true, values: { firstname: 'Ada' } });
    expect(readDraft({ ...draft, formVersion: 0 }, 2, migrate)).toEqual({ readable: false });
    expect(await getDraft('old')).toBeDefined();
  });
});
