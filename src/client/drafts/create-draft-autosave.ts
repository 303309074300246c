import { clearDraftShadow, newDraftId, saveDraft, writeDraftShadow } from './drafts-store';

// Keeps the contact being typed as a draft: written once typing pauses, in the background, so a
// keystroke never waits on IndexedDB; written at once when the page may be going away (hidden,
// closed, reloaded, or about to be replaced by a new version of the app).

export const AUTOSAVE_DELAY_MS = 500;

/** Fired on `window` by the update prompt just before it reloads the page into a new version. */
export const BEFORE_UPDATE_EVENT = 'doorstep:before-update';

export interface DraftAutosaveOptions {
  formVersion: number;
  delayMs?: number;
  save?: typeof saveDraft;
  now?: () => number;
  /** A save failed (a full device: StorageFullError). The values stay pending for the next try. */
  onError?: (error: unknown) => void;
  /** A save reached the database. */
  onSaved?: (id: string) => void;
}

export interface DraftAutosave {
  /** The form changed: saved once typing pauses for `delayMs`. */
  change(values: unknown): void;
  /** Saves what is pending now; resolves when it is written. */
  flush(): Promise<void>;
  /** The draft being typed into, once its first change was saved or scheduled. */
  currentId(): string | undefined;
  /** Goes on typing into an existing draft (resumed), or into a new one (undefined). What was
   * pending for the previous draft is saved first. */
  switchTo(draft: { id: string; createdAt: number } | undefined): Promise<void>;
  /** The contact left the form (queued, its draft deleted in the same transaction): forgets what
   * was pending without writing it, and returns the draft's id. The next change starts a new draft. */
  finish(): string | undefined;
  /** Flushes on `visibilitychange` to hidden, `pagehide`, and before an update; returns the way to stop. */
  listen(target?: Window): () => void;
}

export function createDraftAutosave(options: DraftAutosaveOptions): DraftAutosave {
  const { formVersion, delayMs = AUTOSAVE_DELAY_MS, save = saveDraft, now = Date.now } = options;
  let current: { id: string; createdAt: number } | undefined;
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
    current ??= { id: newDraftId(), createdAt: now() };
    const { id, createdAt } = current;
    const updatedAt = now();
    if (unloading) writeDraftShadow({ id, values, formVersion, createdAt, updatedAt });
    writing = save(id, values, formVersion, updatedAt, createdAt).then(
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
    currentId: () => current?.id ?? (pending ? (current = { id: newDraftId(), createdAt: now() }).id : undefined),
    async switchTo(draft) {
      await write();
      current = draft && { id: draft.id, createdAt: draft.createdAt };
    },
    finish() {
      cancelTimer();
      pending = undefined;
      const id = current?.id;
      current = undefined;
      // The contact is being queued: no copy may bring it back as a draft.
      if (id) clearDraftShadow(id);
      return id;
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
