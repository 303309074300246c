import type { DoorAddress, TurfDoor } from '@shared/turf-schema';

const WHICH_DOOR = ['street', 'housenumber', 'addition', 'building', 'floor', 'door', 'postalcode'] as const;

/** The door of the list a contact's address names (as the form holds it: every field a string),
 * `preferred` first: the door whose conversation opened the form, when the address still names
 * it. Undefined when the canvasser typed another address. */
export function doorForAddress(
  doors: readonly TurfDoor[],
  address: Partial<Record<keyof DoorAddress, string>>,
  preferred?: TurfDoor,
): TurfDoor | undefined {
  const names = (door: TurfDoor) => WHICH_DOOR.every((k) => (door.address[k] ?? '') === (address[k] ?? '').trim());
  if (preferred && names(preferred)) return preferred;
  return doors.find(names);
}
