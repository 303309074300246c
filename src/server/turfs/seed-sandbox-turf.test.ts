import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_CANVASSER } from '@server/auth/session-guard';
import { openDatabase, type Db } from '@server/stores/open-database';
import { createSqliteTurfStore } from '@server/stores/sqlite-turf-store';
import { startTestServer, type TestServer } from '@test-support/start-test-server';
import { tempDir } from '@test-support/temp-dir';
import { sampleDoors } from '@test-support/turf-store-contract';
import { decodeTurf, type TurfWire } from '@shared/turf-schema';
import { EXAMPLE_TURF_NAME, seedSandboxTurf } from './seed-sandbox-turf';

// Sandbox mode gives the demo canvasser the example turf (config/example-turf-paris-7.csv), once,
// in an empty store.

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function sqliteStore() {
  const dir = tempDir('doorstep-seed-');
  const db: Db = openDatabase(dir);
  cleanups.push(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return createSqliteTurfStore(db);
}

describe('seedSandboxTurf', () => {
  it('imports the example file into an empty store and assigns it; a store with turfs is left alone', async () => {
    const store = sqliteStore();
    const made = await seedSandboxTurf(store, 'demo');
    expect(made).toHaveLength(1);
    expect(made[0]!.name).toBe(EXAMPLE_TURF_NAME);
    expect(made[0]!.progress.doors).toBeGreaterThan(500);
    expect((await store.turfsOf('demo')).map((t) => t.id)).toEqual([made[0]!.id]);
    expect(await seedSandboxTurf(store, 'demo')).toEqual([]);
    expect(await store.listTurfs()).toHaveLength(1);
  });

  it('does not import into a store that has another turf', async () => {
    const store = sqliteStore();
    await store.createTurf('Organiser’s own', sampleDoors(2));
    let imported = false;
    expect(
      await seedSandboxTurf(store, 'demo', async () => {
        imported = true;
        return [];
      }),
    ).toEqual([]);
    expect(imported).toBe(false);
  });
});

describe('a server in sandbox mode', () => {
  it('lists the example turf for the demo canvasser, and does not import it again on restart', async () => {
    const ts: TestServer = await startTestServer();
    cleanups.push(() => ts.cleanup());
    const demo = ts.client();
    expect((await demo.signIn()).json.canvasser.id).toBe(DEMO_CANVASSER.id);
    const list = await demo.request('/api/turfs');
    expect(list.json.turfs).toEqual([{ id: expect.stringMatching(/^t_/), name: EXAMPLE_TURF_NAME, progress: expect.any(Object) }]);
    const turf = decodeTurf((await demo.request(`/api/turfs/${list.json.turfs[0].id}`)).json as TurfWire);
    expect(turf.doors.length).toBe(list.json.turfs[0].progress.doors);
    expect(turf.doors[0]!.address).toMatchObject({ city: 'Paris', postalcode: '75007', citycode: '75107' });
    await ts.restart();
    expect((await demo.request('/api/turfs')).json.turfs).toEqual(list.json.turfs);
  });
});
