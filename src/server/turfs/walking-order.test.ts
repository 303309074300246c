import { describe, expect, it } from 'vitest';
import type { DoorAddress } from '@shared/turf-schema';
import { orderStreet, walkingOrder } from './walking-order';

const door = (street: string, housenumber?: string, more: Partial<DoorAddress> = {}): DoorAddress => ({
  street,
  citycode: '75107',
  ...more,
  ...(housenumber ? { housenumber } : {}),
});
const label = (d: DoorAddress) => [d.housenumber, d.addition, d.building, d.floor, d.door].filter(Boolean).join(' ');

describe('one street', () => {
  it('goes up the odd side and back down the even side, numberless doors last', () => {
    const doors = ['8', '1', '', '10', '3', '2', '11'].map((n) => door('Rue Cler', n || undefined));
    expect(orderStreet(doors).map(label)).toEqual(['1', '3', '11', '10', '8', '2', '']);
  });

  it('puts bis and ter after the plain number, then letters', () => {
    const doors = [
      door('Rue Cler', '5', { addition: 'ter' }),
      door('Rue Cler', '5', { addition: 'B' }),
      door('Rue Cler', '5'),
      door('Rue Cler', '5', { addition: 'bis' }),
    ];
    expect(orderStreet(doors).map(label)).toEqual(['5', '5 bis', '5 ter', '5 B']);
  });

  it("keeps a building's flats together, by building, floor and door in natural order", () => {
    const doors = [
      door('Rue Cler', '7', { building: 'B', floor: '1', door: '12' }),
      door('Rue Cler', '7', { building: 'A', floor: '10', door: '2' }),
      door('Rue Cler', '9'),
      door('Rue Cler', '7', { building: 'A', floor: '2', door: '2' }),
      door('Rue Cler', '7', { building: 'A', floor: '2', door: '10' }),
    ];
    expect(orderStreet(doors).map(label)).toEqual(['7 A 2 2', '7 A 2 10', '7 A 10 2', '7 B 1 12', '9']);
  });
});

describe('a turf of several streets', () => {
  const at = (lat: number, lon: number) => ({ latitude: String(lat), longitude: String(lon) });

  it('starts in the north-west and goes to the nearest street each time; streets without coordinates come last, by name', () => {
    const doors = [
      door('Rue Est', '1', at(48.856, 2.31)),
      door('Rue Ouest', '1', at(48.86, 2.3)),
      door('Zèbre', '1'),
      door('Rue Milieu', '1', at(48.858, 2.305)),
      door('Allée', '1'),
    ];
    expect(walkingOrder(doors).map((d) => d.street)).toEqual(['Rue Ouest', 'Rue Milieu', 'Rue Est', 'Allée', 'Zèbre']);
  });

  it('keeps a street that runs through two communes as two streets', () => {
    const doors = [
      door('Grande Rue', '1', { citycode: 'A' }),
      door('Grande Rue', '3', { citycode: 'B' }),
      door('Grande Rue', '5', { citycode: 'A' }),
    ];
    expect(walkingOrder(doors).map((d) => `${d.citycode}${d.housenumber}`)).toEqual(['A1', 'A5', 'B3']);
  });

  it('loses and adds no door', () => {
    const doors = Array.from({ length: 500 }, (_, i) =>
      door(`Rue ${i % 17}`, String(i), at(48.85 + (i % 17) / 1000, 2.3 + (i % 5) / 1000)),
    );
    const ordered = walkingOrder(doors);
    expect(ordered).toHaveLength(500);
    expect(new Set(ordered)).toEqual(new Set(doors));
  });
});
