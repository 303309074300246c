import type { ConsoleCanvasserProgress, ConsoleGap, ConsoleProgress, ConsoleTurfProgress } from '@shared/console-schema';
import type { DeliveryEntry } from '@server/stores/delivery-log';
import type { RecordedVisit, TurfRecord } from '@server/stores/turf-store';

// The console's "today": per turf and per canvasser, what was done in a time range, from the
// turf store's visits and the deliveries log. Pure, so that every figure can be checked against
// visits and contacts made up in a test.

/** A device that has said nothing for this long, in a range that includes now, may be offline
 * with unsent work, or its canvasser may have stopped. */
export const NOT_SYNCED_AFTER_MS = 60 * 60_000;
/** Two visits closer than this are too quick for a door knocked at. */
export const RAPID_VISIT_SECONDS = 5;
/** How many such pairs make it a pattern rather than a slip of the thumb. */
export const RAPID_VISITS_FLAGGED = 3;

export interface ProgressInput {
  from: number;
  to: number;
  now: number;
  turfs: readonly TurfRecord[];
  /** Every visit of each turf (the store's `visitsOf`). */
  visits: ReadonlyMap<string, readonly RecordedVisit[]>;
  /** The deliveries log in [from, to). */
  deliveries: readonly DeliveryEntry[];
  /** Known canvassers, listed even with nothing done. */
  canvassers: readonly { id: string; name: string }[];
  /** Door outcomes that are conversations (the campaign's walkList). */
  conversationOutcomes: ReadonlySet<string>;
}

type Totals = { doors: number; conversations: number; delivered: number; refused: number; lastSeen: number; visitTimes: number[] };

export function computeProgress(input: ProgressInput): Omit<ConsoleProgress, 'from' | 'to' | 'tz' | 'generatedAt'> {
  const inRange = (t: number) => t >= input.from && t < input.to;
  const people = new Map<string, Totals>();
  const person = (id: string): Totals => {
    let p = people.get(id);
    if (!p) people.set(id, (p = { doors: 0, conversations: 0, delivered: 0, refused: 0, lastSeen: -Infinity, visitTimes: [] }));
    return p;
  };
  for (const c of input.canvassers) person(c.id);

  const turfs: ConsoleTurfProgress[] = input.turfs.map((turf) => {
    let visits = 0;
    let conversations = 0;
    for (const v of input.visits.get(turf.id) ?? []) {
      const at = Date.parse(v.at);
      if (!inRange(at)) continue;
      const conversation = input.conversationOutcomes.has(v.outcome);
      visits++;
      if (conversation) conversations++;
      const p = person(v.canvasserId);
      p.doors++;
      if (conversation) p.conversations++;
      p.visitTimes.push(at);
      const received = Date.parse(v.receivedAt);
      if (inRange(received)) p.lastSeen = Math.max(p.lastSeen, received);
    }
    return {
      id: turf.id,
      name: turf.name,
      canvassers: turf.canvassers,
      progress: turf.progress,
      visits,
      conversations,
      delivered: 0,
      refused: 0,
      refusedFields: {},
    };
  });

  const turfById = new Map(turfs.map((t) => [t.id, t]));
  for (const d of input.deliveries) {
    if (!inRange(d.at)) continue;
    const p = person(d.canvasserId);
    p.lastSeen = Math.max(p.lastSeen, d.at);
    const turf = d.turfId === undefined ? undefined : turfById.get(d.turfId);
    if (d.result === 'delivered') {
      p.delivered++;
      if (turf) turf.delivered++;
    } else if (d.result === 'refused') {
      p.refused++;
      if (turf) {
        turf.refused++;
        for (const location of d.locations) turf.refusedFields[location] = (turf.refusedFields[location] ?? 0) + 1;
      }
    }
  }

  const names = new Map(input.canvassers.map((c) => [c.id, c.name]));
  const canvassers: ConsoleCanvasserProgress[] = [...people].map(([id, p]) => {
    const gaps: ConsoleGap[] = [];
    if (Number.isFinite(p.lastSeen) && input.to > input.now && input.now - p.lastSeen >= NOT_SYNCED_AFTER_MS) {
      gaps.push({ kind: 'not-synced', sinceMinutes: Math.floor((input.now - p.lastSeen) / 60_000) });
    }
    const times = p.visitTimes.sort((a, b) => a - b);
    let rapid = 0;
    for (let i = 1; i < times.length; i++) if (times[i]! - times[i - 1]! < RAPID_VISIT_SECONDS * 1000) rapid++;
    if (rapid >= RAPID_VISITS_FLAGGED) gaps.push({ kind: 'rapid-visits', count: rapid, seconds: RAPID_VISIT_SECONDS });
    const row: ConsoleCanvasserProgress = {
      id,
      name: names.get(id) ?? id,
      doors: p.doors,
      conversations: p.conversations,
      delivered: p.delivered,
      refused: p.refused,
      gaps,
    };
    if (Number.isFinite(p.lastSeen)) row.lastSeen = new Date(p.lastSeen).toISOString();
    return row;
  });
  // Most active first; the quiet ones (nothing yet) after, by name.
  canvassers.sort((a, b) => b.doors + b.delivered - (a.doors + a.delivered) || a.name.localeCompare(b.name));

  const sum = (f: (t: ConsoleTurfProgress) => number) => turfs.reduce((n, t) => n + f(t), 0);
  return {
    totals: {
      doors: sum((t) => t.progress.doors),
      visited: sum((t) => t.progress.visited),
      visits: sum((t) => t.visits),
      conversations: sum((t) => t.conversations),
      // Every contact, with or without a turf.
      delivered: canvassers.reduce((n, c) => n + c.delivered, 0),
      refused: canvassers.reduce((n, c) => n + c.refused, 0),
    },
    turfs,
    canvassers,
  };
}

/** The offset of `zone` from UTC at `instant`, in ms (Paris in summer: +2 h). */
function zoneOffsetMs(zone: string, instant: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** Midnight starting `day` (YYYY-MM-DD) in `zone`, as ms since epoch. Twice, for the days whose
 * offset changes (the first guess may fall on the other side of the change). */
export function startOfDay(day: string, zone: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const utcMidnight = Date.UTC(y, m - 1, d);
  const first = utcMidnight - zoneOffsetMs(zone, utcMidnight);
  return utcMidnight - zoneOffsetMs(zone, first);
}

/** The day after `day`, as YYYY-MM-DD. */
export function nextDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The day `instant` falls on in `zone`, as YYYY-MM-DD. */
export function dayIn(zone: string, instant: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(instant));
}
