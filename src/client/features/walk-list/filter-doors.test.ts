import { describe, expect, it } from 'vitest';
import type { DoorVisitState } from '@shared/turf-schema';
import { filterDoors, matchesSearch } from './filter-doors';
import { groupDoors } from './group-doors';
import { sampleDoors } from './sample-doors';

const visit = (state: DoorVisitState['state']): DoorVisitState => ({ outcome: state, state, at: '2026-12-03T09:00:00Z', visits: 1 });
const ids = (groups: ReturnType<typeof filterDoors>) =>
  groups.flatMap((g) => g.entries.flatMap((e) => (e.kind === 'door' ? [e.door.id] : e.doors.map((d) => d.id))));

describe('matchesSearch', () => {
  const [one, threeBis, , , , twelve] = sampleDoors();

  it('finds a door by its number from the first digit, its addition, or any part of its street', () => {
    expect(matchesSearch(twelve!, '1')).toBe(true);
    expect(matchesSearch(twelve!, '12')).toBe(true);
    expect(matchesSearch(twelve!, '13')).toBe(false);
    expect(matchesSearch(threeBis!, '3bis')).toBe(true);
    expect(matchesSearch(threeBis!, '3 bis cler')).toBe(true);
    expect(matchesSearch(one!, 'bis')).toBe(false);
    expect(matchesSearch(one!, 'CLER')).toBe(true);
  });

  it('ignores accents and case, and finds everything with an empty search', () => {
    expect(matchesSearch(twelve!, 'allee thomy')).toBe(true);
    expect(matchesSearch(twelve!, 'Allée')).toBe(true);
    expect(matchesSearch(one!, '  ')).toBe(true);
    expect(matchesSearch(one!, '1 rapp')).toBe(false);
  });
});

describe('filterDoors', () => {
  const groups = groupDoors(sampleDoors());
  const visits = { d1: visit('done'), d2: visit('absent'), d3: visit('refused'), d6: visit('absent') };

  it('shows every door, what is left (to do or nobody home), or only the second pass', () => {
    expect(ids(filterDoors(groups, visits, 'all', ''))).toEqual(['d1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7', 'd8']);
    expect(ids(filterDoors(groups, visits, 'left', ''))).toEqual(['d2', 'd4', 'd5', 'd6', 'd7', 'd8']);
    expect(ids(filterDoors(groups, visits, 'again', ''))).toEqual(['d2', 'd6']);
  });

  it('drops the groups and buildings with nothing shown, and keeps the flats shown in their building', () => {
    const left = filterDoors(groups, visits, 'left', 'cler');
    expect(left.map((g) => g.street)).toEqual(['Rue Cler', 'Rue Cler']);
    const building = left[0]!.entries[1]!;
    expect(building.kind === 'building' && building.doors.map((d) => d.id)).toEqual(['d4', 'd5']);
    expect(filterDoors(groups, visits, 'again', 'cler').map((g) => g.street)).toEqual(['Rue Cler']);
  });

  it('stops after the first doors shown when given a limit, a building kept whole, the rest as without one', () => {
    expect(ids(filterDoors(groups, visits, 'all', '', 2))).toEqual(['d1', 'd2']);
    // The third door shown opens a building (d3 to d5): its flats come together.
    expect(ids(filterDoors(groups, visits, 'all', '', 3))).toEqual(['d1', 'd2', 'd3', 'd4', 'd5']);
    expect(ids(filterDoors(groups, visits, 'left', '', 1))).toEqual(['d2']);
    expect(ids(filterDoors(groups, visits, 'left', '', 2))).toEqual(['d2', 'd4', 'd5']);
    expect(ids(filterDoors(groups, visits, 'left', '', 100))).toEqual(ids(filterDoors(groups, visits, 'left', '')));
    expect(filterDoors(groups, visits, 'left', '', 0)).toEqual([]);
  });

  it('gives back the same group objects where nothing was left out, so their rows need not render again', () => {
    const all = filterDoors(groups, visits, 'all', '');
    all.forEach((g, i) => expect(g).toBe(groups[i]));
    const left = filterDoors(groups, { d1: visit('done') }, 'left', '');
    expect(left.slice(1).every((g) => groups.includes(g))).toBe(true);
  });
});
