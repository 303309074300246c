import type { Db } from './open-database';

export interface StoredAnswer {
  status: number;
  body: unknown;
}

export type BeginResult =
  | { state: 'new' }
  | { state: 'replay'; answer: StoredAnswer }
  | { state: 'mismatch' }
  | { state: 'in-flight' };

/** Remembers each Idempotency-Key: the hash of its body, whether its forwarding is in flight, and
 * the answer once it is done. Async so that a shared store (Redis) can stand behind it. */
export interface IdempotencyStore {
  begin(key: string, bodyHash: string): Promise<BeginResult>;
  complete(key: string, answer: StoredAnswer): Promise<void>;
  /** Forgets an in-flight key whose forwarding failed, so that a retry forwards again. */
  release(key: string): Promise<void>;
  purgeExpired(): Promise<number>;
  ping(): Promise<void>;
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
 * person. Rows of state 'pending' come from versions that wrote them, and are ignored. */
export function createSqliteIdempotencyStore(db: Db, opts: SqliteIdempotencyOptions): IdempotencyStore {
  const now = opts.now ?? Date.now;
  const inFlight = new Map<string, { hash: string; since: number }>();
  const get = db.prepare<[string], Row>(`SELECT body_hash, state, status, response, updated_at FROM idempotency WHERE key = ? AND state = 'done'`);
  const put = db.prepare(
    `INSERT INTO idempotency (key, body_hash, state, status, response, created_at, updated_at) VALUES (?, ?, 'done', ?, ?, ?, ?)
     ON CONFLICT(key) DO UPDATE SET body_hash = excluded.body_hash, state = 'done', status = excluded.status,
       response = excluded.response, created_at = excluded.created_at, updated_at = excluded.updated_at`,
  );
  const purge = db.prepare(`DELETE FROM idempotency WHERE created_at < ?`);
  const ping = db.prepare('SELECT 1');

  // Synchronous from the read to the map update: no other request of this process interleaves.
  return {
    async begin(key, hash) {
      const t = now();
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
    async complete(key, answer) {
      const flying = inFlight.get(key);
      if (!flying) return;
      inFlight.delete(key);
      const t = now();
      put.run(key, flying.hash, answer.status, JSON.stringify(answer.body), t, t);
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
  };
}
