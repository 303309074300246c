import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { turfStoreContract, sampleDoors } from '@test-support/turf-store-contract';
import { tempDir } from '@test-support/temp-dir';
import { openDatabase, type Db } from './open-database';
import { createSqliteTurfStore } from './sqlite-turf-store';
import type { TurfStore } from './turf-store';

// What every turf store promises (turf-store-contract.ts), on a real SQLite file; "another store"
// is a second connection to the same file, as the turfs command opens it beside the server.

let dir: string;
let dbs: Db[];
let store: TurfStore;

const open = () => {
  const db = openDatabase(dir);
  dbs.push(db);
  return createSqliteTurfStore(db);
};

beforeEach(() => {
  dir = tempDir('doorstep-turfs-');
  dbs = [];
  store = open();
});

afterEach(() => {
  for (const db of dbs) if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('createSqliteTurfStore', () => {
  turfStoreContract({ store: () => store, other: open });

  it('survives closing and reopening the database', async () => {
    const turf = await store.createTurf('A', sampleDoors(3));
    await store.assign(turf.id, 'c_jeanne');
    const door = (await store.loadTurf(turf.id))!.doors[1]!.id;
    const state = await store.recordVisit({
      turfId: turf.id,
      door,
      outcome: 'absent',
      state: 'absent',
      canvasserId: 'c_jeanne',
      at: '2026-12-03T09:00:00.000Z',
      receivedAt: '2026-12-03T09:00:01.000Z',
    });
    const before = await store.loadTurf(turf.id);
    for (const db of dbs) db.close();
    store = open();
    expect(await store.loadTurf(turf.id)).toEqual(before);
    expect((await store.loadTurf(turf.id))!.visits[door]).toEqual(state);
    expect((await store.turfsOf('c_jeanne')).map((t) => t.id)).toEqual([turf.id]);
  });

  it('a turf is one row; loading it reads its doors as one text', async () => {
    const turf = await store.createTurf('Big', sampleDoors(2000));
    expect(dbs[0]!.prepare('SELECT count(*) AS n FROM turfs').get()).toEqual({ n: 1 });
    const { doors } = dbs[0]!.prepare('SELECT doors FROM turfs WHERE id = ?').get(turf.id) as { doors: string };
    expect(JSON.parse(doors)).toHaveLength(2000);
  });
});
