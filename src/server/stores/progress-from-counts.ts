import { DOOR_STATES, type DoorState, type TurfProgress } from '@shared/turf-schema';

/** A turf's progress from its number of doors and the number of visited doors in each latest state,
 * which both stores keep up to date rather than reading every door. */
export function progressFromCounts(doors: number, counts: Partial<Record<string, number>>): TurfProgress {
  const byState: Record<DoorState, number> = { todo: 0, absent: 0, done: 0, refused: 0 };
  let visited = 0;
  for (const state of DOOR_STATES) {
    if (state === 'todo') continue;
    const n = Number(counts[state] ?? 0);
    byState[state] = n;
    visited += n;
  }
  byState.todo = doors - visited;
  return { doors, visited, byState };
}
