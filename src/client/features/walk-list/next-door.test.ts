import { describe, expect, it } from 'vitest';
import type { DoorVisitState } from '@shared/turf-schema';
import { nextDoor } from './next-door';
import { sampleDoors } from './sample-doors';

const visit = (state: DoorVisitState['state']): DoorVisitState => ({ outcome: state, state, at: '2026-12-03T09:00:00Z', visits: 1 });

describe('nextDoor', () => {
  const doors = sampleDoors();

  it('goes to the next door still to do in walking order, from the start again at the end', () => {
    expect(nextDoor(doors, {})?.id).toBe('d1');
    expect(nextDoor(doors, { d2: visit('done') }, 'd1')?.id).toBe('d3');
    expect(nextDoor(doors, { d1: visit('done') }, 'd8')?.id).toBe('d2');
  });

  it('begins the second pass once nothing is left to do, and ends when every door is done', () => {
    const visits = Object.fromEntries(doors.map((d) => [d.id, visit('done')]));
    expect(nextDoor(doors, { ...visits, d2: visit('absent'), d6: visit('absent') }, 'd3')?.id).toBe('d6');
    expect(nextDoor(doors, visits, 'd3')).toBeUndefined();
  });
});
