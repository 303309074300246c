// The turfs of the walk-list rows: a generated one of 2,000 doors (and a small one for the
// baselines), shaped like a Paris turf (streets of about forty numbers, one building in four
// split into flats, coordinates along the street), written into a bench server's data folder
// through the server's own store and assigned to the demo canvasser.

import { DEMO_CANVASSER } from '../src/server/auth/session-guard';
import { openDatabase } from '../src/server/stores/open-database';
import { createSqliteTurfStore } from '../src/server/stores/sqlite-turf-store';
import type { DoorAddress } from '../src/shared/turf-schema';

const STREETS = ['Rue', 'Avenue', 'Boulevard', 'Allée', 'Passage', 'Impasse', 'Place', 'Quai'];
const NAMES = [
  'de Grenelle',
  'Saint-Dominique',
  'Cler',
  'du Champ-de-Mars',
  'Bosquet',
  'Jean-Nicot',
  'Amélie',
  'de l’Université',
  'Malar',
  'Augereau',
  'Duvivier',
  'Éblé',
  'de Monttessuy',
  'Rapp',
  'Édouard-Lockroy',
  'Sédillot',
  'du Général-Camou',
  'Chevert',
  'Valadon',
  'Las-Cases',
];

/** `count` doors in walking order. Deterministic: every run walks the same turf. */
export function generatedDoors(count: number): DoorAddress[] {
  const doors: DoorAddress[] = [];
  // Surveyed positions are not on a line: a few metres of noise, from a fixed seed.
  let seed = 7;
  const noise = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32 - 0.5) * 0.00006;
  let street = 0;
  while (doors.length < count) {
    const name = `${STREETS[street % STREETS.length]} ${NAMES[street % NAMES.length]}${street >= NAMES.length ? ` ${Math.floor(street / NAMES.length) + 1}` : ''}`;
    const place = { street: name, postalcode: '75007', city: 'Paris', citycode: '75107', pollingstation: String(7001 + (street % 12)) };
    const lat0 = 48.85 + (street % 9) * 0.0011;
    const lon0 = 2.29 + Math.floor(street / 9) * 0.0013;
    for (let n = 1; n <= 80 && doors.length < count; n += 2) {
      const latitude = (lat0 + n * 0.000041 + noise()).toFixed(6);
      const longitude = (lon0 + n * 0.000017 + noise()).toFixed(6);
      const housenumber = String(n);
      const addition = n % 13 === 0 ? { addition: 'bis' } : {};
      if (n % 8 === 3) {
        // A building of flats: two stairs, four floors.
        for (const building of ['A', 'B'])
          for (let floor = 1; floor <= 4 && doors.length < count; floor++)
            doors.push({
              ...place,
              housenumber,
              ...addition,
              building,
              floor: String(floor),
              door: `${floor}${building === 'A' ? 1 : 2}`,
              latitude,
              longitude,
            });
      } else doors.push({ ...place, housenumber, ...addition, latitude, longitude });
    }
    street++;
  }
  return doors;
}

/** Writes a turf of these doors into `dataDir`'s database and gives it to the demo canvasser. */
export async function seedTurf(dataDir: string, name: string, doors: readonly DoorAddress[]): Promise<void> {
  const db = openDatabase(dataDir);
  try {
    const store = createSqliteTurfStore(db);
    const turf = await store.createTurf(name, doors);
    await store.assign(turf.id, DEMO_CANVASSER.id);
  } finally {
    db.close();
  }
}
