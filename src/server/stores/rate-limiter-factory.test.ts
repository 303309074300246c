import { describe, expect, it } from 'vitest';
import { RateLimiterRes, createRateLimiterFactory } from './rate-limiter-factory';
import { StoreUnavailableError } from './store-unavailable-error';
import { useTestRedis } from '@test-support/use-test-redis';

// The one place rate limits are made: counts in memory for one instance, in Redis for several
// (two factories on two connections here stand for two instances).

const redis = useTestRedis();
const connection = () => redis.connect();

const rejection = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (err: unknown) => err,
  );

describe('createRateLimiterFactory', () => {
  it('in memory: over the limit rejects with a RateLimiterRes, and each factory counts alone', async () => {
    const a = createRateLimiterFactory()({ name: 'm', points: 2, durationSeconds: 60 });
    const b = createRateLimiterFactory()({ name: 'm', points: 2, durationSeconds: 60 });
    await a.consume('k');
    await a.consume('k');
    const over = await rejection(a.consume('k'));
    expect(over).toBeInstanceOf(RateLimiterRes);
    expect((over as RateLimiterRes).msBeforeNext).toBeGreaterThan(0);
    await expect(b.consume('k')).resolves.toBeInstanceOf(RateLimiterRes);
  });

  it('in Redis: two instances share the count, the block and its reset', async () => {
    const opts = { name: 'shared', points: 3, durationSeconds: 60, blockSeconds: 120 };
    const a = createRateLimiterFactory(await connection())(opts);
    const b = createRateLimiterFactory(await connection())(opts);
    await a.consume('ip');
    await b.consume('ip');
    await a.consume('ip');
    expect((await b.get('ip'))?.consumedPoints).toBe(3);
    const over = await rejection(b.consume('ip'));
    expect(over).toBeInstanceOf(RateLimiterRes);
    // Blocked for blockSeconds, not only the rest of the minute.
    expect((over as RateLimiterRes).msBeforeNext).toBeGreaterThan(60_000);
    expect(await rejection(a.consume('ip'))).toBeInstanceOf(RateLimiterRes);
    await a.delete('ip');
    expect(await b.get('ip')).toBeNull();
    // Names keep limits apart.
    const other = createRateLimiterFactory(await connection())({ ...opts, name: 'other' });
    await expect(other.consume('ip')).resolves.toBeInstanceOf(RateLimiterRes);
  });

  it('in Redis, while Redis is down: a StoreUnavailableError, never a RateLimiterRes and never a pass', async () => {
    const limiter = createRateLimiterFactory(await connection())({ name: 'down', points: 5, durationSeconds: 60 });
    await limiter.consume('k');
    await redis.server.kill();
    try {
      for (const call of [() => limiter.consume('k'), () => limiter.get('k'), () => limiter.delete('k')]) {
        expect(await rejection(call())).toBeInstanceOf(StoreUnavailableError);
      }
    } finally {
      await redis.server.start();
    }
  });
});
