import { describe, expect, it, vi } from 'vitest';
import {
  BEFORE_UPDATE_EVENT,
  BEFORE_UPDATE_MAX_WAIT_MS,
  BEFORE_UPDATE_MIN_WAIT_MS,
  type BeforeUpdateDetail,
  createUpdateStore,
  OFFLINE_READY_NOTE_MS,
} from './update-prompt-store';

/** A store whose time is a list of sleeps and timers that the test releases. */
function setup() {
  const target = new EventTarget();
  const reload = vi.fn();
  const sleeps: { ms: number; resolve: () => void }[] = [];
  const timers: { ms: number; callback: () => void }[] = [];
  const store = createUpdateStore({
    reload,
    target,
    sleep: (ms) => new Promise<void>((resolve) => sleeps.push({ ms, resolve })),
    setTimer: (callback, ms) => timers.push({ callback, ms }),
  });
  const updateServiceWorker = vi.fn(async () => undefined);
  store.connect(updateServiceWorker);
  const elapse = async (ms: number) => {
    for (const sleep of sleeps.filter((s) => s.ms === ms)) sleep.resolve();
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  return { store, target, reload, sleeps, timers, updateServiceWorker, elapse };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the update banner', () => {
  it('offers a waiting version, and the canvasser can put it off', () => {
    const { store, reload } = setup();
    expect(store.get().update).toBe('none');
    store.needRefresh();
    expect(store.get().update).toBe('ready');
    store.later();
    expect(store.get().update).toBe('later');
    // A second signal while put off does not bring it back in this visit.
    store.needRefresh();
    expect(store.get().update).toBe('later');
    expect(reload).not.toHaveBeenCalled();
  });

  it('on Update: warns the drafts, waits for them, then asks the worker to take over; the reload comes with it', async () => {
    const { store, target, reload, updateServiceWorker, elapse } = setup();
    const heard: string[] = [];
    let finishSave!: () => void;
    target.addEventListener(BEFORE_UPDATE_EVENT, (event) => {
      heard.push(event.type);
      (event as CustomEvent<BeforeUpdateDetail>).detail.waitUntil(new Promise<void>((resolve) => (finishSave = resolve)));
    });
    store.needRefresh();
    const accepted = store.accept();
    expect(store.get().update).toBe('updating');
    expect(heard).toEqual([BEFORE_UPDATE_EVENT]);

    // The short wait is over, but the save is not: still waiting.
    await elapse(BEFORE_UPDATE_MIN_WAIT_MS);
    expect(updateServiceWorker).not.toHaveBeenCalled();
    finishSave();
    await accepted;
    expect(updateServiceWorker).toHaveBeenCalledTimes(1);
    // Pressing again while it works does nothing more.
    await store.accept();
    expect(updateServiceWorker).toHaveBeenCalledTimes(1);

    expect(reload).not.toHaveBeenCalled();
    store.needReload();
    expect(reload).toHaveBeenCalledTimes(1);
  });

  it('waits the short moment even when nobody listens, and never longer than the cap for a save that hangs', async () => {
    const { store, updateServiceWorker, elapse } = setup();
    store.needRefresh();
    let accepted = store.accept();
    await flush();
    expect(updateServiceWorker).not.toHaveBeenCalled();
    await elapse(BEFORE_UPDATE_MIN_WAIT_MS);
    await accepted;
    expect(updateServiceWorker).toHaveBeenCalledTimes(1);

    const second = setup();
    second.target.addEventListener(BEFORE_UPDATE_EVENT, (event) =>
      (event as CustomEvent<BeforeUpdateDetail>).detail.waitUntil(new Promise(() => undefined)),
    );
    second.store.needRefresh();
    accepted = second.store.accept();
    await second.elapse(BEFORE_UPDATE_MIN_WAIT_MS);
    expect(second.updateServiceWorker).not.toHaveBeenCalled();
    await second.elapse(BEFORE_UPDATE_MAX_WAIT_MS);
    await accepted;
    expect(second.updateServiceWorker).toHaveBeenCalledTimes(1);
  });

  it('never reloads by itself when another tab took the update: it offers the reload', async () => {
    const { store, reload, updateServiceWorker, elapse } = setup();
    store.needRefresh();
    store.needReload();
    expect(reload).not.toHaveBeenCalled();
    expect(store.get()).toMatchObject({ update: 'ready', activated: true });

    // Even when put off earlier: the page now runs under the new worker, so it is offered again.
    store.later();
    store.needReload();
    expect(store.get().update).toBe('ready');
    expect(reload).not.toHaveBeenCalled();

    const accepted = store.accept();
    await elapse(BEFORE_UPDATE_MIN_WAIT_MS);
    await accepted;
    expect(updateServiceWorker).not.toHaveBeenCalled();
    expect(reload).toHaveBeenCalledTimes(1);
  });

  it('offers it again when the worker cannot be told', async () => {
    const { store, updateServiceWorker, elapse } = setup();
    updateServiceWorker.mockRejectedValueOnce(new Error('gone'));
    store.needRefresh();
    const accepted = store.accept();
    await elapse(BEFORE_UPDATE_MIN_WAIT_MS);
    await accepted;
    expect(store.get().update).toBe('ready');
  });

  it('says "ready to work offline" for a moment', () => {
    const { store, timers } = setup();
    const seen: boolean[] = [];
    store.subscribe(() => seen.push(store.get().offlineReady));
    store.offlineReady();
    expect(store.get().offlineReady).toBe(true);
    expect(timers.map((t) => t.ms)).toEqual([OFFLINE_READY_NOTE_MS]);
    timers[0]!.callback();
    expect(seen).toEqual([true, false]);
  });
});
