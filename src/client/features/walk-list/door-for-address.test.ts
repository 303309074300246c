import { describe, expect, it } from 'vitest';
import { doorForAddress } from './door-for-address';
import { doorLabel } from './door-label';
import { walkListTextEn } from './walk-list-text-en';
import { sampleDoors } from './sample-doors';

describe('doorForAddress', () => {
  const doors = sampleDoors();
  const form = (address: Record<string, string>) => ({ postalcode: '75007', city: 'Paris', latitude: '', ...address });

  it('finds the door a contact’s address names, flat included, whatever its coordinates', () => {
    expect(doorForAddress(doors, form({ street: 'Rue Cler', housenumber: '5', building: 'A', floor: '2', door: '21' }))?.id).toBe('d4');
    expect(doorForAddress(doors, form({ street: 'Rue Cler', housenumber: '3', addition: 'bis ' }))?.id).toBe('d2');
    expect(doorForAddress(doors, form({ street: 'Rue Cler', housenumber: '3' }))).toBeUndefined();
    expect(doorForAddress(doors, form({ street: 'Rue Cler', housenumber: '9' }))).toBeUndefined();
  });

  it('prefers the door whose conversation opened the form while the address still names it', () => {
    const twin = { ...doors[0]!, id: 'twin' };
    expect(doorForAddress([...doors, twin], form({ street: 'Rue Cler', housenumber: '1' }), twin)?.id).toBe('twin');
    expect(doorForAddress([...doors, twin], form({ street: 'Rue Cler', housenumber: '7' }), twin)?.id).toBe('d8');
  });
});

describe('doorLabel', () => {
  it('reads like the wall: number, addition, street, then the flat', () => {
    const [, threeBis, flat] = sampleDoors();
    expect(doorLabel(threeBis!.address, walkListTextEn)).toBe('3 bis Rue Cler');
    expect(doorLabel(flat!.address, walkListTextEn)).toBe('5 Rue Cler, building A, floor 1, door 11');
    expect(doorLabel({ street: 'Rue Cler' }, walkListTextEn)).toBe('Rue Cler');
  });
});
