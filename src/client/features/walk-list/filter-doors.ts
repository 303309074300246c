import type { DoorState, DoorVisitState, TurfDoor } from '@shared/turf-schema';
import type { ListEntry, StreetGroup } from './group-doors';

/** What the list shows: every door, what is left (never visited, or nobody home), or only the
 * doors where nobody was home (the second pass). */
export type DoorFilter = 'all' | 'left' | 'again';

const SHOWN: Record<DoorFilter, ReadonlySet<DoorState>> = {
  all: new Set(['todo', 'absent', 'done', 'refused']),
  left: new Set(['todo', 'absent']),
  again: new Set(['absent']),
};

export const doorState = (visits: Record<string, DoorVisitState>, id: string): DoorState => visits[id]?.state ?? 'todo';

/** Lower case, without accents: "allée" is found by "allee". */
export const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** Whether a door answers a search: each word of it names the number (from its start: "1" finds
 * 1, 12 and 14 while typing), the addition ("bis"), or a part of the street. */
export function matchesSearch(door: TurfDoor, query: string): boolean {
  const words = fold(query)
    .split(/[\s,]+/)
    .filter(Boolean);
  if (!words.length) return true;
  const number = fold(door.address.housenumber ?? '');
  const addition = fold(door.address.addition ?? '');
  const street = fold(door.address.street);
  return words.every((word) => (/^\d/.test(word) ? (number + addition).startsWith(word) : word === addition || street.includes(word)));
}

export function doorShown(door: TurfDoor, visits: Record<string, DoorVisitState>, filter: DoorFilter, query: string): boolean {
  return SHOWN[filter].has(doorState(visits, door.id)) && matchesSearch(door, query);
}

/** The groups with only the doors shown; a building keeps its flats shown, a group or a building
 * with none shown goes. */
export function filterDoors(
  groups: readonly StreetGroup[],
  visits: Record<string, DoorVisitState>,
  filter: DoorFilter,
  query: string,
): StreetGroup[] {
  if (filter === 'all' && !query.trim()) return groups as StreetGroup[];
  const shown = (door: TurfDoor) => doorShown(door, visits, filter, query);
  return groups.flatMap((group) => {
    const entries = group.entries.flatMap((entry): ListEntry[] => {
      if (entry.kind === 'door') return shown(entry.door) ? [entry] : [];
      const doors = entry.doors.filter(shown);
      return doors.length ? [{ ...entry, doors }] : [];
    });
    return entries.length ? [{ ...group, entries }] : [];
  });
}
