import { describe, expect, it } from 'vitest';
import { RETRY_BASE_MS, RETRY_CAP_MS, retryDelayMs, verdictFor } from './retry-schedule';

describe('verdictFor', () => {
  it.each([
    [202, 'sent'],
    [200, 'sent'],
    [401, 'signed-out'],
    [0, 'retry'],
    [408, 'retry'],
    [409, 'retry'],
    [429, 'retry'],
    [500, 'retry'],
    [502, 'retry'],
    [503, 'retry'],
    [504, 'retry'],
    [400, 'needs-attention'],
    [413, 'needs-attention'],
    [415, 'needs-attention'],
    [422, 'needs-attention'],
    [403, 'needs-attention'],
  ] as const)('%i → %s', (status, verdict) => {
    expect(verdictFor(status)).toBe(verdict);
  });
});

describe('retryDelayMs', () => {
  const top = () => 0.999999;
  it('doubles its ceiling with each attempt', () => {
    expect(retryDelayMs(1, undefined, top)).toBeCloseTo(RETRY_BASE_MS, -1);
    expect(retryDelayMs(2, undefined, top)).toBeCloseTo(RETRY_BASE_MS * 2, -1);
    expect(retryDelayMs(5, undefined, top)).toBeCloseTo(RETRY_BASE_MS * 16, -1);
  });

  it('never exceeds the cap, however many attempts', () => {
    expect(retryDelayMs(50, undefined, top)).toBeLessThanOrEqual(RETRY_CAP_MS);
    expect(retryDelayMs(50, undefined, top)).toBeGreaterThan(RETRY_CAP_MS - 1000);
  });

  it('jitters between a floor and the ceiling', () => {
    expect(retryDelayMs(6, undefined, () => 0)).toBe(RETRY_BASE_MS / 2);
    expect(retryDelayMs(6, undefined, () => 0.5)).toBe(RETRY_BASE_MS * 16);
    const spread = new Set(Array.from({ length: 50 }, () => retryDelayMs(6)));
    expect(spread.size).toBeGreaterThan(10);
  });

  it('waits at least as long as Retry-After asks', () => {
    expect(retryDelayMs(1, 30, () => 0)).toBe(30_000);
    expect(retryDelayMs(10, 1, top)).toBeGreaterThan(1000);
  });
});
