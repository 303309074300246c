import type { Db } from './open-database';

export interface StoredAnswer {
  status: number;
  body: unknown;
}

/** The key a store keeps: the Idempotency-Key under the canvasser who sent it. Shared by all, a
 * key resent by another canvasser got the first one's stored answer, and a wrong body confirmed
 * a guessed key. Records written before this (a bare UUID) match no scoped key and age out with
 * IDEMPOTENCY_TTL_DAYS; a retry of such a contact is forwarded again, which Qomon's upsert matches
 * to the same person. Canvasser ids hold no `/`. */
export function scopedIdempotencyKey(canvasserId: string, key: string): string {
  return `${canvasserId}/${key}`;
}

export type BeginResult = { state: 'new' } | { state: 'replay'; answer: StoredAnswer } | { state: 'mismatch' } | { state: 'in-flight' };

/** Remembers each Idempotency-Key: the hash of its body, whether its forwarding is in flight, and
 * the answer once it is done. Async so that a shared store (Redis) can stand behind it. */
export interface IdempotencyStore {
  begin(key: string, bodyHash: string): Promise<BeginResult>;
  /** Records a key's answer; the promise settles once it is stored. The reply need not wait for it:
   * the caller that will retry is the one that did not hear the reply. Until it is stored, the
   * SQLite store replays it from memory, and the Redis store answers a retry 409 (in flight). */
  complete(key: string, answer: StoredAnswer): Promise<void>;
  /** Forgets an in-flight key whose forwarding failed, so that a retry forwards again. */
  release(key: string): Promise<void>;
  purgeExpired(): Promise<number>;
  ping(): Promise<void>;
  /** On shutdown, once no new request can come in: stores now what `complete` left pending, and
   * makes every later `complete` store at once, while the database is still open. */
  flush(): Promise<void>;
}

interface Row {
  body_hash: string;
  state: 'pending' | 'done';
  status: number | null;
  response: string | null;
  updated_at: number;
}

export interface SqliteIdempotencyOptions {
  ttlMs: number;
  /** An in-flight key older than this belongs to a forwarding that never finished: taken over. */
  staleAfterMs: number;
  now?: () => number;
}

/** The SQLite store serves one process (several instances share Redis instead: docs/operations.md),
 * so a forwarding in flight is known in memory only, and a contact costs one write, when its
 * answer is stored. After a crash no forwarding of this process is in flight any more, so a retry
 * forwards at once rather than waiting for a pending record to go stale; either way the contact
 * whose reply the crash lost is forwarded a second time, which Qomon's upsert matches to the same
 * person. Rows of state 'pending' come from versions that wrote them, and are ignored.
 *
 * Answers are written together, one transaction every FLUSH_AFTER_MS, and are served from memory
 * until then: a commit of ten rows costs about what two single ones do, and the write is off the
 * path of the reply (bench/README.md, "proxy"). A crash in that window loses those answers as it
 * would lose an answer not yet written; a retry then forwards again. */
const FLUSH_AFTER_MS = 5;

export function createSqliteIdempotencyStore(db: Db, opts: SqliteIdempotencyOptions): IdempotencyStore {
  const now = opts.now ?? Date.now;
  const inFlight = new Map<string, { hash: string; since: number }>();
  /** Answered, and not yet committed. */
  const unwritten = new Map<string, { hash: string; answer: StoredAnswer; at: number }>();
  /** The next commit of `unwritten`, due at its timer. */
  let batch: { done: Promise<void>; settle: (err?: Error) => void; timer: NodeJS.Timeout } | undefined;
  /** Shutting down: no more waiting for the timer. */
  let closing = false;
  const get = db.prepare<[string], Row>(
    `SELECT body_hash, state, status, response, updated_at FROM idempotency WHERE key = ? AND state = 'done'`,
  );
  const put = db.prepare(
    `INSERT INTO idempotency (key, body_hash, state, status, response, created_at, updated_at) VALUES (?, ?, 'done', ?, ?, ?, ?)
     ON CONFLICT(key) DO UPDATE SET body_hash = excluded.body_hash, state = 'done', status = excluded.status,
       response = excluded.response, created_at = excluded.created_at, updated_at = excluded.updated_at`,
  );
  const purge = db.prepare(`DELETE FROM idempotency WHERE created_at < ?`);
  const ping = db.prepare('SELECT 1');
  const writeAll = db.transaction((rows: [string, { hash: string; answer: StoredAnswer; at: number }][]) => {
    for (const [key, r] of rows) put.run(key, r.hash, r.answer.status, JSON.stringify(r.answer.body), r.at, r.at);
  });

  /** Commits every unwritten answer now. A failed commit forgets them, as a failed single write did. */
  const writeBatch = () => {
    const due = batch;
    if (!due) return;
    batch = undefined;
    clearTimeout(due.timer);
    const rows = [...unwritten];
    unwritten.clear();
    try {
      writeAll(rows);
      due.settle();
    } catch (err) {
      due.settle(err as Error);
    }
  };

  /** Settles once the answers completed so far are on disk, within FLUSH_AFTER_MS. */
  const batchDone = (): Promise<void> => {
    if (!batch) {
      let settle!: (err?: Error) => void;
      const done = new Promise<void>((resolve, reject) => (settle = (err) => (err ? reject(err) : resolve())));
      batch = { done, settle, timer: setTimeout(writeBatch, FLUSH_AFTER_MS) };
    }
    return batch.done;
  };

  // Synchronous from the read to the map update: no other request of this process interleaves.
  return {
    async begin(key, hash) {
      const t = now();
      const answered = unwritten.get(key);
      if (answered) return answered.hash === hash ? { state: 'replay', answer: answered.answer } : { state: 'mismatch' };
      const row = get.get(key);
      if (row && row.updated_at >= t - opts.ttlMs) {
        if (row.body_hash !== hash) return { state: 'mismatch' };
        return { state: 'replay', answer: { status: row.status!, body: JSON.parse(row.response!) } };
      }
      const flying = inFlight.get(key);
      if (flying && flying.since >= t - opts.staleAfterMs) {
        return flying.hash === hash ? { state: 'in-flight' } : { state: 'mismatch' };
      }
      inFlight.set(key, { hash, since: t });
      return { state: 'new' };
    },
    complete(key, answer) {
      const flying = inFlight.get(key);
      if (!flying) return Promise.resolve();
      inFlight.delete(key);
      unwritten.set(key, { hash: flying.hash, answer, at: now() });
      const done = batchDone();
      if (closing) writeBatch();
      return done;
    },
    async release(key) {
      inFlight.delete(key);
    },
    async purgeExpired() {
      const t = now();
      for (const [key, f] of inFlight) if (f.since < t - opts.staleAfterMs) inFlight.delete(key);
      return purge.run(t - opts.ttlMs).changes;
    },
    async ping() {
      ping.get();
    },
    async flush() {
      closing = true;
      const done = batch?.done;
      writeBatch();
      await done;
    },
  };
}
