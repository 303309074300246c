import { describe, expect, it } from 'vitest';
import { interleaved, median, ms, percentile, ratio } from './median';

describe('percentile', () => {
  it('interpolates between ranks, as the rows report medians of an even count of runs', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([5, 1, 3])).toBe(3);
    expect(percentile([10, 20], 95)).toBeCloseTo(19.5, 10);
    expect(
      percentile(
        Array.from({ length: 101 }, (_, i) => 100 - i),
        95,
      ),
    ).toBe(95);
  });

  it('is NaN for no values, which the tables print as n/a rather than a made-up figure', () => {
    expect(median([])).toBeNaN();
    expect(ms(median([]))).toBe('n/a');
    expect(ratio(Number.NaN)).toBe('n/a');
  });

  it('leaves the runs it is given in their order', () => {
    const runs = [3, 1, 2];
    median(runs);
    expect(runs).toEqual([3, 1, 2]);
  });
});

describe('ms', () => {
  it('keeps the resolution a comparison of a few milliseconds needs', () => {
    expect(ms(1.234)).toBe('1.23 ms');
    expect(ms(16.74)).toBe('16.7 ms');
    expect(ms(2789.4)).toBe('2789 ms');
  });
});

describe('interleaved', () => {
  it('runs the variants in turn, A B A B, so that a burst of load lands on both', async () => {
    const order: string[] = [];
    const out = await interleaved(3, ['app', 'bare'], async (variant, i) => {
      order.push(`${variant}${i}`);
      return i * 10;
    });
    expect(order).toEqual(['app0', 'bare0', 'app1', 'bare1', 'app2', 'bare2']);
    expect(out.get('app')).toEqual([0, 10, 20]);
    expect(out.get('bare')).toEqual([0, 10, 20]);
  });
});
