import { type DoorState, type DoorVisitState, isLaterVisit } from '@shared/turf-schema';

// The list shows a visit the moment it is recorded, from the outbox, before the server has it;
// the server's states (other canvassers' doors included) come in with each fetch of the turf.
// Each door shows its latest visit by recorded time, wherever it comes from.

/** A visit recorded on this device: still in the outbox, or sent since this page saw it. */
export interface LocalVisit {
  key: string;
  turfId: string;
  door: string;
  outcome: string;
  at: string;
}

/** The server's latest visit of each door, with this device's visits of the turf laid over it
 * where they are later. A local visit the server already counts is not counted twice: `known`
 * says which keys the server's states include (sent, and fetched since). */
export function mergeVisits(
  server: Record<string, DoorVisitState>,
  local: readonly LocalVisit[],
  turfId: string,
  stateOf: (outcome: string) => DoorState,
  counted: (visit: LocalVisit) => boolean = () => false,
): Record<string, DoorVisitState> {
  const merged: Record<string, DoorVisitState> = { ...server };
  for (const visit of local) {
    if (visit.turfId !== turfId) continue;
    const current = merged[visit.door];
    const visits = (current?.visits ?? 0) + (counted(visit) ? 0 : 1);
    merged[visit.door] = isLaterVisit(visit, current)
      ? { outcome: visit.outcome, state: stateOf(visit.outcome), at: visit.at, visits }
      : { ...current!, visits };
  }
  return merged;
}
