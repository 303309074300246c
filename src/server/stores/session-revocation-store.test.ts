import { rmSync } from 'node:fs';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from './open-database';
import { createRedisSessionRevocationStore } from './redis-session-revocation-store';
import { createSqliteSessionRevocationStore, type SessionRevocationStore } from './session-revocation-store';
import { StoreUnavailableError } from './store-unavailable-error';
import { startTestRedis, type TestRedis } from '@test-support/start-test-redis';
import { sleep } from '@test-support/sleep';
import { tempDir } from '@test-support/temp-dir';

// The list of signed-out sessions, in SQLite (one instance) and in Redis (several): a revoked id
// is refused until the token's own expiry, and forgotten after it.

let dir: string;
let db: Db;
let redis: TestRedis;

beforeAll(async () => {
  dir = tempDir('doorstep-revocations-');
  db = openDatabase(dir);
  redis = await startTestRedis();
});

afterAll(async () => {
  db?.close();
  rmSync(dir, { recursive: true, force: true });
  await redis?.stop();
});

const makers: [string, (now: () => number) => SessionRevocationStore][] = [
  ['SQLite', (now) => createSqliteSessionRevocationStore(db, { now })],
  ['Redis', (now) => createRedisSessionRevocationStore(redis.client, { now })],
];

describe.each(makers)('%s', (_name, make) => {
  it('a revoked id is revoked, others are not', async () => {
    const store = make(Date.now);
    const id = `s-${Math.random()}`;
    expect(await store.isRevoked(id)).toBe(false);
    await store.revoke(id, Date.now() + 3600_000);
    expect(await store.isRevoked(id)).toBe(true);
    expect(await store.isRevoked(`${id}-other`)).toBe(false);
    // Revoking twice is harmless.
    await store.revoke(id, Date.now() + 3600_000);
    expect(await store.isRevoked(id)).toBe(true);
    await expect(store.ping()).resolves.toBeUndefined();
  });

  it('is kept until the token’s expiry and forgotten after it; an expired token is not even written', async () => {
    const store = make(Date.now);
    const id = `s-${Math.random()}`;
    await store.revoke(id, Date.now() + 150);
    expect(await store.isRevoked(id)).toBe(true);
    await sleep(200);
    expect(await store.isRevoked(id)).toBe(false);
    await store.purgeExpired();
    const past = `s-${Math.random()}`;
    await store.revoke(past, Date.now() - 1);
    expect(await store.isRevoked(past)).toBe(false);
  });
});

describe('SQLite', () => {
  it('purges entries past their expiry and keeps the others', async () => {
    let clock = Date.parse('2026-03-01T09:00:00Z');
    const store = createSqliteSessionRevocationStore(db, { now: () => clock });
    await store.revoke('soon', clock + 1000);
    await store.revoke('later', clock + 10_000);
    clock += 5000;
    expect(await store.purgeExpired()).toBeGreaterThanOrEqual(1);
    expect(await store.isRevoked('soon')).toBe(false);
    expect(await store.isRevoked('later')).toBe(true);
  });
});

describe('Redis', () => {
  it('the entry expires with the token (key expiry), and calls fail with a StoreUnavailableError while Redis is down', async () => {
    const store = createRedisSessionRevocationStore(redis.client);
    await store.revoke('abc', Date.now() + 60_000);
    const ttl = await redis.client.pttl('doorstep:revoked-session:abc');
    expect(ttl).toBeGreaterThan(55_000);
    expect(ttl).toBeLessThanOrEqual(60_000);

    const failFast = new Redis(redis.url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      lazyConnect: true,
      retryStrategy: () => 50,
    });
    failFast.on('error', () => {});
    await failFast.connect();
    try {
      const down = createRedisSessionRevocationStore(failFast);
      await redis.kill();
      await expect(down.isRevoked('abc')).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(down.revoke('x', Date.now() + 1000)).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(down.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
    } finally {
      failFast.disconnect();
      await redis.start();
    }
  });
});
