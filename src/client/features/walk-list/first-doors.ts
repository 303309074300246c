import type { ListEntry, StreetGroup } from './group-doors';

/** How many doors a list of groups holds (a building counts its flats). */
export function countDoors(groups: readonly StreetGroup[]): number {
  let n = 0;
  for (const group of groups) for (const entry of group.entries) n += entry.kind === 'door' ? 1 : entry.doors.length;
  return n;
}

/** The groups cut after `limit` doors, in order: what the list renders first of a long turf. A
 * building is kept whole (its flats open together), so the cut may hold a few doors more. Groups
 * and entries that are kept whole are the same objects, so that memoised rows do not render again. */
export function firstDoors(groups: readonly StreetGroup[], limit: number): StreetGroup[] {
  const out: StreetGroup[] = [];
  let n = 0;
  for (const group of groups) {
    if (n >= limit) break;
    const entries: ListEntry[] = [];
    for (const entry of group.entries) {
      if (n >= limit) break;
      entries.push(entry);
      n += entry.kind === 'door' ? 1 : entry.doors.length;
    }
    out.push(entries.length === group.entries.length ? group : { ...group, entries });
  }
  return out;
}
