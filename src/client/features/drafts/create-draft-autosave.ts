import { clearDraftShadow, newDraftId, saveDraft, writeDraftShadow } from './drafts-store';

// Keeps the contact being typed as a draft: written once typing pauses, in the background, so a
// keystroke never waits on IndexedDB; written at once when the page may be going away (hidden,
// closed, reloaded, or about to be replaced by a new version of the app).

export const AUTOSAVE_DELAY_MS = 500;

/** Fired on `window` by the update prompt just before it reloads the page into a new version. */
export const BEFORE_UPDATE_EVENT = 'doorstep:before-update';

export interface DraftAutosaveOptions {
  formVersion: number;
  /** The signed-in canvasser: each draft written is theirs (a shared tablet shows it to no one else). */
  author?: string | undefined;
  delayMs?: number;
  save?: typeof saveDraft;
  now?: () => number;
  /** A save failed (a full device: StorageFullError). The values stay pending for the next try. */
  onError?: (error: unknown) => void;
  /** A save reached the database. */
  onSaved?: (id: string) => void;
}

/** The draft being typed into: which one, since when, and the outbox item it fixes, if any. */
export interface DraftTarget {
  id: string;
  createdAt: number;
  fixing?: string | undefined;
}

export interface DraftAutosave {
  /** The form changed: saved once typing pauses for `delayMs`. */
  change(values: unknown): void;
  /** Saves what is pending now; resolves when it is written. */
  flush(): Promise<void>;
  /** The draft being typed into, once its first change was saved or scheduled. */
  currentId(): string | undefined;
  /** Goes on typing into an existing draft (resumed), or into a new one (undefined), which fixes
   * the outbox item `fresh.fixing` if given. What was pending for the previous draft is saved first. */
  switchTo(draft: DraftTarget | undefined, fresh?: { fixing?: string | undefined }): Promise<void>;
  /** The contact left the form (queued, its draft deleted in the same transaction): forgets what
   * was pending without writing it, and returns the draft (to go back to it if queueing failed).
   * The next change starts a new draft. */
  finish(): DraftTarget | undefined;
  /** Flushes on `visibilitychange` to hidden, `pagehide`, and before an update; returns the way to stop. */
  listen(target?: Window): () => void;
}

export function createDraftAutosave(options: DraftAutosaveOptions): DraftAutosave {
  const { formVersion, delayMs = AUTOSAVE_DELAY_MS, save = saveDraft, now = Date.now } = options;
  let current: DraftTarget | undefined;
  // What the next new draft fixes: set by a "Fix" before anything is typed into it.
  let freshFixing: string | undefined;
  const start = (): DraftTarget => (current = { id: newDraftId(), createdAt: now(), fixing: freshFixing });
  let pending: { values: unknown } | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let writing: Promise<void> = Promise.resolve();

  const cancelTimer = () => {
    clearTimeout(timer);
    timer = undefined;
  };

  /** Starts the write in this very task (the page may be unloading), and returns its end. When
   * the page is going away, `unloading` also copies the values synchronously to localStorage
   * (see writeDraftShadow). */
  const write = (unloading = false): Promise<void> => {
    cancelTimer();
    if (!pending) return writing;
    const { values } = pending;
    pending = undefined;
    const { id, createdAt, fixing } = current ?? start();
    const updatedAt = now();
    const { author } = options;
    if (unloading) {
      writeDraftShadow({ id, values, formVersion, createdAt, updatedAt, ...(fixing ? { fixing } : {}), ...(author ? { author } : {}) });
    }
    writing = save(id, values, formVersion, updatedAt, createdAt, fixing, author).then(
      () => {
        clearDraftShadow(id, updatedAt);
        options.onSaved?.(id);
      },
      (error: unknown) => {
        // Kept for the next try, unless newer values came meanwhile.
        if (current?.id === id) pending ??= { values };
        options.onError?.(error);
      },
    );
    return writing;
  };

  return {
    change(values) {
      pending = { values };
      cancelTimer();
      timer = setTimeout(() => void write(), delayMs);
    },
    flush: () => write(),
    currentId: () => current?.id ?? (pending ? start().id : undefined),
    async switchTo(draft, fresh) {
      await write();
      current = draft && { id: draft.id, createdAt: draft.createdAt, fixing: draft.fixing };
      freshFixing = fresh?.fixing;
    },
    finish() {
      cancelTimer();
      pending = undefined;
      // A fix not typed into yet still has to be remembered, should queueing fail.
      const done = current ?? (freshFixing ? start() : undefined);
      current = undefined;
      freshFixing = undefined;
      // The contact is being queued: no copy may bring it back as a draft.
      if (done) clearDraftShadow(done.id);
      return done;
    },
    listen(target = window) {
      const flush = () => void write(true);
      // The update prompt waits for what it is handed before it reloads the page.
      const beforeUpdate = (event: Event) => {
        const saved = write(true);
        (event as CustomEvent<{ waitUntil?: (promise: PromiseLike<unknown>) => void } | null>).detail?.waitUntil?.(saved);
      };
      const onVisibility = () => {
        if (target.document.visibilityState === 'hidden') flush();
      };
      target.addEventListener('pagehide', flush);
      target.addEventListener(BEFORE_UPDATE_EVENT, beforeUpdate);
      target.document.addEventListener('visibilitychange', onVisibility);
      return () => {
        target.removeEventListener('pagehide', flush);
        target.removeEventListener(BEFORE_UPDATE_EVENT, beforeUpdate);
        target.document.removeEventListener('visibilitychange', onVisibility);
      };
    },
  };
}
