import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSqliteIdempotencyStore, type IdempotencyStore } from './idempotency-store';
import { idempotencyStoreContract } from '@test-support/idempotency-store-contract';
import { openDatabase, type Db } from './open-database';
import { tempDir } from '@test-support/temp-dir';

const TTL = 7 * 86_400_000;
const STALE = 40_000;
const ANSWER = { status: 202, body: { status: 'accepted', idempotencyKey: 'k1' } };

let dir: string;
let db: Db;
let clock: number;
let store: IdempotencyStore;

const makeStore = (database: Db) => createSqliteIdempotencyStore(database, { ttlMs: TTL, staleAfterMs: STALE, now: () => clock });

beforeEach(() => {
  dir = tempDir('doorstep-idem-');
  db = openDatabase(dir);
  clock = Date.parse('2026-03-01T09:00:00Z');
  store = makeStore(db);
});

afterEach(() => {
  if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('createSqliteIdempotencyStore', () => {
  idempotencyStoreContract({ store: () => store, advance: (ms) => (clock += ms), staleAfterMs: STALE });

  it('records past the TTL are forgotten and purged; younger ones stay', async () => {
    await store.begin('old', 'h1');
    await store.complete('old', ANSWER);
    clock += TTL / 2;
    await store.begin('young', 'h1');
    await store.complete('young', ANSWER);
    clock += TTL / 2 + 1;
    expect(await store.purgeExpired()).toBe(1);
    expect(await store.purgeExpired()).toBe(0);
    const rows = db.prepare('SELECT key FROM idempotency ORDER BY key').all() as { key: string }[];
    expect(rows.map((r) => r.key)).toEqual(['young']);
    expect(await store.begin('old', 'h2')).toEqual({ state: 'new' });
    expect(await store.begin('young', 'h1')).toEqual({ state: 'replay', answer: ANSWER });
  });

  it('an expired record that was not purged yet counts as new', async () => {
    await store.begin('k1', 'h1');
    await store.complete('k1', ANSWER);
    clock += TTL + 1;
    expect(await store.begin('k1', 'h2')).toEqual({ state: 'new' });
  });

  it('survives closing and reopening the database', async () => {
    await store.begin('k1', 'h1');
    await store.complete('k1', ANSWER);
    await store.begin('k2', 'h1');
    db.close();
    db = openDatabase(dir);
    store = makeStore(db);
    expect(await store.begin('k1', 'h1')).toEqual({ state: 'replay', answer: ANSWER });
    expect(await store.begin('k1', 'h9')).toEqual({ state: 'mismatch' });
    // k2's forwarding died with the process that began it: a retry forwards at once.
    expect(await store.begin('k2', 'h1')).toEqual({ state: 'new' });
  });

  it('a key in flight costs no write; its answer is one row', async () => {
    const rows = () => db.prepare('SELECT key, state, status FROM idempotency').all() as unknown[];
    await store.begin('k1', 'h1');
    expect(rows()).toEqual([]);
    await store.complete('k1', ANSWER);
    expect(rows()).toEqual([{ key: 'k1', state: 'done', status: 202 }]);
  });

  it('answers completed in one turn are replayed at once and committed together at the next', async () => {
    const rows = () => (db.prepare('SELECT key FROM idempotency ORDER BY key').all() as { key: string }[]).map((r) => r.key);
    await store.begin('k1', 'h1');
    await store.begin('k2', 'h1');
    const first = store.complete('k1', ANSWER);
    const second = store.complete('k2', ANSWER);
    // One commit for both: the same pending write.
    expect(second).toBe(first);
    expect(rows()).toEqual([]);
    expect(await store.begin('k1', 'h1')).toEqual({ state: 'replay', answer: ANSWER });
    expect(await store.begin('k2', 'h9')).toEqual({ state: 'mismatch' });
    await first;
    expect(rows()).toEqual(['k1', 'k2']);
    expect(await store.begin('k2', 'h1')).toEqual({ state: 'replay', answer: ANSWER });
  });

  it('flush() commits at once what is pending (on shutdown), and what completes after it, without waiting for the timer', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      await store.begin('k1', 'h1');
      const completed = store.complete('k1', ANSWER);
      expect(db.prepare('SELECT count(*) AS n FROM idempotency').get()).toEqual({ n: 0 });
      await store.flush();
      expect(db.prepare('SELECT count(*) AS n FROM idempotency').get()).toEqual({ n: 1 });
      await completed;
      // Shutting down: a forwarding that ends after flush() has its answer stored at once.
      await store.begin('k2', 'h1');
      const late = store.complete('k2', ANSWER);
      expect(db.prepare('SELECT count(*) AS n FROM idempotency').get()).toEqual({ n: 2 });
      await late;
    } finally {
      vi.useRealTimers();
    }
  });

  it('an answer whose commit fails rejects its complete() and is forgotten, so a retry forwards again', async () => {
    await store.begin('k1', 'h1');
    const completed = store.complete('k1', ANSWER);
    db.close();
    await expect(completed).rejects.toThrow(/not open/);
    db = openDatabase(dir);
    store = makeStore(db);
    expect(await store.begin('k1', 'h1')).toEqual({ state: 'new' });
  });

  it('ignores the pending rows an older version left in the file', async () => {
    db.prepare(`INSERT INTO idempotency (key, body_hash, state, created_at, updated_at) VALUES ('old', 'h1', 'pending', ?, ?)`).run(
      clock,
      clock,
    );
    expect(await store.begin('old', 'h1')).toEqual({ state: 'new' });
    await store.complete('old', ANSWER);
    expect(await store.begin('old', 'h1')).toEqual({ state: 'replay', answer: ANSWER });
  });

  it('completing a key that is not in flight (released, or taken over and finished) stores nothing', async () => {
    await store.begin('k1', 'h1');
    await store.release('k1');
    await store.complete('k1', ANSWER);
    expect(await store.begin('k1', 'h2')).toEqual({ state: 'new' });
  });

  it('ping answers while the database is open, and fails once closed', async () => {
    await expect(store.ping()).resolves.toBeUndefined();
    db.close();
    await expect(store.ping()).rejects.toThrow();
  });
});
