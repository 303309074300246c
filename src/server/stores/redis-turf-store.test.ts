import type { Redis } from 'ioredis';
import { beforeEach, describe, expect, it } from 'vitest';
import { sampleDoors, turfStoreContract } from '@test-support/turf-store-contract';
import { useTestRedis } from '@test-support/use-test-redis';
import { createRedisTurfStore } from './redis-turf-store';
import { StoreUnavailableError } from './store-unavailable-error';
import type { TurfStore } from './turf-store';

// What every turf store promises (turf-store-contract.ts), against a real redis-server; "another
// store" is another connection (another instance). Plus what only Redis has: keys under a prefix,
// and failing fast while Redis is down.

const redis = useTestRedis();
let store: TurfStore;
let other: TurfStore;
/** The connection under `store`. */
let conn: Redis;

beforeEach(async () => {
  conn = await redis.connect();
  store = createRedisTurfStore(conn);
  other = createRedisTurfStore(await redis.connect());
});

describe('createRedisTurfStore', () => {
  turfStoreContract({ store: () => store, other: () => other });

  it('keeps every key under its prefix, and removing a turf leaves none of its keys behind', async () => {
    const mine = createRedisTurfStore(conn, { keyPrefix: 'campaign-a:' });
    const turf = await mine.createTurf('A', sampleDoors(3));
    await mine.assign(turf.id, 'c_jeanne');
    const door = (await mine.loadTurf(turf.id))!.doors[0]!.id;
    await mine.recordVisit({
      turfId: turf.id,
      door,
      outcome: 'absent',
      state: 'absent',
      canvasserId: 'c_jeanne',
      at: '2026-12-03T09:00:00.000Z',
      receivedAt: '2026-12-03T09:00:01.000Z',
    });
    const keys = await redis.server.client.keys('*');
    expect(keys.length).toBeGreaterThan(3);
    for (const key of keys) expect(key.startsWith('campaign-a:')).toBe(true);
    // Another prefix is another campaign: it sees none of these turfs.
    expect(await store.listTurfs()).toEqual([]);
    expect(await mine.removeTurf(turf.id)).toBe(true);
    // What is left is the creation counter: no key of the turf, its visits or its canvasser.
    expect(await redis.server.client.keys('*')).toEqual(['campaign-a:seq']);
  });

  it('loads a 2,000-door turf in one transaction of two reads', async () => {
    const turf = await store.createTurf('Big', sampleDoors(2000));
    const monitor = await redis.server.client.duplicate().monitor();
    const commands: string[] = [];
    monitor.on('monitor', (_time: string, args: string[]) => commands.push(args[0]!.toLowerCase()));
    try {
      expect((await store.loadTurf(turf.id))!.doors).toHaveLength(2000);
      await expect.poll(() => commands.includes('exec')).toBe(true);
    } finally {
      monitor.disconnect();
    }
    expect(commands).toEqual(['multi', 'hmget', 'hgetall', 'exec']);
  });

  it('while Redis is down every call fails at once with a StoreUnavailableError', async () => {
    const turf = await store.createTurf('A', sampleDoors(1));
    await redis.server.kill();
    const calls = [
      () => store.createTurf('B', sampleDoors(1)),
      () => store.listTurfs(),
      () => store.findTurf(turf.id),
      () => store.loadTurf(turf.id),
      () => store.assign(turf.id, 'c_jeanne'),
      () => store.turfsOf('c_jeanne'),
      () =>
        store.recordVisit({
          turfId: turf.id,
          door: '0',
          outcome: 'absent',
          state: 'absent',
          canvasserId: 'c_jeanne',
          at: '2026-12-03T09:00:00.000Z',
          receivedAt: '2026-12-03T09:00:01.000Z',
        }),
      () => store.visitsOf(turf.id),
      () => store.removeTurf(turf.id),
    ];
    for (const call of calls) await expect(call()).rejects.toBeInstanceOf(StoreUnavailableError);
  });
});
