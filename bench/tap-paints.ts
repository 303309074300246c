// The one-tap row's figure, from what the page recorded: each tap's pointerup → next frame
// presented, as the click's Event Timing entry says (https://w3c.github.io/event-timing/).

export interface RecordedTap {
  /** The pointerup's timestamp. */
  t0: number;
  /** When the card was seen naming another door (a MutationObserver, in the commit's microtask). */
  movedAt: number;
  from: string;
  to: string;
}

export interface ClickTiming {
  start: number;
  duration: number;
  processingEnd: number;
}

/** Event Timing's lowest threshold: a tap with no entry took less. */
export const EVENT_TIMING_FLOOR_MS = 16;

/** Each tap's pointerup → next frame presented, from the click's Event Timing entry (same
 * timestamp as its pointerup). A tap without one took under the API's 16 ms floor and counts as
 * 16 (an upper bound); a run in which no tap has one means the entries are not arriving. */
export function tapPaints(rec: { taps: readonly RecordedTap[]; clicks: readonly ClickTiming[] }): { paints: number[]; underFloor: number } {
  let underFloor = 0;
  const paints = rec.taps.map((tap) => {
    const click = rec.clicks.find((c) => Math.abs(c.start - tap.t0) < 1);
    if (!click) {
      underFloor++;
      return EVENT_TIMING_FLOOR_MS;
    }
    // The door changed after the click's handlers: the frame Event Timing names may not show it.
    if (tap.movedAt > click.processingEnd + 1)
      throw new Error(
        `door ${tap.from} → ${tap.to}: the card changed ${(tap.movedAt - click.processingEnd).toFixed(1)} ms after the click's handlers`,
      );
    return click.duration;
  });
  if (rec.taps.length > 0 && underFloor === rec.taps.length)
    throw new Error('no Event Timing entry for any tap: the observer is not receiving them');
  return { paints, underFloor };
}
