import type { DoorAddress, TurfDoor } from '@shared/turf-schema';

// Doors for the walk list’s unit tests (never imported by the app): a few streets of Paris 7e, in walking order.

const place = { postalcode: '75007', city: 'Paris', citycode: '75107' };
let n = 0;
export const door = (address: DoorAddress): TurfDoor => ({ id: `d${++n}`, address: { ...place, ...address } });

export function sampleDoors(): TurfDoor[] {
  n = 0;
  return [
    door({ street: 'Rue Cler', housenumber: '1', latitude: '48.85700', longitude: '2.30500' }),
    door({ street: 'Rue Cler', housenumber: '3', addition: 'bis', latitude: '48.85710', longitude: '2.30510' }),
    door({ street: 'Rue Cler', housenumber: '5', building: 'A', floor: '1', door: '11' }),
    door({ street: 'Rue Cler', housenumber: '5', building: 'A', floor: '2', door: '21' }),
    door({ street: 'Rue Cler', housenumber: '5', building: 'B', floor: '1', door: '12' }),
    door({ street: 'Allée Thomy-Thierry', housenumber: '12', latitude: '48.85600', longitude: '2.29800' }),
    door({ street: 'Allée Thomy-Thierry', housenumber: '14' }),
    door({ street: 'Rue Cler', housenumber: '7', latitude: '48.85750', longitude: '2.30560' }),
  ];
}
