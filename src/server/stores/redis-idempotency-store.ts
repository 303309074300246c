import type { Redis } from 'ioredis';
import type { BeginResult, IdempotencyStore } from './idempotency-store';
import { storeCall } from './store-unavailable-error';

// The idempotency store shared by several instances: one Redis hash per key, read and written by
// Lua scripts so that two instances receiving the same key at once cannot both see it as new.
// Same semantics as the SQLite store; the TTL is the key's own expiry, so nothing needs purging.

export interface RedisIdempotencyOptions {
  ttlMs: number;
  /** A pending record older than this belongs to a forwarding that died with its process. */
  staleAfterMs: number;
  now?: () => number;
  keyPrefix?: string;
}

// The clock comes from the caller, not Redis's TIME, so that the tests can move it; instances'
// clocks only need to agree to within a fraction of staleAfterMs (tens of seconds).
const BEGIN = `
local rec = redis.call('HMGET', KEYS[1], 'hash', 'state', 'status', 'response', 'updated')
if rec[1] then
  if rec[1] ~= ARGV[1] then return {'mismatch'} end
  if rec[2] == 'done' then return {'replay', rec[3], rec[4]} end
  if tonumber(rec[5]) >= tonumber(ARGV[2]) - tonumber(ARGV[3]) then return {'in-flight'} end
end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'hash', ARGV[1], 'state', 'pending', 'updated', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return {'new'}`;

// Only a record still there is completed: one that expired or was lost with a Redis restart has
// no body hash left to check a replay against, so it is better forgotten than half-written.
const COMPLETE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'state', 'done', 'status', ARGV[1], 'response', ARGV[2], 'updated', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1`;

const RELEASE = `
if redis.call('HGET', KEYS[1], 'state') == 'pending' then return redis.call('DEL', KEYS[1]) end
return 0`;

export function createRedisIdempotencyStore(redis: Redis, opts: RedisIdempotencyOptions): IdempotencyStore {
  const now = opts.now ?? Date.now;
  const prefix = opts.keyPrefix ?? 'doorstep:idempotency:';
  const ttl = String(Math.max(1, Math.round(opts.ttlMs)));

  return {
    async begin(key, hash) {
      const res = (await storeCall('idempotency begin', () =>
        redis.eval(BEGIN, 1, prefix + key, hash, String(now()), String(opts.staleAfterMs), ttl),
      )) as [string, string?, string?];
      switch (res[0]) {
        case 'replay':
          return { state: 'replay', answer: { status: Number(res[1]), body: JSON.parse(res[2]!) } };
        case 'mismatch':
        case 'in-flight':
        case 'new':
          return { state: res[0] } as BeginResult;
        default:
          throw new Error(`idempotency begin: unexpected answer ${JSON.stringify(res)}`);
      }
    },
    async complete(key, answer) {
      await storeCall('idempotency complete', () =>
        redis.eval(COMPLETE, 1, prefix + key, String(answer.status), JSON.stringify(answer.body), String(now()), ttl),
      );
    },
    async release(key) {
      await storeCall('idempotency release', () => redis.eval(RELEASE, 1, prefix + key));
    },
    async purgeExpired() {
      return 0;
    },
    async ping() {
      await storeCall('ping', () => redis.ping());
    },
    // Each call is its own Redis command: nothing waits to be written.
    async flush() {},
  };
}
