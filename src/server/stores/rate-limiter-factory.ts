import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { StoreUnavailableError } from './store-unavailable-error';

// Every rate limit is made here, so that the routes need not know where the counts live: in this
// process's memory with one instance, in Redis (shared by all instances) with REDIS_URL.

export interface RateLimitOptions {
  /** Names the counters: two limits with the same name would share them. */
  name: string;
  points: number;
  durationSeconds: number;
  /** Once over the limit, refuse for this long (default: until the duration ends). */
  blockSeconds?: number;
}

export interface RateLimiter {
  /** Counts one; rejects with a RateLimiterRes over the limit, a StoreUnavailableError when the
   * counts cannot be reached. */
  consume(key: string): Promise<RateLimiterRes>;
  get(key: string): Promise<RateLimiterRes | null>;
  /** Gives back points consumed (an attempt that turned out right). */
  reward(key: string, points?: number): Promise<void>;
  delete(key: string): Promise<void>;
}

export type RateLimiterFactory = (opts: RateLimitOptions) => RateLimiter;

export { RateLimiterRes };

export function createRateLimiterFactory(redis?: Redis): RateLimiterFactory {
  return (opts) => {
    const common = {
      keyPrefix: `doorstep:rate:${opts.name}`,
      points: opts.points,
      duration: opts.durationSeconds,
      blockDuration: opts.blockSeconds ?? 0,
    };
    const limiter: RateLimiterAbstract = redis
      ? new RateLimiterRedis({ ...common, storeClient: redis, rejectIfRedisNotReady: true })
      : new RateLimiterMemory(common);
    const unavailable = (operation: string) => (err: unknown) => {
      throw err instanceof RateLimiterRes ? err : new StoreUnavailableError(`rate limit ${opts.name} ${operation}`, err);
    };
    return {
      consume: (key) => limiter.consume(key).catch(unavailable('consume')),
      get: (key) => limiter.get(key).catch(unavailable('get')),
      reward: async (key, points = 1) => {
        await limiter.reward(key, points).catch(unavailable('reward'));
      },
      delete: async (key) => {
        await limiter.delete(key).catch(unavailable('delete'));
      },
    };
  };
}
