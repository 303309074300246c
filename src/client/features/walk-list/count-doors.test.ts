import { describe, expect, it } from 'vitest';
import { countDoors } from './count-doors';
import { groupDoors } from './group-doors';
import { sampleDoors } from './sample-doors';

describe('countDoors', () => {
  it('counts every door, flats included', () => {
    const groups = groupDoors(sampleDoors());
    expect(countDoors(groups)).toBe(8);
    expect(countDoors(groups.slice(1))).toBe(3);
    expect(countDoors([])).toBe(0);
  });
});
