import { describe, expect, it } from 'vitest';
import { EVENT_TIMING_FLOOR_MS, tapPaints } from './tap-paints';

const tap = (t0: number, movedAt: number) => ({ t0, movedAt, from: 'a', to: 'b' });

describe('tapPaints', () => {
  it("takes each tap's click entry, found by the pointerup's timestamp", () => {
    const { paints, underFloor } = tapPaints({
      taps: [tap(100, 112), tap(600, 611)],
      clicks: [
        { start: 600.2, duration: 40, processingEnd: 615 },
        { start: 100, duration: 32, processingEnd: 113 },
      ],
    });
    expect(paints).toEqual([32, 40]);
    expect(underFloor).toBe(0);
  });

  it("counts a tap with no entry at the API's floor, as an upper bound, and says how many", () => {
    const { paints, underFloor } = tapPaints({
      taps: [tap(100, 110), tap(600, 610)],
      clicks: [{ start: 100, duration: 24, processingEnd: 112 }],
    });
    expect(paints).toEqual([24, EVENT_TIMING_FLOOR_MS]);
    expect(underFloor).toBe(1);
  });

  it('refuses a tap whose door changed after the click had been handled: that frame may not show it', () => {
    expect(() => tapPaints({ taps: [tap(100, 140)], clicks: [{ start: 100, duration: 32, processingEnd: 120 }] })).toThrow(
      /after the click's handlers/,
    );
  });

  it('refuses a run with no entry at all rather than calling every tap fast', () => {
    expect(() => tapPaints({ taps: [tap(100, 110), tap(600, 610)], clicks: [] })).toThrow(/not receiving/);
  });
});
