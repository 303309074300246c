import { CONTACTS_PATH, type OutboxError, type OutboxItem } from '@client/lib/local-db';
import { listOutbox, markNeedsAttention, markOnBehalfRefused, markRetry, markSent } from './outbox-store';
import { retryDelayMs, verdictFor } from './retry-schedule';

/** What one POST (a contact, a visit) answered; status 0 when no answer came back at all. */
export interface SendAnswer {
  status: number;
  error?: OutboxError | undefined;
  retryAfterSeconds?: number | undefined;
}

/** Whose item another canvasser's session is sending, with the proof the server gave. */
export interface OnBehalf {
  author: string;
  token: string;
}

/** What goes with an item beside its body: `turfId`, the turf a contact was met on (a walk list's
 * conversation, for the console); `onBehalf`, for an item of a canvasser other than the one
 * signed in. */
export interface SendExtras {
  turfId?: string | undefined;
  onBehalf?: OnBehalf | undefined;
}

/** Sends one item's body to its path (`/api/contacts`, or a turf's visits). */
export type SendContact = (body: unknown, idempotencyKey: string, path: string, extras?: SendExtras) => Promise<SendAnswer>;

export interface DrainOptions {
  send: SendContact;
  /** Contacts in flight at once: enough to hide latency, few enough to keep order and spare a
   * rate-limited server. */
  concurrency?: number;
  now?: () => number;
  random?: () => number;
  /** Told of each item as it starts and ends, for the status display. */
  onProgress?: (key: string, phase: 'sending' | 'done') => void;
  /** The signed-in canvasser. Items of others go with their author token, or wait for their
   * author when they have none (left out: every item is sent as the session's own). */
  canvasserId?: string | undefined;
}

/** How an item goes under the session of `canvasserId`: as its own, for its author, or not yet
 * (another canvasser's item without a token that holds: it waits for its author). */
export function deliveryOf(item: OutboxItem, canvasserId: string | undefined): { onBehalf?: OnBehalf } | undefined {
  if (canvasserId === undefined || item.author === undefined || item.author === canvasserId) return {};
  return item.authorToken ? { onBehalf: { author: item.author, token: item.authorToken } } : undefined;
}

export interface DrainReport {
  /** False when another tab held the drain: it is doing the work. */
  ran: boolean;
  sent: number;
  retried: number;
  needsAttention: number;
  /** A 401: the whole outbox waits until the canvasser signs in again. */
  signedOut: boolean;
  /** When the next waiting item becomes due, if any. */
  nextDueAt: number | undefined;
}

export const DRAIN_LOCK = 'doorstep-outbox-drain';
export const DEFAULT_CONCURRENCY = 4;

type LockRunner = <T>(work: () => Promise<T>) => Promise<T | undefined>;

let localTail: Promise<unknown> = Promise.resolve();
let localBusy = false;

/** One drain at a time across every tab (Web Locks,
 * https://developer.mozilla.org/en-US/docs/Web/API/Web_Locks_API); where the API is missing, one
 * per page. A drain that finds the lock taken does nothing: the holder will see the new items. */
const runExclusive: LockRunner = async (work) => {
  if (typeof navigator !== 'undefined' && navigator.locks) {
    return navigator.locks.request(DRAIN_LOCK, { ifAvailable: true }, (lock) => (lock ? work() : undefined));
  }
  if (localBusy) return undefined;
  localBusy = true;
  const run = localTail.then(work);
  localTail = run.catch(() => undefined).finally(() => (localBusy = false));
  return run;
};

/** Sends every due item, oldest first, `concurrency` at a time, and records each answer. Loops
 * until nothing is due, so items queued during a drain go out in it. */
export async function drainOutbox(opts: DrainOptions): Promise<DrainReport> {
  const now = opts.now ?? Date.now;
  const concurrency = Math.max(1, opts.concurrency ?? DEFAULT_CONCURRENCY);
  const report: DrainReport = { ran: true, sent: 0, retried: 0, needsAttention: 0, signedOut: false, nextDueAt: undefined };

  /** Sends one item; resolves, once the answer is in, with the recording of that answer (which
   * the worker does not wait for: its next POST goes out meanwhile). */
  const sendOne = async (item: OutboxItem): Promise<{ recorded: Promise<void> }> => {
    opts.onProgress?.(item.key, 'sending');
    const onBehalf = deliveryOf(item, opts.canvasserId)?.onBehalf;
    let answer: SendAnswer;
    try {
      const turfId = item.kind === 'visit' ? undefined : item.turfId;
      answer = await opts.send(item.body, item.key, item.path ?? CONTACTS_PATH, turfId || onBehalf ? { turfId, onBehalf } : undefined);
    } catch {
      answer = { status: 0, error: { status: 0, title: 'No answer from the server' } };
    }
    const recorded = record(item, answer, onBehalf !== undefined);
    // Awaited with the others at the end of the round (which then fails as before if it failed);
    // not reported as unhandled meanwhile.
    recorded.catch(() => undefined);
    return { recorded };
  };

  /** Records an answer. Runs synchronously up to its first write, so that a 401 stops the workers
   * before they take another item. */
  const record = async (item: OutboxItem, answer: SendAnswer, forAuthor: boolean): Promise<void> => {
    try {
      const error = answer.error ?? { status: answer.status, title: `HTTP ${answer.status}` };
      // The author's proof did not hold: not the item's fault, nor the session's; it waits for
      // its author, who sends it as their own.
      if (forAuthor && answer.status === 403) {
        await markOnBehalfRefused(item.key, error, now());
        report.retried++;
        return;
      }
      switch (verdictFor(answer.status)) {
        case 'sent':
          await markSent(item.key, now());
          report.sent++;
          return;
        case 'signed-out':
          report.signedOut = true;
          return;
        case 'needs-attention':
          await markNeedsAttention(item.key, error, now());
          report.needsAttention++;
          return;
        case 'retry': {
          // One reading of the clock: the wait is measured from the attempt it follows.
          const at = now();
          await markRetry(item.key, error, at + retryDelayMs(item.attempts + 1, answer.retryAfterSeconds, opts.random), at);
          report.retried++;
          return;
        }
      }
    } finally {
      opts.onProgress?.(item.key, 'done');
    }
  };

  const result = await runExclusive(async () => {
    const tried = new Set<string>();
    for (;;) {
      const t = now();
      const due = (await listOutbox()).filter(
        (i) => i.state === 'pending' && i.nextAttemptAt <= t && !tried.has(i.key) && deliveryOf(i, opts.canvasserId),
      );
      if (!due.length || report.signedOut) break;
      let next = 0;
      const recording: Promise<void>[] = [];
      const worker = async () => {
        while (next < due.length && !report.signedOut) {
          const item = due[next++]!;
          tried.add(item.key);
          recording.push((await sendOne(item)).recorded);
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, due.length) }, worker));
      // Every answer is written before the outbox is read again (nor is the lock let go before).
      await Promise.all(recording);
    }
    const waiting = (await listOutbox()).filter((i) => i.state === 'pending' && deliveryOf(i, opts.canvasserId));
    report.nextDueAt = waiting.length ? Math.min(...waiting.map((i) => i.nextAttemptAt)) : undefined;
    return report;
  });
  return result ?? { ...report, ran: false };
}
