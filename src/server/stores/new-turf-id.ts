import { randomBytes } from 'node:crypto';

/** A turf's id: short enough to type in `npm run turfs -- show t_…`, random so that an id is never
 * reused (a removed turf's cached doors, ETags or outbox items can never match a new turf). */
export function newTurfId(): string {
  return `t_${randomBytes(4).toString('hex')}`;
}

/** The id of a turf's door from its place in the walking order: base36, so 2,000 doors need at
 * most three characters on the wire. Unique within the turf, as doors never change once imported. */
export function doorIdAt(index: number): string {
  return index.toString(36);
}
