import { withLocalDb, type KeptTurf } from '@client/lib/local-db';

// Each turf opened is kept on the device as the server last sent it, so that it is worked with
// no network: the app's one database, beside the outbox that holds its visits.

export function keepTurf(turf: KeptTurf): Promise<void> {
  return withLocalDb(async (db) => {
    await db.put('turfs', turf);
  });
}

export function keptTurf(id: string): Promise<KeptTurf | undefined> {
  return withLocalDb((db) => db.get('turfs', id));
}

export function keptTurfsOf(canvasserId: string): Promise<KeptTurf[]> {
  return withLocalDb((db) => db.getAllFromIndex('turfs', 'canvasserId', canvasserId));
}
