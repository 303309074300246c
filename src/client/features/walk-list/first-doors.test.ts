import { describe, expect, it } from 'vitest';
import { countDoors, firstDoors } from './first-doors';
import { groupDoors } from './group-doors';
import { sampleDoors } from './sample-doors';

describe('firstDoors', () => {
  const groups = groupDoors(sampleDoors());

  it('counts every door, flats included', () => {
    expect(countDoors(groups)).toBe(8);
  });

  it('cuts after the limit, keeping a building whole', () => {
    // Rue Cler 1, 3 bis, then the building of 5 (three flats).
    const cut = firstDoors(groups, 3);
    expect(cut).toHaveLength(1);
    expect(cut[0]!.entries.map((e) => e.kind)).toEqual(['door', 'door', 'building']);
    expect(countDoors(cut)).toBe(5);
  });

  it('hands back the groups it keeps whole as they are, and all of them past the end', () => {
    const cut = firstDoors(groups, 6);
    expect(cut[0]).toBe(groups[0]);
    expect(cut[1]!.entries).toHaveLength(1);
    expect(firstDoors(groups, 100)).toEqual(groups);
    expect(firstDoors(groups, 100)[2]).toBe(groups[2]);
  });

  it('renders nothing for a limit of 0', () => {
    expect(firstDoors(groups, 0)).toEqual([]);
  });
});
