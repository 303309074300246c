import { expect, it } from 'vitest';
import type { DeliveryEntry, DeliveryLog } from '@server/stores/delivery-log';

// What every DeliveryLog promises, whatever stands behind it: the SQLite log's tests and the
// Redis log's tests (against a real redis-server) both run these.

export interface DeliveryLogUnderTest {
  /** The log of the current test (made fresh before each), with a TTL of `ttlMs`. */
  log(): DeliveryLog;
  ttlMs: number;
  /** The log's clock. */
  now(): number;
  advance(ms: number): void;
}

const T0 = Date.parse('2026-06-14T08:00:00Z');

const entry = (over: Partial<DeliveryEntry>): DeliveryEntry => ({
  key: '2f0a3c1e-7d6b-4c9a-8e5f-1b2c3d4e5f60',
  kind: 'contact',
  at: T0,
  canvasserId: 'c_1',
  result: 'delivered',
  status: 202,
  upstreamStatus: 202,
  locations: [],
  ...over,
});

export function deliveryLogContract(t: DeliveryLogUnderTest): void {
  it('lists what it recorded, as recorded, newest first, within [from, to)', async () => {
    const log = t.log();
    const a = entry({ at: T0, key: 'a' });
    const b = entry({
      at: T0 + 1000,
      key: 'b',
      turfId: 't_1',
      result: 'refused',
      refusedBy: 'qomon',
      status: 422,
      upstreamStatus: 422,
      locations: ['body.data.mail', 'body.data.phone'],
    });
    const c = entry({ at: T0 + 2000, key: 'c', kind: 'visit', result: 'failed', status: 502, upstreamStatus: undefined });
    delete c.upstreamStatus;
    await Promise.all([log.record(a), log.record(b), log.record(c)]);
    expect(await log.list({ from: T0, to: T0 + 3000, limit: 10 })).toEqual([c, b, a]);
    expect(await log.list({ from: T0 + 1, to: T0 + 2000, limit: 10 })).toEqual([b]);
    expect(await log.list({ from: T0, to: T0 + 3000, limit: 2 })).toEqual([c, b]);
    expect(await log.list({ from: T0 + 5000, to: T0 + 9000, limit: 10 })).toEqual([]);
  });

  it('keeps two identical entries as two', async () => {
    const log = t.log();
    await log.record(entry({}));
    await log.record(entry({}));
    expect(await log.list({ from: T0, to: T0 + 1, limit: 10 })).toHaveLength(2);
  });

  it('reads see an entry at once, even one whose write is still waiting', async () => {
    const log = t.log();
    void log.record(entry({ key: 'waiting' }));
    expect((await log.list({ from: T0, to: T0 + 1, limit: 10 })).map((e) => e.key)).toEqual(['waiting']);
  });

  it('purges entries older than the TTL, and only those', async () => {
    const log = t.log();
    const old = entry({ at: t.now() - t.ttlMs - 1, key: 'old' });
    const kept = entry({ at: t.now() - t.ttlMs + 60_000, key: 'kept' });
    await log.record(old);
    await log.record(kept);
    expect(await log.purgeExpired()).toBe(1);
    expect((await log.list({ from: 0, to: t.now() + 1, limit: 10 })).map((e) => e.key)).toEqual(['kept']);
    t.advance(120_000);
    expect(await log.purgeExpired()).toBe(1);
    expect(await log.list({ from: 0, to: t.now() + 1, limit: 10 })).toEqual([]);
  });

  it('flush settles with nothing waiting', async () => {
    const log = t.log();
    void log.record(entry({ key: 'last' }));
    await log.flush();
    expect((await log.list({ from: T0, to: T0 + 1, limit: 10 })).map((e) => e.key)).toEqual(['last']);
  });
}
