import { describe, expect, it } from 'vitest';
import { formatAgo, formatClock, formatDuration } from './format-time';

describe('format-time', () => {
  it('says a duration in its largest whole unit', () => {
    expect(formatDuration(40_000, 'en')).toBe('40 sec');
    expect(formatDuration(5 * 60_000 + 59_000, 'en')).toBe('5 min');
    expect(formatDuration(3 * 3_600_000, 'en')).toBe('3 hr');
    expect(formatDuration(2 * 86_400_000, 'en')).toBe('2 days');
    expect(formatDuration(5 * 60_000, 'fr')).toBe('5\u00a0min');
  });

  it('says how long ago, "now" under a minute', () => {
    expect(formatAgo(10_000, 'en')).toBe('now');
    expect(formatAgo(5 * 60_000, 'en')).toBe('5 minutes ago');
    expect(formatAgo(5 * 60_000, 'fr')).toBe('il y a 5 minutes');
  });

  it('gives the time of day, and the day too when it is not today', () => {
    const at = new Date(2027, 2, 3, 14, 2).getTime();
    expect(formatClock(at, 'en-GB', at + 1000)).toBe('14:02');
    expect(formatClock(at, 'en-GB', at + 2 * 86_400_000)).toBe('3 Mar, 14:02');
  });
});
