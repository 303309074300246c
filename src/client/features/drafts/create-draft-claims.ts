// Two tabs of the app share one database: without a claim, both could resume the same draft at
// start and each overwrite what the other typed. A tab claims the draft it types into with a Web
// Lock (https://developer.mozilla.org/en-US/docs/Web/API/Web_Locks_API), held for as long as that
// draft is in its form; the browser lets go of it when the tab closes, reloads or crashes, so a
// claim can never outlive its tab. Where Web Locks are missing, every claim succeeds: the app
// works as it did before claims, one tab's drafts not told from another's.

export const DRAFT_LOCK_PREFIX = 'doorstep-draft:';

export interface DraftClaims {
  /** Claims draft `id` for this tab, and lets go of the one claimed before; false (and the one
   * before kept) when another tab holds it. */
  claim(id: string): Promise<boolean>;
  /** Lets go of the draft claimed: none is in the form any more. */
  release(): void;
  /** The drafts other tabs hold now. */
  heldElsewhere(): Promise<ReadonlySet<string>>;
  /** Calls `onFree` once one of `ids` is let go by the tab holding it; returns the way to stop
   * waiting. */
  watch(ids: Iterable<string>, onFree: () => void): () => void;
  /** Calls `listener` whenever another tab claims a draft or lets go of one; returns the way to
   * stop. */
  subscribe(listener: () => void): () => void;
  /** Lets go of the draft claimed, and stops telling other tabs. */
  close(): void;
}

const CHANNEL = 'doorstep-draft-claims';

const lockName = (id: string) => DRAFT_LOCK_PREFIX + id;

function browserLocks(): LockManager | undefined {
  return typeof navigator === 'undefined' ? undefined : navigator.locks;
}

export function createDraftClaims(locks: LockManager | undefined = browserLocks()): DraftClaims {
  let held: { id: string; release: () => void } | undefined;
  // A draft claimed here must show as such in the other tabs' lists at once, not at their next look.
  const channel = locks && typeof BroadcastChannel !== 'undefined' ? new BroadcastChannel(CHANNEL) : undefined;
  const tell = () => {
    try {
      channel?.postMessage('changed');
    } catch {
      // closed (signed out): nothing to tell
    }
  };
  // One request per draft at a time: the shell may claim the same draft twice in a row (on
  // resume, then as it becomes the current one), and the second must not find the first's lock.
  const claiming = new Map<string, Promise<boolean>>();

  /** The lock on `id` if free, held until the returned function is called. */
  const acquire = (id: string): Promise<(() => void) | undefined> =>
    new Promise((resolve) => {
      let letGo!: () => void;
      const holding = new Promise<void>((r) => (letGo = r));
      locks!
        .request(lockName(id), { ifAvailable: true }, (lock) => {
          if (!lock) {
            resolve(undefined);
            return undefined;
          }
          resolve(letGo);
          return holding;
        })
        .catch(() => resolve(undefined));
    });

  const release = () => {
    if (!held) return;
    held.release();
    held = undefined;
    // After the lock has gone (it goes once the callback's promise has settled).
    setTimeout(tell, 0);
  };

  return {
    claim(id) {
      if (!locks) {
        held = { id, release: () => undefined };
        return Promise.resolve(true);
      }
      if (held?.id === id) return Promise.resolve(true);
      const running = claiming.get(id);
      if (running) return running;
      const attempt = acquire(id).then((release) => {
        claiming.delete(id);
        if (!release) return false;
        held?.release();
        held = { id, release };
        tell();
        return true;
      });
      claiming.set(id, attempt);
      return attempt;
    },
    release,
    async heldElsewhere() {
      if (!locks) return new Set();
      try {
        const { held: all = [] } = await locks.query();
        const ids = all
          .filter((lock) => lock.mode === 'exclusive' && lock.name?.startsWith(DRAFT_LOCK_PREFIX))
          .map((lock) => lock.name!.slice(DRAFT_LOCK_PREFIX.length));
        return new Set(ids.filter((id) => id !== held?.id && !claiming.has(id)));
      } catch {
        return new Set();
      }
    },
    watch(ids, onFree) {
      if (!locks) return () => undefined;
      const stop = new AbortController();
      let told = false;
      for (const id of ids) {
        // Shared: granted as soon as the holder lets go, and given back at once (the callback
        // returns), so that this tab's waiting never keeps the draft from anyone.
        locks
          .request(lockName(id), { mode: 'shared', signal: stop.signal }, () => {
            if (!told && !stop.signal.aborted) {
              told = true;
              onFree();
            }
          })
          .catch(() => undefined);
      }
      return () => stop.abort();
    },
    subscribe(listener) {
      channel?.addEventListener('message', listener);
      return () => channel?.removeEventListener('message', listener);
    },
    close() {
      release();
      channel?.close();
    },
  };
}
