import type { DoorVisitState, TurfDoor } from '@shared/turf-schema';
import { doorState } from './filter-doors';

/** The door to go to after `afterId`: the next one still to do in walking order (from the start
 * again when the end is reached); once none is left to do, the second pass, where nobody was home. */
export function nextDoor(doors: readonly TurfDoor[], visits: Record<string, DoorVisitState>, afterId?: string): TurfDoor | undefined {
  const from = afterId === undefined ? 0 : doors.findIndex((d) => d.id === afterId) + 1;
  // Round the list from `from`, without copying it: this runs on every tap of a long turf.
  const find = (state: string) => {
    for (let i = 0; i < doors.length; i++) {
      const door = doors[(from + i) % doors.length]!;
      if (door.id !== afterId && doorState(visits, door.id) === state) return door;
    }
    return undefined;
  };
  return find('todo') ?? find('absent');
}
