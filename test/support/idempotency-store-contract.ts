import { expect, it } from 'vitest';
import type { IdempotencyStore, StoredAnswer } from '@server/stores/idempotency-store';

// What every IdempotencyStore promises, whatever stands behind it: the SQLite store's tests and
// the Redis store's tests (against a real redis-server) both run these, so the two cannot drift.

export interface StoreUnderTest {
  /** The store of the current test (made fresh before each). */
  store(): IdempotencyStore;
  /** Moves the store's clock forward. */
  advance(ms: number): void;
  staleAfterMs: number;
}

const ANSWER: StoredAnswer = { status: 202, body: { status: 'accepted', idempotencyKey: 'k1' } };

export function idempotencyStoreContract(t: StoreUnderTest): void {
  it('a new key is new, then in flight, then replays its answer once complete', async () => {
    const store = t.store();
    expect(await store.begin('k1', 'h1')).toEqual({ state: 'new' });
    expect(await store.begin('k1', 'h1')).toEqual({ state: 'in-flight' });
    await store.complete('k1', ANSWER);
    expect(await store.begin('k1', 'h1')).toEqual({ state: 'replay', answer: ANSWER });
    expect(await store.begin('k1', 'h1')).toEqual({ state: 'replay', answer: ANSWER });
  });

  it('another body under the same key is a mismatch, whether in flight or done', async () => {
    const store = t.store();
    await store.begin('k1', 'h1');
    expect(await store.begin('k1', 'h2')).toEqual({ state: 'mismatch' });
    await store.complete('k1', ANSWER);
    expect(await store.begin('k1', 'h2')).toEqual({ state: 'mismatch' });
    // The mismatch did not overwrite the record.
    expect(await store.begin('k1', 'h1')).toEqual({ state: 'replay', answer: ANSWER });
  });

  it('keys are independent', async () => {
    const store = t.store();
    await store.begin('k1', 'h1');
    expect(await store.begin('k2', 'h1')).toEqual({ state: 'new' });
  });

  it('a released key starts again as new (an upstream failure is not stored)', async () => {
    const store = t.store();
    await store.begin('k1', 'h1');
    await store.release('k1');
    expect(await store.begin('k1', 'h1')).toEqual({ state: 'new' });
    // Even with another body: nothing was forwarded under it.
    await store.release('k1');
    expect(await store.begin('k1', 'h2')).toEqual({ state: 'new' });
  });

  it('release never forgets a finished key', async () => {
    const store = t.store();
    await store.begin('k1', 'h1');
    await store.complete('k1', ANSWER);
    await store.release('k1');
    expect(await store.begin('k1', 'h1')).toEqual({ state: 'replay', answer: ANSWER });
  });

  it('a key in flight longer than staleAfterMs is taken over', async () => {
    const store = t.store();
    await store.begin('k1', 'h1');
    t.advance(t.staleAfterMs - 1);
    expect(await store.begin('k1', 'h1')).toEqual({ state: 'in-flight' });
    t.advance(2);
    expect(await store.begin('k1', 'h1')).toEqual({ state: 'new' });
    // Taken over: in flight again, from now.
    expect(await store.begin('k1', 'h1')).toEqual({ state: 'in-flight' });
    await store.complete('k1', ANSWER);
    expect(await store.begin('k1', 'h1')).toEqual({ state: 'replay', answer: ANSWER });
  });

  it('a finished record is never treated as stale', async () => {
    const store = t.store();
    await store.begin('k1', 'h1');
    await store.complete('k1', ANSWER);
    t.advance(t.staleAfterMs * 10);
    expect(await store.begin('k1', 'h1')).toEqual({ state: 'replay', answer: ANSWER });
  });
}
