import { describe, expect, it } from 'vitest';
import type { DoorState, DoorVisitState } from '@shared/turf-schema';
import { type LocalVisit, mergeVisits } from './merge-visits';

const stateOf = (outcome: string): DoorState => (outcome === 'absent' ? 'absent' : outcome === 'refus' ? 'refused' : 'done');
const server: Record<string, DoorVisitState> = {
  d1: { outcome: 'absent', state: 'absent', at: '2026-12-03T09:00:00.000Z', visits: 1 },
  d2: { outcome: 'present', state: 'done', at: '2026-12-03T11:00:00.000Z', visits: 2 },
};
const local = (door: string, outcome: string, at: string, turfId = 't1'): LocalVisit => ({
  key: `k-${door}-${at}`,
  turfId,
  door,
  outcome,
  at,
});

describe('mergeVisits', () => {
  it('shows a visit of this device at once, over the server’s state when it is later', () => {
    const merged = mergeVisits(
      server,
      [local('d1', 'present', '2026-12-03T10:00:00.000Z'), local('d3', 'refus', '2026-12-03T10:00:00Z')],
      't1',
      stateOf,
    );
    expect(merged.d1).toEqual({ outcome: 'present', state: 'done', at: '2026-12-03T10:00:00.000Z', visits: 2 });
    expect(merged.d3).toEqual({ outcome: 'refus', state: 'refused', at: '2026-12-03T10:00:00Z', visits: 1 });
    expect(merged.d2).toBe(server.d2);
  });

  it('keeps the server’s later visit (another canvasser’s), counting this one too', () => {
    const merged = mergeVisits(server, [local('d2', 'absent', '2026-12-03T10:30:00.000Z')], 't1', stateOf);
    expect(merged.d2).toEqual({ ...server.d2, visits: 3 });
  });

  it('lays the latest of several local visits over the door, and ignores other turfs', () => {
    const visits = [
      local('d3', 'absent', '2026-12-03T09:00:00Z'),
      local('d3', 'present', '2026-12-03T12:00:00Z'),
      local('d1', 'refus', '2026-12-03T12:00:00Z', 't2'),
    ];
    const merged = mergeVisits({}, visits, 't1', stateOf);
    expect(merged).toEqual({ d3: { outcome: 'present', state: 'done', at: '2026-12-03T12:00:00Z', visits: 2 } });
  });

  it('does not count twice a visit the server already counts', () => {
    const sent = local('d1', 'absent', '2026-12-03T09:00:00.000Z');
    expect(mergeVisits(server, [sent], 't1', stateOf, (v) => v === sent).d1).toEqual(server.d1);
  });
});
