import type { Redis } from 'ioredis';
import { beforeEach, describe, expect, it } from 'vitest';
import type { IdempotencyStore } from './idempotency-store';
import { idempotencyStoreContract } from '@test-support/idempotency-store-contract';
import { createRedisIdempotencyStore } from './redis-idempotency-store';
import { StoreUnavailableError } from './store-unavailable-error';
import { useTestRedis } from '@test-support/use-test-redis';
import { sleep } from '@test-support/sleep';

// What every store promises (idempotency-store-contract.ts), against a real redis-server, plus
// what only Redis has: two connections (two instances) racing for a key, expiry as the TTL,
// and failing fast while Redis is down.

const TTL = 7 * 86_400_000;
const STALE = 40_000;
const ANSWER = { status: 202, body: { status: 'accepted', idempotencyKey: 'k1' } };
const PREFIX = 'doorstep:idempotency:';

const redis = useTestRedis();
let conn: Redis;
let clock: number;
let store: IdempotencyStore;

const makeStore = (c: Redis, ttlMs = TTL) => createRedisIdempotencyStore(c, { ttlMs, staleAfterMs: STALE, now: () => clock });

beforeEach(async () => {
  conn = await redis.connect();
  clock = Date.parse('2026-03-01T09:00:00Z');
  store = makeStore(conn);
});

describe('createRedisIdempotencyStore', () => {
  idempotencyStoreContract({ store: () => store, advance: (ms) => (clock += ms), staleAfterMs: STALE });

  it('the TTL is the key’s expiry, set when it begins and again when it completes', async () => {
    await store.begin('k1', 'h1');
    const pending = await conn.pttl(PREFIX + 'k1');
    expect(pending).toBeGreaterThan(TTL - 5000);
    expect(pending).toBeLessThanOrEqual(TTL);
    await conn.pexpire(PREFIX + 'k1', 60_000);
    await store.complete('k1', ANSWER);
    expect(await conn.pttl(PREFIX + 'k1')).toBeGreaterThan(TTL - 5000);
    expect(await store.purgeExpired()).toBe(0);
  });

  it('records past the TTL are forgotten: the key is new again, even with another body', async () => {
    const short = makeStore(conn, 150);
    await short.begin('k1', 'h1');
    await short.complete('k1', ANSWER);
    expect(await short.begin('k1', 'h2')).toEqual({ state: 'mismatch' });
    await sleep(250);
    expect(await conn.exists(PREFIX + 'k1')).toBe(0);
    expect(await short.begin('k1', 'h2')).toEqual({ state: 'new' });
  });

  it('completing a record that is gone (expired, or lost with a Redis restart) stores nothing', async () => {
    await store.complete('ghost', ANSWER);
    expect(await conn.exists(PREFIX + 'ghost')).toBe(0);
    expect(await store.begin('ghost', 'h1')).toEqual({ state: 'new' });
  });

  it('another connection (another instance) sees the same records', async () => {
    await store.begin('k1', 'h1');
    await store.complete('k1', ANSWER);
    await store.begin('k2', 'h1');
    const other = await redis.connect();
    try {
      const b = makeStore(other);
      expect(await b.begin('k1', 'h1')).toEqual({ state: 'replay', answer: ANSWER });
      expect(await b.begin('k1', 'h9')).toEqual({ state: 'mismatch' });
      expect(await b.begin('k2', 'h1')).toEqual({ state: 'in-flight' });
    } finally {
      other.disconnect();
    }
  });

  it('of many connections beginning the same key at once, exactly one gets it', async () => {
    const conns = await Promise.all(Array.from({ length: 8 }, () => redis.connect()));
    try {
      const results = await Promise.all(conns.map((c) => makeStore(c).begin('race', 'h1')));
      expect(results.filter((r) => r.state === 'new')).toHaveLength(1);
      expect(results.filter((r) => r.state === 'in-flight')).toHaveLength(7);
    } finally {
      for (const c of conns) c.disconnect();
    }
  });

  it('ping answers while connected, and fails once disconnected', async () => {
    await expect(store.ping()).resolves.toBeUndefined();
    conn.disconnect();
    await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
  });

  it('while Redis is down every call fails at once with a StoreUnavailableError, and works again once it is back', async () => {
    await store.begin('k1', 'h1');
    await redis.server.kill();
    for (const call of [() => store.begin('k2', 'h1'), () => store.complete('k1', ANSWER), () => store.release('k1'), () => store.ping()]) {
      const started = Date.now();
      await expect(call()).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(Date.now() - started).toBeLessThan(500);
    }
    await redis.server.start();
    await expect
      .poll(
        () =>
          store.ping().then(
            () => 'up',
            () => 'down',
          ),
        { timeout: 5000, interval: 50 },
      )
      .toBe('up');
    // A fresh Redis without persistence: the key was forgotten.
    expect(await store.begin('k1', 'h1')).toEqual({ state: 'new' });
  });
});
