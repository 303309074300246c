import type { DoorVisitState, TurfDoor } from '@shared/turf-schema';
import { doorState } from './filter-doors';

/** The door to go to after `afterId`: the next one still to do in walking order (from the start
 * again when the end is reached); once none is left to do, the second pass, where nobody was home. */
export function nextDoor(doors: readonly TurfDoor[], visits: Record<string, DoorVisitState>, afterId?: string): TurfDoor | undefined {
  const from = afterId === undefined ? 0 : doors.findIndex((d) => d.id === afterId) + 1;
  const ordered = [...doors.slice(from), ...doors.slice(0, from)];
  return (
    ordered.find((d) => d.id !== afterId && doorState(visits, d.id) === 'todo') ??
    ordered.find((d) => d.id !== afterId && doorState(visits, d.id) === 'absent')
  );
}
