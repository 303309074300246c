import type { DoorAddress } from '@shared/turf-schema';
import { normalizeName } from './read-turf-file';

// The order a canvasser walks a turf in: street by street, each street up one side (odd numbers,
// rising) and back down the other (even numbers, falling), so that nobody crosses the road at
// every door; a street's flats stay together, by building, floor and door. Streets follow each
// other by proximity (the nearest unwalked street next), from the turf's north-west corner; a
// street without coordinates comes after, by name.

/** bis, ter, quater… then letters: the order French numbering uses. */
const ADDITIONS = ['', 'bis', 'ter', 'quater', 'quinquies', 'sexies', 'septies', 'octies', 'nonies'];

function additionRank(addition: string | undefined): [number, string] {
  const a = normalizeName(addition ?? '');
  const i = ADDITIONS.indexOf(a);
  return i >= 0 ? [i, ''] : [ADDITIONS.length, a];
}

const collator = new Intl.Collator('fr', { numeric: true, sensitivity: 'base' });

/** Number, then addition, then building, floor and door, each in natural order ("2" before "10"). */
function compareWithinNumber(a: DoorAddress, b: DoorAddress): number {
  const [ra, sa] = additionRank(a.addition);
  const [rb, sb] = additionRank(b.addition);
  return (
    ra - rb ||
    collator.compare(sa, sb) ||
    collator.compare(a.building ?? '', b.building ?? '') ||
    collator.compare(a.floor ?? '', b.floor ?? '') ||
    collator.compare(a.door ?? '', b.door ?? '')
  );
}

function houseNumber(d: DoorAddress): number | undefined {
  const n = Number.parseInt(d.housenumber ?? '', 10);
  return Number.isFinite(n) ? n : undefined;
}

/** One street's doors: odd numbers rising, even numbers falling, doors without a number last. */
export function orderStreet(doors: readonly DoorAddress[]): DoorAddress[] {
  const side = (d: DoorAddress) => {
    const n = houseNumber(d);
    return n === undefined ? 2 : n % 2 === 1 ? 0 : 1;
  };
  return [...doors].sort((a, b) => {
    const sa = side(a);
    const sb = side(b);
    if (sa !== sb) return sa - sb;
    const na = houseNumber(a) ?? 0;
    const nb = houseNumber(b) ?? 0;
    const byNumber = sa === 1 ? nb - na : na - nb;
    return byNumber || collator.compare(a.housenumber ?? '', b.housenumber ?? '') || compareWithinNumber(a, b);
  });
}

/** The street a door is on, within its commune. */
export function streetKey(d: DoorAddress): string {
  return `${normalizeName(d.street)}|${d.citycode ?? d.postalcode ?? normalizeName(d.city ?? '')}`;
}

interface Street {
  doors: DoorAddress[];
  name: string;
  centre?: { lat: number; lon: number };
}

function centreOf(doors: readonly DoorAddress[]): Street['centre'] {
  let lat = 0;
  let lon = 0;
  let n = 0;
  for (const d of doors) {
    const la = Number(d.latitude);
    const lo = Number(d.longitude);
    if (d.latitude && d.longitude && Number.isFinite(la) && Number.isFinite(lo)) {
      lat += la;
      lon += lo;
      n++;
    }
  }
  return n ? { lat: lat / n, lon: lon / n } : undefined;
}

/** Squared distance on a local flat projection: enough to tell the nearer of two streets. */
function distance2(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const dx = (a.lon - b.lon) * Math.cos(((a.lat + b.lat) / 2) * (Math.PI / 180));
  const dy = a.lat - b.lat;
  return dx * dx + dy * dy;
}

export function walkingOrder(doors: readonly DoorAddress[]): DoorAddress[] {
  const byStreet = new Map<string, DoorAddress[]>();
  for (const d of doors) {
    const key = streetKey(d);
    const list = byStreet.get(key);
    if (list) list.push(d);
    else byStreet.set(key, [d]);
  }
  const streets: Street[] = [...byStreet.values()].map((list) => ({
    doors: orderStreet(list),
    name: list[0]!.street,
    centre: centreOf(list),
  }));
  const placed = streets.filter((s) => s.centre);
  const unplaced = streets.filter((s) => !s.centre).sort((a, b) => collator.compare(a.name, b.name));

  const route: Street[] = [];
  if (placed.length) {
    // North-west corner: the largest latitude minus longitude, a fixed and explainable start.
    let current = placed.reduce((best, s) => (s.centre!.lat - s.centre!.lon > best.centre!.lat - best.centre!.lon ? s : best));
    const left = new Set(placed);
    while (left.size) {
      left.delete(current);
      route.push(current);
      let next: Street | undefined;
      let best = Infinity;
      for (const s of left) {
        const d = distance2(current.centre!, s.centre!);
        if (d < best) [best, next] = [d, s];
      }
      if (!next) break;
      current = next;
    }
  }
  return [...route, ...unplaced].flatMap((s) => s.doors);
}
