import { describe, expect, it } from 'vitest';
import { distanceMetres, doorPosition, nearestDoor } from './nearest-door';
import { sampleDoors } from './sample-doors';

describe('distanceMetres', () => {
  it('measures the great circle: Paris to Lyon is about 392 km, one metre north is one metre', () => {
    const paris = { latitude: 48.8566, longitude: 2.3522 };
    const lyon = { latitude: 45.764, longitude: 4.8357 };
    expect(distanceMetres(paris, lyon) / 1000).toBeCloseTo(391.5, 0);
    expect(distanceMetres(paris, { latitude: 48.8566 + 1 / 111_195, longitude: 2.3522 })).toBeCloseTo(1, 1);
    expect(distanceMetres(paris, paris)).toBe(0);
  });
});

describe('nearestDoor', () => {
  const doors = sampleDoors();

  it('picks the closest door that has coordinates, among those asked for', () => {
    const here = { latitude: 48.85601, longitude: 2.29802 };
    expect(nearestDoor(doors, here)?.door.id).toBe('d6');
    expect(nearestDoor(doors, here)!.metres).toBeLessThan(3);
    expect(nearestDoor(doors, here, (d) => d.id !== 'd6')?.door.id).toBe('d1');
    expect(nearestDoor(doors, { latitude: 48.8576, longitude: 2.3057 })?.door.id).toBe('d8');
  });

  it('finds none when no eligible door has coordinates', () => {
    expect(nearestDoor(doors, { latitude: 48.85, longitude: 2.3 }, (d) => !doorPosition(d))).toBeUndefined();
    expect(doorPosition({ id: 'x', address: { street: 'Rue Cler', latitude: 'n/a', longitude: '2.3' } })).toBeUndefined();
  });
});
