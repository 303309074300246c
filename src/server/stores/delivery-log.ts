import type { Db } from './open-database';

// What the server did with each contact (and each visit that carried one): forwarded and accepted,
// refused (by its own checks or by Qomon, with the locations of the fields at fault) or failed
// upstream (the app retries). Read by the organiser's console. It holds no name, e-mail, phone or
// address, and never an error's value: a field's location names the field, not what was typed.
// Kept as long as Idempotency-Keys (IDEMPOTENCY_TTL_DAYS), and purged with them.

export const DELIVERY_RESULTS = ['delivered', 'refused', 'failed'] as const;
export type DeliveryResult = (typeof DELIVERY_RESULTS)[number];

export interface DeliveryEntry {
  /** The request's Idempotency-Key (a visit's without its `visit:` prefix). */
  key: string;
  kind: 'contact' | 'visit';
  /** ms since epoch, when the server answered. */
  at: number;
  canvasserId: string;
  turfId?: string | undefined;
  result: DeliveryResult;
  /** Who refused it: this server's checks (schema, campaign) or Qomon. */
  refusedBy?: 'server' | 'qomon' | undefined;
  /** What this server answered. */
  status: number;
  /** What Qomon answered, when it answered. */
  upstreamStatus?: number | undefined;
  /** The `location` of each error (`body.data.mail`), never its value. */
  locations: string[];
}

export interface DeliveryLog {
  /** Settles once stored; callers on the reply path need not wait: reads see it anyway. */
  record(entry: DeliveryEntry): Promise<void>;
  /** Entries with `from <= at < to`, newest first, at most `limit`. */
  list(range: { from: number; to: number; limit: number }): Promise<DeliveryEntry[]>;
  purgeExpired(): Promise<number>;
  /** On shutdown: stores what is still waiting. */
  flush(): Promise<void>;
}

interface Row {
  key: string;
  kind: 'contact' | 'visit';
  at: number;
  canvasser_id: string;
  turf_id: string | null;
  result: DeliveryResult;
  refused_by: 'server' | 'qomon' | null;
  status: number;
  upstream_status: number | null;
  locations: string;
}

export function entryOfRow(r: Row): DeliveryEntry {
  const entry: DeliveryEntry = {
    key: r.key,
    kind: r.kind,
    at: r.at,
    canvasserId: r.canvasser_id,
    result: r.result,
    status: r.status,
    locations: JSON.parse(r.locations) as string[],
  };
  if (r.turf_id !== null) entry.turfId = r.turf_id;
  if (r.refused_by !== null) entry.refusedBy = r.refused_by;
  if (r.upstream_status !== null) entry.upstreamStatus = r.upstream_status;
  return entry;
}

/** Written together, as the idempotency store writes its answers (a commit of a few rows costs
 * about one of a single row), and off the reply's path; a read first writes what waits. */
const FLUSH_AFTER_MS = 5;

export function createSqliteDeliveryLog(db: Db, opts: { ttlMs: number; now?: () => number }): DeliveryLog {
  const now = opts.now ?? Date.now;
  // Made here rather than in openDatabase: the console is the only reader.
  db.exec(`
    CREATE TABLE IF NOT EXISTS deliveries (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      key TEXT NOT NULL,
      kind TEXT NOT NULL,
      at INTEGER NOT NULL,
      canvasser_id TEXT NOT NULL,
      turf_id TEXT,
      result TEXT NOT NULL,
      refused_by TEXT,
      status INTEGER NOT NULL,
      upstream_status INTEGER,
      locations TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS deliveries_at ON deliveries (at);
  `);
  const insert = db.prepare(
    `INSERT INTO deliveries (key, kind, at, canvasser_id, turf_id, result, refused_by, status, upstream_status, locations)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const select = db.prepare<[number, number, number], Row>(
    `SELECT key, kind, at, canvasser_id, turf_id, result, refused_by, status, upstream_status, locations
     FROM deliveries WHERE at >= ? AND at < ? ORDER BY at DESC, seq DESC LIMIT ?`,
  );
  const purge = db.prepare('DELETE FROM deliveries WHERE at < ?');
  const writeAll = db.transaction((entries: DeliveryEntry[]) => {
    for (const e of entries) {
      insert.run(
        e.key,
        e.kind,
        e.at,
        e.canvasserId,
        e.turfId ?? null,
        e.result,
        e.refusedBy ?? null,
        e.status,
        e.upstreamStatus ?? null,
        JSON.stringify(e.locations),
      );
    }
  });

  let waiting: DeliveryEntry[] = [];
  let batch: { done: Promise<void>; settle: (err?: Error) => void; timer: NodeJS.Timeout } | undefined;
  const writeWaiting = () => {
    const due = batch;
    if (!due) return;
    batch = undefined;
    clearTimeout(due.timer);
    const entries = waiting;
    waiting = [];
    try {
      writeAll(entries);
      due.settle();
    } catch (err) {
      due.settle(err as Error);
    }
  };

  return {
    record(entry) {
      waiting.push(entry);
      if (!batch) {
        let settle!: (err?: Error) => void;
        const done = new Promise<void>((resolve, reject) => (settle = (err) => (err ? reject(err) : resolve())));
        batch = { done, settle, timer: setTimeout(writeWaiting, FLUSH_AFTER_MS) };
      }
      return batch.done;
    },
    async list({ from, to, limit }) {
      writeWaiting();
      return select.all(from, to, limit).map(entryOfRow);
    },
    async purgeExpired() {
      writeWaiting();
      return purge.run(now() - opts.ttlMs).changes;
    },
    async flush() {
      const done = batch?.done;
      writeWaiting();
      await done;
    },
  };
}
