import type { TurfDoor } from '@shared/turf-schema';

// The list as a canvasser walks it: the server sends the doors in walking order, which is kept;
// consecutive doors of one street are one group under the street's name, and the flats of one
// building (doors sharing street, number and addition, told apart by building, floor or door) are
// one entry that opens onto them, rather than forty rows of the same number.

export interface DoorEntry {
  kind: 'door';
  door: TurfDoor;
}

export interface BuildingEntry {
  kind: 'building';
  /** Unique in the list: the first flat's door id. */
  key: string;
  /** The number and addition the flats share. */
  address: TurfDoor['address'];
  doors: TurfDoor[];
}

export type ListEntry = DoorEntry | BuildingEntry;

export interface StreetGroup {
  /** Unique in the list: the group's first door id. */
  key: string;
  street: string;
  entries: ListEntry[];
}

const isFlat = (door: TurfDoor) => Boolean(door.address.building || door.address.floor || door.address.door);
const sameNumber = (a: TurfDoor, b: TurfDoor) =>
  a.address.street === b.address.street &&
  (a.address.housenumber ?? '') === (b.address.housenumber ?? '') &&
  (a.address.addition ?? '') === (b.address.addition ?? '');

/** Groups doors, in their order, by street and then by building. */
export function groupDoors(doors: readonly TurfDoor[]): StreetGroup[] {
  const groups: StreetGroup[] = [];
  let i = 0;
  while (i < doors.length) {
    const first = doors[i]!;
    let group = groups[groups.length - 1];
    if (group?.street !== first.address.street) {
      group = { key: first.id, street: first.address.street, entries: [] };
      groups.push(group);
    }
    let end = i + 1;
    while (end < doors.length && sameNumber(first, doors[end]!)) end++;
    const run = doors.slice(i, end);
    if (run.length > 1 && run.some(isFlat)) {
      const { street, housenumber, addition } = first.address;
      group.entries.push({
        kind: 'building',
        key: first.id,
        address: { street, ...(housenumber ? { housenumber } : {}), ...(addition ? { addition } : {}) },
        doors: run,
      });
    } else {
      for (const door of run) group.entries.push({ kind: 'door', door });
    }
    i = end;
  }
  return groups;
}
