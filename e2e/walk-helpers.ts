import type { APIRequestContext, Page } from '@playwright/test';
import type { DoorAddress, TurfListResponse, TurfWire } from '@shared/turf-schema';
import { expect } from './fixtures';

// Helpers of the walk-list spec: the demo canvasser's turf, as the server holds it.

/** The first turf of the signed-in canvasser (the request context carries the session). */
export async function demoTurf(request: APIRequestContext): Promise<TurfWire> {
  const list = await turfList(request);
  expect(list.turfs.length, 'the demo canvasser has a turf').toBeGreaterThan(0);
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

/** Until the sandbox gives the demo canvasser a turf of its own: one written into the database of
 * the server under test (the same file, WAL), through the server's own store. */
export async function ensureDemoTurf(): Promise<void> {
  const dataDir = process.env.DOORSTEP_E2E_DATA_DIR;
  if (!dataDir) throw new Error('DOORSTEP_E2E_DATA_DIR is not set: run through playwright.config.ts');
  const { openDatabase } = await import('@server/stores/open-database');
  const { createSqliteTurfStore } = await import('@server/stores/sqlite-turf-store');
  const db = openDatabase(dataDir);
  try {
    const store = createSqliteTurfStore(db);
    if ((await store.turfsOf('demo')).length) return;
    const turf = await store.createTurf('Gros-Caillou (e2e)', SEED);
    await store.assign(turf.id, 'demo');
  } finally {
    db.close();
  }
}

/** The rows of the door list (a button per door, its id in `data-door`). */
export const doorRow = (page: Page, doorId: string) => page.locator(`[data-door="${doorId}"]`);
