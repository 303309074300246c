import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { DeliveryEntry, DeliveryLog } from './delivery-log';
import { storeCall } from './store-unavailable-error';

// The deliveries log shared by several instances: one sorted set scored by time, each member the
// entry as JSON with a random tag (two identical entries in one millisecond must stay two).
// Purged by score with the hourly purge, like the SQLite log.

export function createRedisDeliveryLog(redis: Redis, opts: { ttlMs: number; now?: () => number; key?: string }): DeliveryLog {
  const now = opts.now ?? Date.now;
  const key = opts.key ?? 'doorstep:deliveries';
  return {
    async record(entry) {
      const member = JSON.stringify({ ...entry, tag: randomBytes(6).toString('base64url') });
      await storeCall('deliveries record', () => redis.zadd(key, entry.at, member));
    },
    async list({ from, to, limit }) {
      // `(to` excludes `to` itself.
      const members = await storeCall('deliveries list', () => redis.zrevrangebyscore(key, `(${to}`, from, 'LIMIT', 0, limit));
      return members.map((m) => {
        const { tag: _tag, ...entry } = JSON.parse(m) as DeliveryEntry & { tag: string };
        return entry;
      });
    },
    async purgeExpired() {
      return storeCall('deliveries purge', () => redis.zremrangebyscore(key, '-inf', `(${now() - opts.ttlMs}`));
    },
    async flush() {},
  };
}
