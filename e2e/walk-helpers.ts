import path from 'node:path';
import type { APIRequestContext, Page } from '@playwright/test';
import type { DoorAddress, TurfListResponse, TurfWire } from '@shared/turf-schema';
import { expect } from './fixtures';

// Helpers of the walk-list spec: its canvassers and their turf, as the server holds it.

/** The first turf of the signed-in canvasser (the request context carries the session). */
export async function firstTurf(request: APIRequestContext): Promise<TurfWire> {
  const list = await turfList(request);
  expect(list.turfs.length, 'the canvasser has a turf').toBeGreaterThan(0);
  return turfWire(request, list.turfs[0]!.id);
}

async function turfList(request: APIRequestContext): Promise<TurfListResponse> {
  const response = await request.get('/api/turfs');
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()) as TurfListResponse;
}

export async function turfWire(request: APIRequestContext, turfId: string): Promise<TurfWire> {
  const response = await request.get(`/api/turfs/${encodeURIComponent(turfId)}`);
  expect(response.status()).toBe(200);
  return (await response.json()) as TurfWire;
}

/** The door's full address, as the app decodes it. */
export function doorAddress(turf: TurfWire, doorId: string): DoorAddress {
  const { id: _id, p, ...own } = turf.doors.find((d) => d.id === doorId)!;
  return { ...turf.places[p]!, ...own };
}

const place = { postalcode: '75007', city: 'Paris', citycode: '75107', pollingstation: '7012' };
const SEED: DoorAddress[] = [
  ...[2, 4, 6, 8, 10, 12].map((n, i) => ({
    street: 'Rue Cler',
    housenumber: String(n),
    latitude: (48.8565 + i * 0.0001).toFixed(6),
    longitude: (2.3052 + i * 0.00005).toFixed(6),
    ...place,
  })),
  ...['1', '2', '3'].map((floor) => ({ street: 'Rue Cler', housenumber: '14', building: 'A', floor, door: `${floor}1`, ...place })),
  ...[1, 3, 5, 7].map((n, i) => ({
    street: 'Rue du Champ-de-Mars',
    housenumber: String(n),
    ...(n === 3 ? { addition: 'bis' } : {}),
    latitude: (48.8558 + i * 0.0001).toFixed(6),
    longitude: (2.3031 + i * 0.0001).toFixed(6),
    ...place,
  })),
];

/** Two canvassers of the server under test, added to its canvassers file (the server reads it
 * again when it changes), who share one small Paris 7e turf written into its database (the same
 * file, WAL) through the server's own store. Not the demo canvasser: every other spec signs in
 * as that one and expects the free form of a canvasser without a turf. Made once per run. */
export async function walkers(): Promise<{ codes: [string, string] }> {
  const dataDir = process.env.DOORSTEP_E2E_DATA_DIR;
  if (!dataDir) throw new Error('DOORSTEP_E2E_DATA_DIR is not set: run through playwright.config.ts');
  const { CanvasserDirectory } = await import('@server/auth/canvasser-directory');
  const { openDatabase } = await import('@server/stores/open-database');
  const { createSqliteTurfStore } = await import('@server/stores/sqlite-turf-store');
  const directory = new CanvasserDirectory(path.join(dataDir, 'canvassers.json'));
  const ids: string[] = [];
  for (const [name, code] of WALKERS) {
    const known = directory.list().find((c) => c.name === name);
    ids.push(known?.id ?? (await directory.add(name, code)).canvasser.id);
  }
  const db = openDatabase(dataDir);
  try {
    const store = createSqliteTurfStore(db);
    if (!(await store.turfsOf(ids[0]!)).length) {
      const turf = await store.createTurf('Gros-Caillou (e2e)', SEED);
      for (const id of ids) await store.assign(turf.id, id);
    }
  } finally {
    db.close();
  }
  return { codes: [WALKERS[0][1], WALKERS[1][1]] };
}

const WALKERS = [
  ['Walker A (e2e)', 'e2e-walker-a'],
  ['Walker B (e2e)', 'e2e-walker-b'],
] as const;

/** The rows of the door list (a button per door, its id in `data-door`). */
export const doorRow = (page: Page, doorId: string) => page.locator(`.walk-row[data-door="${doorId}"]`);
