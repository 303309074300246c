import path from 'node:path';
import { PROJECT_ROOT } from '@server/env';
import type { TurfRecord, TurfStore } from '@server/stores/turf-store';
import { runTurfImport } from './run-turf-import';

// Sandbox mode: the demo canvasser has a walk list to try, the example turf of Paris 7e (BAN
// addresses), imported once into an empty store. A store that already has turfs, even after the
// organiser removed the example, is left alone.

export const EXAMPLE_TURF_FILE = path.join(PROJECT_ROOT, 'config/example-turf-paris-7.csv');
export const EXAMPLE_TURF_NAME = 'Paris 7e — Gros-Caillou';

/** Imports (with `importTurfs`, the example file by default) and assigns to `canvasserId` when the
 * store has no turf; returns the turfs made, none when there were turfs already. */
export async function seedSandboxTurf(
  store: TurfStore,
  canvasserId: string,
  importTurfs: () => Promise<TurfRecord[]> = () => runTurfImport({ file: EXAMPLE_TURF_FILE, name: EXAMPLE_TURF_NAME }, store, () => {}),
): Promise<TurfRecord[]> {
  if ((await store.listTurfs()).length) return [];
  const made = await importTurfs();
  for (const turf of made) await store.assign(turf.id, canvasserId);
  return made;
}
