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

// A turf has a few dozen streets and thousands of doors: each street is folded once, not once a
// door and a keystroke (normalize() is most of a search's time on a slow phone).
const folded = new Map<string, string>();
const foldCached = (text: string) => {
  let f = folded.get(text);
  if (f === undefined) {
    if (folded.size > 5_000) folded.clear();
    f = fold(text);
    folded.set(text, f);
  }
  return f;
};

/** The search, read once: whether a door answers it. Each word names the number (from its
 * start: "1" finds 1, 12 and 14 while typing), the addition ("bis"), or a part of the street. */
export function searchMatcher(query: string): ((door: TurfDoor) => boolean) | undefined {
  const words = fold(query)
    .split(/[\s,]+/)
    .filter(Boolean);
  if (!words.length) return undefined;
  return (door) => {
    const number = foldCached(door.address.housenumber ?? '');
    const addition = foldCached(door.address.addition ?? '');
    const street = foldCached(door.address.street);
    return words.every((word) => (/^\d/.test(word) ? (number + addition).startsWith(word) : word === addition || street.includes(word)));
  };
}

/** Whether a door answers a search (see searchMatcher). */
export function matchesSearch(door: TurfDoor, query: string): boolean {
  return searchMatcher(query)?.(door) ?? true;
}

export function doorShown(door: TurfDoor, visits: Record<string, DoorVisitState>, filter: DoorFilter, query: string): boolean {
  return SHOWN[filter].has(doorState(visits, door.id)) && matchesSearch(door, query);
}

/** The groups with only the doors shown; a building keeps its flats shown, a group or a building
 * with none shown goes. With a `limit`, the groups stop after that many doors shown (a building is
 * kept whole, so the cut may hold a few more): the first screenful of a long turf is found without
 * a pass over all of it. */
export function filterDoors(
  groups: readonly StreetGroup[],
  visits: Record<string, DoorVisitState>,
  filter: DoorFilter,
  query: string,
  limit = Infinity,
): StreetGroup[] {
  const states = SHOWN[filter];
  const matches = searchMatcher(query);
  const all = filter === 'all' && !matches;
  const shown = (door: TurfDoor) => all || (states.has(doorState(visits, door.id)) && (!matches || matches(door)));
  // Loops, and the same objects where nothing was left out: a tap filters the whole turf again,
  // and the rows of unchanged entries then skip their render.
  const out: StreetGroup[] = [];
  let n = 0;
  for (const group of groups) {
    if (n >= limit) break;
    let entries: ListEntry[] | undefined;
    for (let i = 0; i < group.entries.length; i++) {
      if (n >= limit) {
        entries ??= group.entries.slice(0, i);
        break;
      }
      const entry = group.entries[i]!;
      let kept: ListEntry | undefined;
      if (entry.kind === 'door') kept = shown(entry.door) ? entry : undefined;
      else {
        const doors = all ? entry.doors : entry.doors.filter(shown);
        kept = doors.length === entry.doors.length ? entry : doors.length ? { ...entry, doors } : undefined;
      }
      if (kept) n += kept.kind === 'door' ? 1 : kept.doors.length;
      if (kept !== entry && !entries) entries = group.entries.slice(0, i);
      if (entries && kept) entries.push(kept);
    }
    if (!entries) out.push(group);
    else if (entries.length) out.push({ ...group, entries });
  }
  return out;
}
