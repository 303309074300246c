import { describe, expect, it } from 'vitest';
import type { DeliveryEntry } from '@server/stores/delivery-log';
import type { RecordedVisit, TurfRecord } from '@server/stores/turf-store';
import { computeProgress, dayIn, nextDay, NOT_SYNCED_AFTER_MS, startOfDay } from './compute-progress';

const DAY = Date.parse('2026-06-14T00:00:00Z');
const at = (minutes: number) => new Date(DAY + minutes * 60_000).toISOString();

const turf = (id: string, canvassers: string[]): TurfRecord => ({
  id,
  name: `Turf ${id}`,
  canvassers,
  createdAt: at(0),
  progress: { doors: 10, visited: 0, byState: { todo: 10, absent: 0, done: 0, refused: 0 } },
});
const visit = (turfId: string, canvasserId: string, minutes: number, outcome = 'absent'): RecordedVisit => ({
  turfId,
  door: `d${minutes}`,
  outcome,
  state: outcome === 'talked' ? 'done' : 'absent',
  canvasserId,
  at: at(minutes),
  receivedAt: at(minutes + 1),
});
const delivery = (canvasserId: string, minutes: number, over: Partial<DeliveryEntry> = {}): DeliveryEntry => ({
  key: `k${minutes}`,
  kind: 'contact',
  at: DAY + minutes * 60_000,
  canvasserId,
  result: 'delivered',
  status: 202,
  upstreamStatus: 202,
  locations: [],
  ...over,
});

describe('computeProgress', () => {
  const input = {
    from: DAY,
    to: DAY + 86_400_000,
    now: DAY + 12 * 60 * 60_000,
    turfs: [turf('t1', ['a']), turf('t2', ['b'])],
    visits: new Map([
      ['t1', [visit('t1', 'a', 600), visit('t1', 'a', 610, 'talked'), visit('t1', 'a', 620, 'talked'), visit('t1', 'a', -30)]],
      ['t2', [visit('t2', 'b', 300)]],
    ]),
    deliveries: [
      delivery('a', 611, { turfId: 't1' }),
      delivery('a', 621, { turfId: 't1', result: 'refused', refusedBy: 'qomon', status: 422, locations: ['body.data.mail'] }),
      delivery('a', 622, { result: 'refused', refusedBy: 'server', status: 422, locations: ['body.data.mobile'] }),
      delivery('b', 301, { result: 'failed', status: 502, upstreamStatus: 500 }),
    ],
    canvassers: [
      { id: 'a', name: 'Awa' },
      { id: 'b', name: 'Bruno' },
      { id: 'c', name: 'Chloé' },
    ],
    conversationOutcomes: new Set(['talked']),
  };

  it('counts each turf’s visits, conversations, deliveries and refused fields in the range only', () => {
    const p = computeProgress(input);
    expect(p.turfs.find((t) => t.id === 't1')).toMatchObject({
      visits: 3,
      conversations: 2,
      delivered: 1,
      refused: 1,
      refusedFields: { 'body.data.mail': 1 },
      canvassers: ['a'],
    });
    expect(p.turfs.find((t) => t.id === 't2')).toMatchObject({ visits: 1, conversations: 0, delivered: 0, refused: 0 });
    expect(p.totals).toEqual({ doors: 20, visited: 0, visits: 4, conversations: 2, delivered: 1, refused: 2 });
  });

  it('counts each canvasser’s doors and conversations, says when they were last seen, and lists the idle ones', () => {
    const p = computeProgress(input);
    expect(p.canvassers.map((c) => c.id)).toEqual(['a', 'b', 'c']);
    expect(p.canvassers[0]).toMatchObject({ name: 'Awa', doors: 3, conversations: 2, delivered: 1, refused: 2, lastSeen: at(622) });
    expect(p.canvassers[1]).toMatchObject({ name: 'Bruno', doors: 1, lastSeen: at(301) });
    expect(p.canvassers[2]).toEqual({ id: 'c', name: 'Chloé', doors: 0, conversations: 0, delivered: 0, refused: 0, gaps: [] });
  });

  it('flags a device silent for an hour (only in a range that includes now), and visits seconds apart', () => {
    const p = computeProgress(input);
    // Awa's last word was 98 minutes before noon; Bruno's 419.
    expect(p.canvassers[0]!.gaps).toEqual([{ kind: 'not-synced', sinceMinutes: 720 - 622 }]);
    expect(p.canvassers[1]!.gaps).toEqual([{ kind: 'not-synced', sinceMinutes: 720 - 301 }]);
    const recent = computeProgress({ ...input, now: DAY + 622 * 60_000 + NOT_SYNCED_AFTER_MS - 1 });
    expect(recent.canvassers[0]!.gaps).toEqual([]);
    const past = computeProgress({ ...input, now: DAY + 3 * 86_400_000 });
    expect(past.canvassers.flatMap((c) => c.gaps)).toEqual([]);

    const quick = [0, 2, 4, 6, 8].map((s) => ({
      ...visit('t1', 'a', 600),
      door: `q${s}`,
      at: new Date(DAY + 600 * 60_000 + s * 1000).toISOString(),
    }));
    const rapid = computeProgress({ ...input, visits: new Map([['t1', quick]]), now: DAY + 601 * 60_000 });
    expect(rapid.canvassers[0]!.gaps).toEqual([{ kind: 'rapid-visits', count: 4, seconds: 5 }]);
    const two = computeProgress({ ...input, visits: new Map([['t1', quick.slice(0, 3)]]), now: DAY + 601 * 60_000 });
    expect(two.canvassers[0]!.gaps).toEqual([]);
  });
});

describe('days in a time zone', () => {
  it('starts a Paris day at 22:00 or 23:00 UTC, across the clock changes', () => {
    expect(new Date(startOfDay('2026-06-14', 'Europe/Paris')).toISOString()).toBe('2026-06-13T22:00:00.000Z');
    expect(new Date(startOfDay('2026-01-14', 'Europe/Paris')).toISOString()).toBe('2026-01-13T23:00:00.000Z');
    // 29 March 2026: 02:00 becomes 03:00; the day is 23 hours long.
    expect(startOfDay(nextDay('2026-03-29'), 'Europe/Paris') - startOfDay('2026-03-29', 'Europe/Paris')).toBe(23 * 3_600_000);
    expect(startOfDay('2026-06-14', 'UTC')).toBe(DAY);
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
    expect(dayIn('Europe/Paris', Date.parse('2026-06-13T22:30:00Z'))).toBe('2026-06-14');
  });
});
