import type { DoorAddress } from '@shared/turf-schema';
import { normalizeName } from './read-turf-file';
import { streetKey, walkingOrder } from './walking-order';

/** How `--split` cuts one file into several turfs. */
export type TurfSplit = 'street' | 'pollingstation' | { doors: number };

export interface PlannedTurf {
  name: string;
  /** In walking order. */
  doors: DoorAddress[];
}

/** Parses `--split street|pollingstation|doors:N`. */
export function parseSplit(value: string): TurfSplit {
  if (value === 'street' || value === 'pollingstation') return value;
  const m = /^doors:(\d+)$/.exec(value);
  const n = m ? Number(m[1]) : NaN;
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`--split takes street, pollingstation or doors:N (N a whole number of doors), not "${value}"`);
  return { doors: n };
}

/** The doors of one file as one turf or several, each in walking order. */
export function splitTurf(name: string, doors: readonly DoorAddress[], split?: TurfSplit): PlannedTurf[] {
  if (!split) return [{ name, doors: walkingOrder(doors) }];
  if (split === 'street') return groupBy(name, doors, streetKey, (d) => d.street);
  if (split === 'pollingstation') {
    if (!doors.some((d) => d.pollingstation)) throw new Error('--split pollingstation: no door of this file has a pollingstation');
    return groupBy(
      name,
      doors,
      (d) => normalizeName(d.pollingstation ?? ''),
      (d) => (d.pollingstation ? `bureau ${d.pollingstation}` : 'sans bureau'),
    );
  }
  return byCount(name, walkingOrder(doors), split.doors);
}

function groupBy(
  name: string,
  doors: readonly DoorAddress[],
  key: (d: DoorAddress) => string,
  label: (d: DoorAddress) => string,
): PlannedTurf[] {
  const groups = new Map<string, DoorAddress[]>();
  for (const d of doors) {
    const k = key(d);
    const list = groups.get(k);
    if (list) list.push(d);
    else groups.set(k, [d]);
  }
  const turfs = [...groups.values()].map((list) => ({ name: `${name} — ${label(list[0]!)}`, doors: walkingOrder(list) }));
  return turfs.sort((a, b) => a.name.localeCompare(b.name, 'fr', { numeric: true }));
}

/** Consecutive runs of about `size` doors along the walk; the flats of one street number are never
 * cut apart (a building is one stop), so a run may be a little longer. */
function byCount(name: string, ordered: readonly DoorAddress[], size: number): PlannedTurf[] {
  const runs: DoorAddress[][] = [];
  let run: DoorAddress[] = [];
  const stop = (d: DoorAddress) => `${streetKey(d)}|${d.housenumber ?? ''}|${d.addition ?? ''}`;
  for (const d of ordered) {
    const last = run[run.length - 1];
    if (run.length >= size && last && stop(last) !== stop(d)) {
      runs.push(run);
      run = [];
    }
    run.push(d);
  }
  if (run.length) runs.push(run);
  return runs.map((doors, i) => ({ name: runs.length > 1 ? `${name} ${i + 1}/${runs.length}` : name, doors }));
}
