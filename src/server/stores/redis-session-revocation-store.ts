import type { Redis } from 'ioredis';
import type { SessionRevocationStore } from './session-revocation-store';
import { storeCall } from './store-unavailable-error';

/** Signed-out sessions in Redis, seen by every instance; each entry expires with its token. */
export function createRedisSessionRevocationStore(
  redis: Redis,
  opts: { now?: () => number; keyPrefix?: string } = {},
): SessionRevocationStore {
  const now = opts.now ?? Date.now;
  const prefix = opts.keyPrefix ?? 'doorstep:revoked-session:';
  return {
    async revoke(sessionId, expiresAt) {
      const ms = Math.ceil(expiresAt - now());
      if (ms <= 0) return;
      await storeCall('session revoke', () => redis.set(prefix + sessionId, '1', 'PX', ms));
    },
    async isRevoked(sessionId) {
      return (await storeCall('session check', () => redis.exists(prefix + sessionId))) === 1;
    },
    async purgeExpired() {
      return 0;
    },
    async ping() {
      await storeCall('ping', () => redis.ping());
    },
  };
}
