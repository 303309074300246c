import { describe, expect, it } from 'vitest';
import { groupDoors } from './group-doors';
import { door, sampleDoors } from './sample-doors';

describe('groupDoors', () => {
  it('keeps the walking order, one group per run of a street, and one entry per building', () => {
    const groups = groupDoors(sampleDoors());
    expect(groups.map((g) => [g.street, g.entries.length])).toEqual([
      ['Rue Cler', 3],
      ['Allée Thomy-Thierry', 2],
      // The street comes back later in the walk: a group of its own, where the walk meets it.
      ['Rue Cler', 1],
    ]);
    const [first, second, building] = groups[0]!.entries;
    expect(first).toMatchObject({ kind: 'door', door: { id: 'd1' } });
    expect(second).toMatchObject({ kind: 'door', door: { id: 'd2' } });
    expect(building).toMatchObject({ kind: 'building', key: 'd3', address: { street: 'Rue Cler', housenumber: '5' } });
    expect(building?.kind === 'building' && building.doors.map((d) => d.id)).toEqual(['d3', 'd4', 'd5']);
  });

  it('keeps doors sharing a number without flats apart, and a lone flat as a door', () => {
    const twice = [door({ street: 'Rue Amélie', housenumber: '2' }), door({ street: 'Rue Amélie', housenumber: '2' })];
    expect(groupDoors(twice)[0]!.entries.map((e) => e.kind)).toEqual(['door', 'door']);
    const lone = [door({ street: 'Rue Amélie', housenumber: '4', floor: '3' }), door({ street: 'Rue Amélie', housenumber: '6' })];
    expect(groupDoors(lone)[0]!.entries.map((e) => e.kind)).toEqual(['door', 'door']);
  });

  it('tells 3 from 3 bis', () => {
    const doors = [
      door({ street: 'Rue Amélie', housenumber: '3', floor: '1' }),
      door({ street: 'Rue Amélie', housenumber: '3', addition: 'bis', floor: '1' }),
    ];
    expect(groupDoors(doors)[0]!.entries.map((e) => e.kind)).toEqual(['door', 'door']);
  });
});
