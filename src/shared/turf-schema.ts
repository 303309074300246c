import * as z from 'zod/mini';
import { addressSchema } from './contact-upsert-schema';

// Walk lists: a turf is doors in walking order, and visits record what happened at each. The
// server keeps both (turf progress); the app keeps a turf on the device and sends visits through
// its outbox. Written once here, read by the server's routes and store and by the app.

/** The address fields a door carries: Qomon's own names (the turf CSV's headers), all strings, as
 * the form fills them. `street` is the one a door always has. */
export const DOOR_ADDRESS_KEYS = [
  'street',
  'housenumber',
  'addition',
  'building',
  'floor',
  'door',
  'postalcode',
  'city',
  'citycode',
  'latitude',
  'longitude',
  'pollingstation',
  'infos',
] as const;
export type DoorAddressKey = (typeof DOOR_ADDRESS_KEYS)[number];

export type DoorAddress = { street: string } & Partial<Record<Exclude<DoorAddressKey, 'street'>, string>>;

/** What the canvasser sees of a door: still to knock, nobody home (a second pass), done (someone
 * answered, or nothing more to do), or refused / do not knock. */
export const DOOR_STATES = ['todo', 'absent', 'done', 'refused'] as const;
export type DoorState = (typeof DOOR_STATES)[number];

/** One door of a turf. `id` is short and unique within its turf; the array order of a turf's
 * doors is the walking order. */
export interface TurfDoor {
  id: string;
  address: DoorAddress;
}

/** A door's latest visit, as the server and the device know it. */
export interface DoorVisitState {
  /** The door outcome's option value (the campaign's `walkList.outcomeField`). */
  outcome: string;
  state: DoorState;
  /** When the canvasser recorded it (ISO 8601, the device's clock). */
  at: string;
  /** How many visits the door has had, this one included. */
  visits: number;
}

export interface TurfProgress {
  doors: number;
  /** Doors with at least one visit. */
  visited: number;
  /** Doors by their latest state; `todo` counts the doors never visited. */
  byState: Record<DoorState, number>;
}

/** `GET /api/turfs`: the signed-in canvasser's turfs. */
export interface TurfSummary {
  id: string;
  name: string;
  progress: TurfProgress;
}

export interface TurfListResponse {
  turfs: TurfSummary[];
}

// `GET /api/turfs/:turfId` on the wire. A turf of 2,000 doors must stay under 40 bytes a door
// gzipped, so the parts of an address that many doors share (street, postal code, city, INSEE
// code, polling station) are sent once as a "place", and each door names its place by index.

export const PLACE_KEYS = ['street', 'postalcode', 'city', 'citycode', 'pollingstation'] as const;
export type PlaceKey = (typeof PLACE_KEYS)[number];
type DoorOwnKey = Exclude<DoorAddressKey, PlaceKey>;
export const DOOR_OWN_KEYS = DOOR_ADDRESS_KEYS.filter((k): k is DoorOwnKey => !(PLACE_KEYS as readonly string[]).includes(k));

export interface TurfWire {
  id: string;
  name: string;
  /** Changes whenever a door or a visit of the turf changes: the ETag is made from it. */
  version: string;
  places: ({ street: string } & Partial<Record<Exclude<PlaceKey, 'street'>, string>>)[];
  /** In walking order. `p` is the index of the door's place. */
  doors: ({ id: string; p: number } & Partial<Record<DoorOwnKey, string>>)[];
  /** The latest visit of each visited door, by door id. */
  visits: Record<string, DoorVisitState>;
}

export interface Turf {
  id: string;
  name: string;
  version: string;
  doors: TurfDoor[];
  visits: Record<string, DoorVisitState>;
}

/** Server side: one place per distinct (street, postal code, city, INSEE code, polling station). */
export function encodeTurf(turf: Turf): TurfWire {
  const places: TurfWire['places'] = [];
  const placeIndex = new Map<string, number>();
  const doors = turf.doors.map((door) => {
    const place = Object.fromEntries(PLACE_KEYS.flatMap((k) => (door.address[k] === undefined ? [] : [[k, door.address[k]]])));
    const key = JSON.stringify(PLACE_KEYS.map((k) => door.address[k] ?? null));
    let p = placeIndex.get(key);
    if (p === undefined) {
      p = places.length;
      placeIndex.set(key, p);
      places.push(place as TurfWire['places'][number]);
    }
    const own = Object.fromEntries(DOOR_OWN_KEYS.flatMap((k) => (door.address[k] === undefined ? [] : [[k, door.address[k]]])));
    return { id: door.id, p, ...own };
  });
  return { id: turf.id, name: turf.name, version: turf.version, places, doors, visits: turf.visits };
}

/** App side: the doors with their full addresses again. Throws on a door naming no place. */
export function decodeTurf(wire: TurfWire): Turf {
  // Plain loops rather than rest and spread, which V8 runs on a slow path: a 2,000-door turf is
  // decoded while the canvasser waits for the list.
  const doors: TurfDoor[] = new Array(wire.doors.length);
  for (let i = 0; i < wire.doors.length; i++) {
    const door = wire.doors[i]!;
    const place = wire.places[door.p];
    if (!place) throw new Error(`Door ${door.id} names place ${door.p}, which the turf does not have`);
    const address: Record<string, string> = {};
    for (const k of PLACE_KEYS) if (place[k] !== undefined) address[k] = place[k];
    for (const k of DOOR_OWN_KEYS) if (door[k] !== undefined) address[k] = door[k];
    doors[i] = { id: door.id, address: address as DoorAddress };
  }
  return { id: wire.id, name: wire.name, version: wire.version, doors, visits: wire.visits };
}

/** `POST /api/turfs/:turfId/visits`, with an `Idempotency-Key` header as for contacts. */
export const visitSchema = z.strictObject({
  door: z.string().check(z.minLength(1), z.maxLength(64)),
  outcome: z.string().check(z.minLength(1), z.maxLength(1000)),
  at: z.iso.datetime({ offset: true }),
});
export type Visit = z.output<typeof visitSchema>;

/** The answer to a recorded visit (202): the door's state once this visit counts. */
export interface VisitAccepted {
  door: string;
  state: DoorVisitState;
}

/** Which visit a door shows when two canvassers (or two devices) visited it: the latest by its
 * recorded time; equal times keep the one the server received last. */
export function isLaterVisit(candidate: { at: string }, current: { at: string } | undefined): boolean {
  return !current || Date.parse(candidate.at) >= Date.parse(current.at);
}

/** Progress from the number of doors and the latest visits of some of them (every key one of the
 * turf's doors, as the server's states and a device's visits are): a pass over the visits only,
 * not over thousands of doors, for the list's first paint on a slow phone. */
export function visitsProgress(doors: number, visits: Record<string, DoorVisitState>): TurfProgress {
  const byState: Record<DoorState, number> = { todo: 0, absent: 0, done: 0, refused: 0 };
  let visited = 0;
  for (const id in visits) {
    visited++;
    byState[visits[id]!.state]++;
  }
  byState.todo += doors - visited;
  return { doors, visited, byState };
}

/** Progress from the doors and their latest visits. */
export function turfProgress(doorIds: readonly string[], visits: Record<string, DoorVisitState>): TurfProgress {
  const byState: Record<DoorState, number> = { todo: 0, absent: 0, done: 0, refused: 0 };
  let visited = 0;
  for (const id of doorIds) {
    const visit = visits[id];
    if (visit) visited++;
    byState[visit?.state ?? 'todo']++;
  }
  return { doors: doorIds.length, visited, byState };
}

/** A door's address as the contact form's `address` field takes it: exactly the turf's strings. */
export function doorContactAddress(address: DoorAddress): z.input<typeof addressSchema> {
  return { ...address };
}
