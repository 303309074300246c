import { describe, expect, it } from 'vitest';
import { decodeTurf, encodeTurf, isLaterVisit, turfProgress, visitSchema, visitsProgress, type Turf } from './turf-schema';

const turf: Turf = {
  id: 't1',
  name: 'Gros-Caillou',
  version: '3',
  doors: [
    {
      id: '1',
      address: {
        street: 'Rue Cler',
        housenumber: '1',
        postalcode: '75007',
        city: 'Paris',
        citycode: '75107',
        latitude: '48.8570',
        longitude: '2.3050',
      },
    },
    { id: '2', address: { street: 'Rue Cler', housenumber: '3', addition: 'bis', postalcode: '75007', city: 'Paris', citycode: '75107' } },
    { id: '3', address: { street: 'Avenue Rapp', housenumber: '2', postalcode: '75007', city: 'Paris', citycode: '75107', floor: '4' } },
  ],
  visits: { '2': { outcome: 'absent', state: 'absent', at: '2026-12-03T09:00:00.000Z', visits: 1 } },
};

describe('the turf on the wire', () => {
  it('sends what doors share once, as places, and decodes to the same doors', () => {
    const wire = encodeTurf(turf);
    expect(wire.places).toEqual([
      { street: 'Rue Cler', postalcode: '75007', city: 'Paris', citycode: '75107' },
      { street: 'Avenue Rapp', postalcode: '75007', city: 'Paris', citycode: '75107' },
    ]);
    expect(wire.doors.map((d) => d.p)).toEqual([0, 0, 1]);
    expect(decodeTurf(JSON.parse(JSON.stringify(wire)))).toEqual(turf);
  });

  it('refuses a door whose place is missing', () => {
    const wire = encodeTurf(turf);
    wire.doors[0]!.p = 9;
    expect(() => decodeTurf(wire)).toThrow(/place 9/);
  });
});

describe('progress and the latest visit', () => {
  it('counts never-visited doors as to do', () => {
    expect(turfProgress(['1', '2', '3'], turf.visits)).toEqual({
      doors: 3,
      visited: 1,
      byState: { todo: 2, absent: 1, done: 0, refused: 0 },
    });
  });

  it('counts the same from the visits alone as from every door', () => {
    const visits = {
      a: { outcome: 'absent', state: 'absent', at: '2026-12-03T09:00:00Z', visits: 2 },
      c: { outcome: 'refus', state: 'refused', at: '2026-12-03T09:05:00Z', visits: 1 },
      d: { outcome: 'ok', state: 'done', at: '2026-12-03T09:10:00Z', visits: 1 },
    } as const;
    expect(visitsProgress(5, visits)).toEqual(turfProgress(['a', 'b', 'c', 'd', 'e'], visits));
    expect(visitsProgress(5, visits)).toEqual({ doors: 5, visited: 3, byState: { todo: 2, absent: 1, done: 1, refused: 1 } });
    expect(visitsProgress(0, {})).toEqual({ doors: 0, visited: 0, byState: { todo: 0, absent: 0, done: 0, refused: 0 } });
  });

  it('keeps the later visit by its recorded time, the last received on a tie', () => {
    expect(isLaterVisit({ at: '2026-12-03T10:00:00Z' }, { at: '2026-12-03T09:00:00Z' })).toBe(true);
    expect(isLaterVisit({ at: '2026-12-03T08:00:00Z' }, { at: '2026-12-03T09:00:00Z' })).toBe(false);
    expect(isLaterVisit({ at: '2026-12-03T09:00:00Z' }, { at: '2026-12-03T09:00:00.000Z' })).toBe(true);
    expect(isLaterVisit({ at: '2026-12-03T09:00:00Z' }, undefined)).toBe(true);
  });

  it('accepts a visit with a door, an outcome and a time with its offset, and nothing else', () => {
    expect(visitSchema.safeParse({ door: '1', outcome: 'absent', at: '2026-12-03T09:00:00+01:00' }).success).toBe(true);
    expect(visitSchema.safeParse({ door: '1', outcome: 'absent', at: 'yesterday' }).success).toBe(false);
    expect(visitSchema.safeParse({ door: '', outcome: 'absent', at: '2026-12-03T09:00:00Z' }).success).toBe(false);
    expect(visitSchema.safeParse({ door: '1', outcome: 'absent', at: '2026-12-03T09:00:00Z', extra: 1 }).success).toBe(false);
  });
});
