import type { StreetGroup } from './group-doors';

/** How many doors a list of groups holds (a building counts its flats). */
export function countDoors(groups: readonly StreetGroup[]): number {
  let n = 0;
  for (const group of groups) for (const entry of group.entries) n += entry.kind === 'door' ? 1 : entry.doors.length;
  return n;
}
