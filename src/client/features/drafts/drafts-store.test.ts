import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeLocalDb } from '@client/lib/local-db';
import {
  clearDraftShadow,
  countOthersDrafts,
  discardDraft,
  getDraft,
  listDrafts,
  readDraft,
  restoreDraft,
  saveDraft,
  writeDraftShadow,
} from './drafts-store';

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

  it('keeps the key of the contact a fix is for, and none for other drafts', async () => {
    await saveDraft('fix', { firstname: 'Ada' }, 1, 10, undefined, 'key-1');
    await saveDraft('plain', { firstname: 'Bea' }, 1, 20);
    expect(await getDraft('fix')).toMatchObject({ fixing: 'key-1' });
    expect(await getDraft('plain')).not.toHaveProperty('fixing');
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
    const migrate = (v: unknown, from: number) => (from === 1 ? { firstname: (v as { name: string }).name.split(' ')[0] } : undefined);
    expect(readDraft(draft, 2, migrate)).toEqual({ readable: true, values: { firstname: 'Ada' } });
    expect(readDraft({ ...draft, formVersion: 0 }, 2, migrate)).toEqual({ readable: false });
    expect(await getDraft('old')).toBeDefined();
  });
});

describe('draft copies left by a page that went away mid-save', () => {
  class MemoryStorage {
    private map = new Map<string, string>();
    get length() {
      return this.map.size;
    }
    key(i: number) {
      return [...this.map.keys()][i] ?? null;
    }
    getItem(k: string) {
      return this.map.get(k) ?? null;
    }
    setItem(k: string, v: string) {
      this.map.set(k, v);
    }
    removeItem(k: string) {
      this.map.delete(k);
    }
  }
  beforeEach(() => {
    (globalThis as { localStorage?: unknown }).localStorage = new MemoryStorage();
  });
  afterEach(() => {
    delete (globalThis as { localStorage?: unknown }).localStorage;
  });

  it('brings back a draft whose IndexedDB write never landed, once', async () => {
    writeDraftShadow({ id: 'lost', values: { firstname: 'Ada Lovel' }, formVersion: 1, createdAt: 5, updatedAt: 9 });
    expect(await listDrafts()).toEqual([{ id: 'lost', values: { firstname: 'Ada Lovel' }, formVersion: 1, createdAt: 5, updatedAt: 9 }]);
    expect(localStorage.length).toBe(0);
    expect(await listDrafts()).toHaveLength(1);
  });

  it('brings back with a fix the key of the contact it fixes', async () => {
    writeDraftShadow({ id: 'fix', values: { firstname: 'Ada' }, formVersion: 1, createdAt: 5, updatedAt: 9, fixing: 'key-1' });
    expect(await listDrafts()).toEqual([
      { id: 'fix', values: { firstname: 'Ada' }, formVersion: 1, createdAt: 5, updatedAt: 9, fixing: 'key-1' },
    ]);
  });

  it('never lets an older copy overwrite a newer draft', async () => {
    await saveDraft('a', { firstname: 'Ada Lovelace' }, 1, 20);
    writeDraftShadow({ id: 'a', values: { firstname: 'Ada' }, formVersion: 1, createdAt: 1, updatedAt: 10 });
    expect((await listDrafts())[0]!.values).toEqual({ firstname: 'Ada Lovelace' });
    expect(localStorage.length).toBe(0);
  });

  it('drops a copy once the write it backs up has landed, but not a newer one', () => {
    writeDraftShadow({ id: 'a', values: {}, formVersion: 1, createdAt: 1, updatedAt: 10 });
    clearDraftShadow('a', 5);
    expect(localStorage.length).toBe(1);
    clearDraftShadow('a', 10);
    expect(localStorage.length).toBe(0);
  });
});

describe('drafts of a shared tablet', () => {
  it('are listed for their author only; others are counted, never read out', async () => {
    await saveDraft('a1', { surname: 'Morel' }, 1, 10, undefined, undefined, 'anne');
    await saveDraft('b1', { surname: 'Petit' }, 1, 20, undefined, undefined, 'bruno');
    expect((await listDrafts('bruno')).map((d) => d.id)).toEqual(['b1']);
    expect((await listDrafts('anne')).map((d) => ({ id: d.id, author: d.author }))).toEqual([{ id: 'a1', author: 'anne' }]);
    expect(await countOthersDrafts('bruno')).toBe(1);
    expect((await listDrafts()).map((d) => d.id)).toEqual(['b1', 'a1']);
  });
});
