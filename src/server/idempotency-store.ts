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
  /** A pending record older than this belongs to a forwarding that died with its process. */
  staleAfterMs: number;
  now?: () => number;
}

export function createSqliteIdempotencyStore(db: Db, opts: SqliteIdempotencyOptions): IdempotencyStore {
  const now = opts.now ?? Date.now;
  const get = db.prepare<[string], Row>('SELECT body_hash, state, status, response, updated_at FROM idempotency WHERE key = ?');
  const upsertPending = db.prepare(
    `INSERT INTO idempotency (key, body_hash, state, created_at, updated_at) VALUES (?, ?, 'pending', ?, ?)
     ON CONFLICT(key) DO UPDATE SET body_hash = excluded.body_hash, state = 'pending', status = NULL, response = NULL,
       created_at = excluded.created_at, updated_at = excluded.updated_at`,
  );
  const done = db.prepare(`UPDATE idempotency SET state = 'done', status = ?, response = ?, updated_at = ? WHERE key = ?`);
  const del = db.prepare(`DELETE FROM idempotency WHERE key = ? AND state = 'pending'`);
  const purge = db.prepare(`DELETE FROM idempotency WHERE created_at < ?`);
  const ping = db.prepare('SELECT 1');

  // better-sqlite3 is synchronous, so this read-then-write cannot interleave with another request
  // of this process; the transaction keeps it atomic against another process on the same file.
  const beginTx = db.transaction((key: string, hash: string): BeginResult => {
    const t = now();
    const row = get.get(key);
    if (row && row.updated_at >= t - opts.ttlMs) {
      if (row.body_hash !== hash) return { state: 'mismatch' };
      if (row.state === 'done') return { state: 'replay', answer: { status: row.status!, body: JSON.parse(row.response!) } };
      if (row.updated_at >= t - opts.staleAfterMs) return { state: 'in-flight' };
    }
    upsertPending.run(key, hash, t, t);
    return { state: 'new' };
  });

  return {
    async begin(key, hash) {
      return beginTx.immediate(key, hash);
    },
    async complete(key, answer) {
      done.run(answer.status, JSON.stringify(answer.body), now(), key);
    },
    async release(key) {
      del.run(key);
    },
    async purgeExpired() {
      return purge.run(now() - opts.ttlMs).changes;
    },
    async ping() {
      ping.get();
    },
  };
}
