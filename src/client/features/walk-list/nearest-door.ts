import type { TurfDoor } from '@shared/turf-schema';

// "Nearest door" is worked out on the device, from the position the browser gives and the
// coordinates the turf carries: no network, no map service.

export interface Position {
  latitude: number;
  longitude: number;
}

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** The great-circle distance in metres (haversine): plenty for doors a street apart. */
export function distanceMetres(a: Position, b: Position): number {
  const dLat = rad(b.latitude - a.latitude);
  const dLon = rad(b.longitude - a.longitude);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The door's position, when the turf has both coordinates as numbers. */
export function doorPosition(door: TurfDoor): Position | undefined {
  const latitude = Number.parseFloat(door.address.latitude ?? '');
  const longitude = Number.parseFloat(door.address.longitude ?? '');
  return Number.isFinite(latitude) && Number.isFinite(longitude) ? { latitude, longitude } : undefined;
}

/** The door closest to `here` among those `eligible` (what is left to do), with its distance;
 * undefined when none has coordinates. On a tie, the earlier in walking order. */
export function nearestDoor(
  doors: readonly TurfDoor[],
  here: Position,
  eligible: (door: TurfDoor) => boolean = () => true,
): { door: TurfDoor; metres: number } | undefined {
  let best: { door: TurfDoor; metres: number } | undefined;
  for (const door of doors) {
    if (!eligible(door)) continue;
    const at = doorPosition(door);
    if (!at) continue;
    const metres = distanceMetres(here, at);
    if (!best || metres < best.metres) best = { door, metres };
  }
  return best;
}
