/**
 * The event a page hears just before it reloads into a new version of Doorstep, and only then:
 * the app never reloads by itself, only when the canvasser presses "Update" (or "Reload" after
 * another tab updated).
 *
 * Contract for whatever holds unsaved input (the drafts feature): listen on `window`, save now,
 * and when saving is asynchronous hand its promise to `event.detail.waitUntil(promise)`. The page
 * waits at least BEFORE_UPDATE_MIN_WAIT_MS in any case, and for the promises handed over up to
 * BEFORE_UPDATE_MAX_WAIT_MS, then reloads whether they settled or not:
 *
 *   window.addEventListener('doorstep:before-update', (event) => {
 *     (event as CustomEvent<BeforeUpdateDetail>).detail.waitUntil(flushPendingDraftSave());
 *   });
 */
export const BEFORE_UPDATE_EVENT = 'doorstep:before-update';
export const BEFORE_UPDATE_MIN_WAIT_MS = 300;
export const BEFORE_UPDATE_MAX_WAIT_MS = 3_000;

export interface BeforeUpdateDetail {
  waitUntil(promise: PromiseLike<unknown>): void;
}

/** How long "Ready to work offline" stays on screen. */
export const OFFLINE_READY_NOTE_MS = 6_000;

export interface UpdateState {
  /**
   * - `none`: nothing to offer;
   * - `ready`: a new version waits, the banner offers it;
   * - `later`: the canvasser put it off (it is offered again at the next start);
   * - `updating`: accepted; unsaved input is being saved, then the page reloads.
   */
  update: 'none' | 'ready' | 'later' | 'updating';
  /** The new version already runs this page's service worker (another tab accepted it): only a
   * reload is left to do. */
  activated: boolean;
  /** The app was just stored for offline use (first visit): a short note says so. */
  offlineReady: boolean;
}

export interface UpdateStoreDeps {
  reload: () => void;
  target: EventTarget;
  sleep: (ms: number) => Promise<void>;
  setTimer: (callback: () => void, ms: number) => unknown;
}

/** Tells whatever holds unsaved input that the page is about to reload, and waits for it (see
 * BEFORE_UPDATE_EVENT). */
export async function flushBeforeUpdate(target: EventTarget, sleep: (ms: number) => Promise<void>): Promise<void> {
  const pending: PromiseLike<unknown>[] = [];
  const detail: BeforeUpdateDetail = { waitUntil: (promise) => void pending.push(promise) };
  target.dispatchEvent(new CustomEvent(BEFORE_UPDATE_EVENT, { detail }));
  await Promise.race([Promise.allSettled([sleep(BEFORE_UPDATE_MIN_WAIT_MS), ...pending]), sleep(BEFORE_UPDATE_MAX_WAIT_MS)]);
}

/**
 * What the update banner shows, and what its buttons do, kept apart from React and from the
 * service worker so that it can be tested on its own. The service worker's registration feeds it
 * (`needRefresh`, `needReload`, `offlineReady`) and hands it `updateServiceWorker`, which asks
 * the waiting worker to take over.
 */
export function createUpdateStore(deps: UpdateStoreDeps) {
  let state: UpdateState = { update: 'none', activated: false, offlineReady: false };
  let updateServiceWorker: (() => Promise<void>) | undefined;
  const listeners = new Set<() => void>();
  const set = (next: Partial<UpdateState>) => {
    state = { ...state, ...next };
    listeners.forEach((listener) => listener());
  };

  return {
    get: (): UpdateState => state,
    subscribe(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    connect(update: () => Promise<void>): void {
      updateServiceWorker = update;
    },

    /** A new version is installed and waiting. */
    needRefresh(): void {
      if (state.update === 'none') set({ update: 'ready' });
    },
    /** The new version has taken over this page. If the canvasser asked for it here, reload;
     * otherwise (another tab asked) never reload by itself: offer the reload instead. */
    needReload(): void {
      if (state.update === 'updating') deps.reload();
      else set({ update: 'ready', activated: true });
    },
    offlineReady(): void {
      set({ offlineReady: true });
      deps.setTimer(() => set({ offlineReady: false }), OFFLINE_READY_NOTE_MS);
    },

    later(): void {
      if (state.update === 'ready') set({ update: 'later' });
    },
    /** The canvasser pressed "Update": save what is unsaved, then let the new version take over
     * (which reloads the page, through `needReload`). */
    async accept(): Promise<void> {
      if (state.update === 'updating') return;
      set({ update: 'updating' });
      await flushBeforeUpdate(deps.target, deps.sleep);
      if (state.activated || !updateServiceWorker) {
        deps.reload();
        return;
      }
      try {
        await updateServiceWorker();
      } catch {
        // The worker could not be told: offer it again rather than stay stuck on "Updating…".
        set({ update: 'ready' });
      }
    },
  };
}

export type UpdateStore = ReturnType<typeof createUpdateStore>;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The page's one store. */
export const updateStore: UpdateStore = createUpdateStore({
  reload: () => window.location.reload(),
  target: typeof window === 'undefined' ? new EventTarget() : window,
  sleep,
  setTimer: (callback, ms) => setTimeout(callback, ms),
});
