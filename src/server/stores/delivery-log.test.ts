import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteDeliveryLog, type DeliveryLog } from './delivery-log';
import { openDatabase, type Db } from './open-database';
import { createRedisDeliveryLog } from './redis-delivery-log';
import { StoreUnavailableError } from './store-unavailable-error';
import { deliveryLogContract } from '@test-support/delivery-log-contract';
import { useTestRedis } from '@test-support/use-test-redis';
import { tempDir } from '@test-support/temp-dir';

// The deliveries log in SQLite (one instance) and in Redis (several), held to the same contract.

const TTL = 7 * 86_400_000;
let clock: number;
let log: DeliveryLog;

describe('createSqliteDeliveryLog', () => {
  let dir: string;
  let db: Db;
  beforeEach(() => {
    dir = tempDir('doorstep-deliveries-');
    db = openDatabase(dir);
    clock = Date.parse('2026-06-20T09:00:00Z');
    log = createSqliteDeliveryLog(db, { ttlMs: TTL, now: () => clock });
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  deliveryLogContract({ log: () => log, ttlMs: TTL, now: () => clock, advance: (ms) => (clock += ms) });

  it('survives reopening the database', async () => {
    await log.record({ key: 'k', kind: 'contact', at: clock, canvasserId: 'c_1', result: 'delivered', status: 202, locations: [] });
    db.close();
    db = openDatabase(dir);
    const again = createSqliteDeliveryLog(db, { ttlMs: TTL, now: () => clock });
    expect((await again.list({ from: 0, to: clock + 1, limit: 5 })).map((e) => e.key)).toEqual(['k']);
  });
});

describe('createRedisDeliveryLog', () => {
  const redis = useTestRedis();
  beforeEach(async () => {
    const conn = await redis.connect();
    clock = Date.parse('2026-06-20T09:00:00Z');
    log = createRedisDeliveryLog(conn, { ttlMs: TTL, now: () => clock });
  });

  deliveryLogContract({ log: () => log, ttlMs: TTL, now: () => clock, advance: (ms) => (clock += ms) });

  it('another connection (another instance) sees the same entries', async () => {
    await log.record({ key: 'k', kind: 'contact', at: clock, canvasserId: 'c_1', result: 'delivered', status: 202, locations: [] });
    const other = createRedisDeliveryLog(redis.server.client, { ttlMs: TTL });
    expect((await other.list({ from: 0, to: clock + 1, limit: 5 })).map((e) => e.key)).toEqual(['k']);
  });

  it('fails with a StoreUnavailableError while Redis is down', async () => {
    await redis.server.kill();
    await expect(log.list({ from: 0, to: 1, limit: 1 })).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(
      log.record({ key: 'k', kind: 'contact', at: clock, canvasserId: 'c_1', result: 'delivered', status: 202, locations: [] }),
    ).rejects.toBeInstanceOf(StoreUnavailableError);
  });
});
