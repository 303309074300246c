import { AUTHOR_TOKEN_HEADER, ON_BEHALF_HEADER } from '@shared/on-behalf-headers';
import { ApiError, apiFetch } from '@client/lib/api-fetch';
import { drainOutbox, type DrainReport, type SendAnswer, type SendContact } from './drain-outbox';
import { makeAllDue, pruneReceipts, summariseOutbox, type OutboxSummary } from './outbox-store';

// Keeps the outbox moving: a drain at start, when the browser comes back online, when the page
// becomes visible, after each enqueue, when a retry falls due, and on a slow timer besides. No
// Background Sync: Safari and Firefox lack it, and Playwright's offline mode never fires it.

/** POST /api/contacts (or a turf's visits, answered the same way), as the outbox needs it: a
 * status (0 when nothing came back), the server's problem, and Retry-After. */
export const sendContact: SendContact = async (body, idempotencyKey, path, extras) => {
  try {
    // A request the network swallows (a captive portal, a dead cell) would otherwise hold the
    // drain for minutes; given up, it is retried later under the same key.
    const res = await apiFetch(path, {
      method: 'POST',
      json: body,
      // The turf and the author travel as headers: the body is Qomon's, forwarded as it is.
      headers: {
        'Idempotency-Key': idempotencyKey,
        ...(extras?.turfId ? { 'Doorstep-Turf': extras.turfId } : {}),
        ...(extras?.onBehalf ? { [ON_BEHALF_HEADER]: extras.onBehalf.author, [AUTHOR_TOKEN_HEADER]: extras.onBehalf.token } : {}),
      },
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    });
    return { status: res.status };
  } catch (err) {
    if (!(err instanceof ApiError)) return { status: 0, error: { status: 0, title: String(err) } };
    const answer: SendAnswer = {
      status: err.status,
      retryAfterSeconds: err.retryAfterSeconds,
      error: {
        status: err.status,
        title: err.problem?.title ?? (err.status ? `HTTP ${err.status}` : 'No answer from the server'),
        detail: err.problem?.detail,
        errors: err.problem?.errors,
      },
    };
    return answer;
  }
};

export interface OutboxSyncState {
  /** False until the outbox was first read: "nothing waiting" must never be said before that. */
  loaded: boolean;
  summary: OutboxSummary;
  draining: boolean;
  /** A 401 paused the outbox: it waits for the canvasser to sign in again. */
  waitingForSignIn: boolean;
  /** Keys being sent right now. */
  sending: ReadonlySet<string>;
  lastReport: DrainReport | undefined;
}

const EMPTY: OutboxSummary = {
  waiting: 0,
  visits: 0,
  needsAttention: 0,
  oldestCreatedAt: undefined,
  lastSentAt: undefined,
  others: 0,
  otherVisits: 0,
};
const CHANNEL = 'doorstep-outbox';
/** Longer than the server waits for Qomon (UPSTREAM_TIMEOUT_MS, 10 s by default) plus margin. */
export const SEND_TIMEOUT_MS = 30_000;
const SAFETY_TIMER_MS = 60_000;
/** Another tab held the drain: it may have looked at the outbox just before this tab queued
 * something, so look again shortly rather than leave it to the slow timer. */
const LOCK_HELD_RETRY_MS = 1_000;

export interface OutboxSync {
  getState(): OutboxSyncState;
  subscribe(listener: () => void): () => void;
  /** Drains now (or soon, if a drain is running). */
  kick(): void;
  /** "Send now": every waiting contact is due at once, then a drain. */
  sendNow(): Promise<void>;
  /** After sign-in: lifts the 401 pause and drains. */
  resume(): void;
  /** Re-reads the outbox for the status display (after a change made outside a drain). */
  refresh(): Promise<void>;
  stop(): void;
}

export interface OutboxSyncOptions {
  /** The clock receipts are aged by (tests set it). */
  now?: () => number;
  /** The signed-in canvasser: the counts are theirs, and others' items go for their authors. */
  canvasserId?: string | undefined;
}

export function createOutboxSync(send: SendContact = sendContact, options: OutboxSyncOptions = {}): OutboxSync {
  const now = options.now ?? Date.now;
  let state: OutboxSyncState = {
    loaded: false,
    summary: EMPTY,
    draining: false,
    waitingForSignIn: false,
    sending: new Set(),
    lastReport: undefined,
  };
  const listeners = new Set<() => void>();
  const set = (patch: Partial<OutboxSyncState>) => {
    state = { ...state, ...patch };
    listeners.forEach((l) => l());
  };
  // Other tabs share the outbox: tell them when it changed so their counts follow.
  const channel = typeof BroadcastChannel === 'undefined' ? undefined : new BroadcastChannel(CHANNEL);

  let again = false;
  let stopped = false;
  let dueTimer: ReturnType<typeof setTimeout> | undefined;

  const refresh = async () => {
    const summary = await summariseOutbox(options.canvasserId);
    if (!stopped) set({ summary, loaded: true });
  };

  const drain = async (): Promise<void> => {
    // A stopped instance (signed out, or React's StrictMode remounting the shell) must not keep
    // draining beside its successor from a drain that was running when it stopped.
    if (stopped || state.waitingForSignIn) return;
    if (state.draining) {
      again = true;
      return;
    }
    set({ draining: true });
    try {
      const sending = new Set<string>();
      const report = await drainOutbox({
        send,
        canvasserId: options.canvasserId,
        onProgress: (key, phase) => {
          if (phase === 'sending') sending.add(key);
          else sending.delete(key);
          set({ sending: new Set(sending) });
          if (phase === 'done') void refresh().catch(() => undefined);
        },
      });
      set({ lastReport: report, waitingForSignIn: report.signedOut });
      // A drain that outlived stop() finds the channel closed (posting would throw).
      if (report.ran && !stopped) channel?.postMessage('changed');
      clearTimeout(dueTimer);
      if (stopped) return;
      if (!report.ran) {
        dueTimer = setTimeout(kick, LOCK_HELD_RETRY_MS);
      } else if (report.nextDueAt !== undefined && !report.signedOut) {
        dueTimer = setTimeout(kick, Math.max(0, report.nextDueAt - Date.now()) + 50);
      }
    } catch (err) {
      console.error('outbox drain failed', err);
    } finally {
      set({ draining: false });
      await refresh().catch(() => undefined);
      if (again && !stopped) {
        again = false;
        void drain();
      }
    }
  };

  function kick() {
    void drain();
  }

  // Back online: what failed for want of a network goes at once, not after its grown backoff.
  const onOnline = () => {
    void makeAllDue(Date.now(), 'unreachable')
      .catch(() => undefined)
      .then(kick);
  };
  const onVisible = () => {
    if (document.visibilityState === 'visible') kick();
  };
  window.addEventListener('online', onOnline);
  document.addEventListener('visibilitychange', onVisible);
  channel?.addEventListener('message', () => void refresh());
  const safety = setInterval(kick, SAFETY_TIMER_MS);
  // The counts first, on their own: a drain's first answer may be slow in coming. Old receipts
  // go before (the last one may be what "last sent" shows); a failed pruning waits for next time.
  void pruneReceipts(now())
    .catch(() => 0)
    .then(refresh)
    .catch(() => undefined);
  kick();

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    kick,
    async sendNow() {
      await makeAllDue().catch(() => undefined);
      kick();
    },
    resume() {
      set({ waitingForSignIn: false });
      kick();
    },
    refresh,
    stop() {
      stopped = true;
      window.removeEventListener('online', onOnline);
      document.removeEventListener('visibilitychange', onVisible);
      clearInterval(safety);
      clearTimeout(dueTimer);
      channel?.close();
    },
  };
}
