import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { closeLocalDb } from '@client/lib/local-db';
import { AUTOSAVE_DELAY_MS, BEFORE_UPDATE_EVENT, createDraftAutosave } from './create-draft-autosave';
import { listDrafts } from './drafts-store';

beforeEach(async () => {
  await closeLocalDb();
  globalThis.indexedDB = new IDBFactory();
});
afterEach(async () => {
  vi.useRealTimers();
  await closeLocalDb();
});

function recorder() {
  const saves: { id: string; values: unknown; createdAt: number | undefined; fixing?: string | undefined }[] = [];
  const save = vi.fn(async (id: string, values: unknown, _version: number, _now?: number, createdAt?: number, fixing?: string) => {
    saves.push({ id, values, createdAt, ...(fixing ? { fixing } : {}) });
  });
  return { saves, save };
}

describe('createDraftAutosave', () => {
  it('writes once typing pauses, with the last values only', async () => {
    vi.useFakeTimers();
    const { saves, save } = recorder();
    const autosave = createDraftAutosave({ formVersion: 1, save });
    autosave.change({ firstname: 'A' });
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS - 100);
    autosave.change({ firstname: 'Ad' });
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS - 100);
    autosave.change({ firstname: 'Ada' });
    expect(saves).toEqual([]);
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS);
    expect(saves.map((s) => s.values)).toEqual([{ firstname: 'Ada' }]);
    // Later saves go to the same draft, keeping its creation time without reading it back.
    autosave.change({ firstname: 'Ada L' });
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS);
    expect(saves[1]).toMatchObject({ id: saves[0]!.id, createdAt: saves[0]!.createdAt });
    expect(autosave.currentId()).toBe(saves[0]!.id);
  });

  it('writes at once, in the same task, when the page is hidden, closed or about to update', () => {
    const { saves, save } = recorder();
    const target = new EventTarget() as unknown as Window;
    const doc = Object.assign(new EventTarget(), { visibilityState: 'visible' });
    Object.assign(target, { document: doc });
    const autosave = createDraftAutosave({ formVersion: 1, save });
    const stop = autosave.listen(target);

    autosave.change({ n: 1 });
    target.dispatchEvent(new Event('pagehide'));
    expect(saves.map((s) => s.values)).toEqual([{ n: 1 }]);

    autosave.change({ n: 2 });
    // The update prompt is handed the save, and reloads only once it is written.
    const waited: PromiseLike<unknown>[] = [];
    target.dispatchEvent(new CustomEvent(BEFORE_UPDATE_EVENT, { detail: { waitUntil: (p: PromiseLike<unknown>) => waited.push(p) } }));
    expect(waited).toHaveLength(1);
    autosave.change({ n: 3 });
    doc.visibilityState = 'hidden';
    doc.dispatchEvent(new Event('visibilitychange'));
    expect(saves.map((s) => s.values)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);

    stop();
    autosave.change({ n: 4 });
    target.dispatchEvent(new Event('pagehide'));
    expect(saves).toHaveLength(3);
    autosave.finish();
  });

  it('forgets what was pending when the contact is queued, and starts a new draft after', async () => {
    vi.useFakeTimers();
    const { saves, save } = recorder();
    const autosave = createDraftAutosave({ formVersion: 1, save });
    autosave.change({ n: 1 });
    await autosave.flush();
    autosave.change({ n: 2 });
    const id = autosave.finish()?.id;
    expect(id).toBe(saves[0]!.id);
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS * 2);
    // The queued contact's draft is not written again (it would come back from the dead).
    expect(saves).toHaveLength(1);
    autosave.change({ n: 3 });
    await autosave.flush();
    expect(saves[1]!.id).not.toBe(id);
  });

  it('saves what was pending for one draft before going on with another', async () => {
    const { saves, save } = recorder();
    const autosave = createDraftAutosave({ formVersion: 1, save });
    autosave.change({ n: 1 });
    await autosave.switchTo({ id: 'older', createdAt: 5 });
    autosave.change({ n: 2 });
    await autosave.flush();
    expect(saves.map((s) => [s.values, s.id === 'older'])).toEqual([
      [{ n: 1 }, false],
      [{ n: 2 }, true],
    ]);
    expect(saves[1]!.createdAt).toBe(5);
  });

  it('keeps the values of a failed save for the next try, and reports the failure', async () => {
    const errors: unknown[] = [];
    let fail = true;
    const saves: unknown[] = [];
    const autosave = createDraftAutosave({
      formVersion: 1,
      save: async (_id, values) => {
        if (fail) throw new Error('QuotaExceededError');
        saves.push(values);
      },
      onError: (e) => errors.push(e),
    });
    autosave.change({ n: 1 });
    await autosave.flush();
    expect(errors).toHaveLength(1);
    fail = false;
    await autosave.flush();
    expect(saves).toEqual([{ n: 1 }]);
  });

  it('remembers in the draft which outbox item a fix is for, until the contact is queued', async () => {
    const { saves, save } = recorder();
    const autosave = createDraftAutosave({ formVersion: 1, save });
    autosave.change({ n: 1 });
    await autosave.switchTo(undefined, { fixing: 'key-1' });
    autosave.change({ n: 2 });
    await autosave.flush();
    // The draft left behind is not a fix; the new one is.
    expect(saves.map((s) => s.fixing)).toEqual([undefined, 'key-1']);
    // Queueing failed: going back to the same draft keeps what it fixes.
    const done = autosave.finish();
    expect(done).toMatchObject({ id: saves[1]!.id, fixing: 'key-1' });
    await autosave.switchTo(done);
    autosave.change({ n: 3 });
    await autosave.flush();
    expect(saves[2]).toMatchObject({ id: saves[1]!.id, fixing: 'key-1' });
    // Queued: the next contact is a new one, fixing nothing.
    autosave.finish();
    autosave.change({ n: 4 });
    await autosave.flush();
    expect(saves[3]!.fixing).toBeUndefined();
  });

  it('keeps a fix opened but not typed into yet, should queueing fail', async () => {
    const autosave = createDraftAutosave({ formVersion: 1, save: async () => undefined });
    await autosave.switchTo(undefined, { fixing: 'key-2' });
    expect(autosave.finish()).toMatchObject({ fixing: 'key-2' });
    expect(autosave.finish()).toBeUndefined();
  });

  it('writes a fix through the drafts store, and in the copy kept when the page goes away', async () => {
    const autosave = createDraftAutosave({ formVersion: 3 });
    await autosave.switchTo(undefined, { fixing: 'key-3' });
    autosave.change({ firstname: 'Ada' });
    await autosave.flush();
    const [draft] = await listDrafts();
    expect(draft).toMatchObject({ values: { firstname: 'Ada' }, fixing: 'key-3' });
  });

  it('writes real drafts through the drafts store', async () => {
    const autosave = createDraftAutosave({ formVersion: 3 });
    autosave.change({ firstname: 'Ada' });
    await autosave.flush();
    const [draft] = await listDrafts();
    expect(draft).toMatchObject({ id: autosave.currentId(), values: { firstname: 'Ada' }, formVersion: 3 });
  });
});
