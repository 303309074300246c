import { expect, it } from 'vitest';
import type { DoorAddress } from '@shared/turf-schema';
import type { RecordedVisit, TurfStore } from '@server/stores/turf-store';

// What every TurfStore promises, whatever stands behind it: the SQLite store's tests and the Redis
// store's tests (against a real redis-server) both run these, so the two cannot drift.

export interface TurfStoreUnderTest {
  /** The store of the current test (made fresh, and empty, before each). */
  store(): TurfStore;
  /** A second store on the same data (another process, another instance). */
  other(): TurfStore;
}

/** `n` doors of one street (two places when n > 1), as an import would give them. */
export function sampleDoors(n: number): DoorAddress[] {
  return Array.from({ length: n }, (_, i) => ({
    street: i % 2 ? 'Rue Cler' : 'Avenue Rapp',
    housenumber: String(i + 1),
    postalcode: '75007',
    city: 'Paris',
    citycode: '75107',
    latitude: (48.857 + i / 100_000).toFixed(6),
    longitude: '2.305',
    ...(i % 7 === 3 ? { addition: 'bis', floor: '2', infos: 'Digicode 4512' } : {}),
  }));
}

const visit = (turfId: string, door: string, over: Partial<RecordedVisit> = {}): RecordedVisit => ({
  turfId,
  door,
  outcome: 'absent',
  state: 'absent',
  canvasserId: 'c_jeanne',
  at: '2026-12-03T09:00:00.000Z',
  receivedAt: '2026-12-03T09:00:01.000Z',
  ...over,
});

export function turfStoreContract(t: TurfStoreUnderTest): void {
  it('creates a turf whose doors keep their walking order and addresses, with short ids unique within it', async () => {
    const store = t.store();
    const doors = sampleDoors(50);
    const made = await store.createTurf('Gros-Caillou', doors);
    expect(made).toMatchObject({
      name: 'Gros-Caillou',
      canvassers: [],
      progress: { doors: 50, visited: 0, byState: { todo: 50, absent: 0, done: 0, refused: 0 } },
    });
    expect(made.id).toMatch(/^[A-Za-z0-9_-]{1,32}$/);
    expect(Number.isNaN(Date.parse(made.createdAt))).toBe(false);
    const loaded = (await store.loadTurf(made.id))!;
    expect(loaded).toMatchObject({ id: made.id, name: 'Gros-Caillou', visits: {} });
    expect(loaded.doors.map((d) => d.address)).toEqual(doors);
    const ids = loaded.doors.map((d) => d.id);
    expect(new Set(ids).size).toBe(50);
    for (const id of ids) expect(id.length).toBeLessThanOrEqual(4);
    expect(await store.findTurf(made.id)).toEqual(made);
  });

  it('two turfs have their own ids; unknown ids are undefined or false everywhere', async () => {
    const store = t.store();
    const a = await store.createTurf('A', sampleDoors(2));
    const b = await store.createTurf('B', sampleDoors(3));
    expect(a.id).not.toBe(b.id);
    expect((await store.listTurfs()).map((x) => x.name)).toEqual(['A', 'B']);
    expect(await store.findTurf('t_nope')).toBeUndefined();
    expect(await store.loadTurf('t_nope')).toBeUndefined();
    expect(await store.assign('t_nope', 'c_jeanne')).toBe(false);
    expect(await store.unassign('t_nope', 'c_jeanne')).toBe(false);
    expect(await store.removeTurf('t_nope')).toBe(false);
    expect(await store.visitsOf('t_nope')).toEqual([]);
    await expect(store.recordVisit(visit('t_nope', '0'))).rejects.toThrow();
  });

  it('assigns and unassigns canvassers; assigning twice is one assignment', async () => {
    const store = t.store();
    const a = await store.createTurf('A', sampleDoors(2));
    const b = await store.createTurf('B', sampleDoors(2));
    expect(await store.assign(a.id, 'c_jeanne')).toBe(true);
    expect(await store.assign(a.id, 'c_jeanne')).toBe(true);
    expect(await store.assign(a.id, 'c_karim')).toBe(true);
    expect(await store.assign(b.id, 'c_karim')).toBe(true);
    expect((await store.findTurf(a.id))!.canvassers).toEqual(['c_jeanne', 'c_karim']);
    expect((await store.turfsOf('c_jeanne')).map((x) => x.id)).toEqual([a.id]);
    expect((await store.turfsOf('c_karim')).map((x) => x.id)).toEqual([a.id, b.id]);
    expect(await store.turfsOf('c_nobody')).toEqual([]);
    expect(await store.unassign(a.id, 'c_karim')).toBe(true);
    expect((await store.turfsOf('c_karim')).map((x) => x.id)).toEqual([b.id]);
    expect((await store.findTurf(a.id))!.canvassers).toEqual(['c_jeanne']);
  });

  it('records every visit; a door shows its latest by time, with how many visits it had', async () => {
    const store = t.store();
    const turf = await store.createTurf('A', sampleDoors(4));
    const [d0, d1] = (await store.loadTurf(turf.id))!.doors.map((d) => d.id);
    expect(await store.recordVisit(visit(turf.id, d0!))).toEqual({
      outcome: 'absent',
      state: 'absent',
      at: '2026-12-03T09:00:00.000Z',
      visits: 1,
    });
    // Later by the clock: it shows.
    const later = visit(turf.id, d0!, { outcome: 'present', state: 'done', at: '2026-12-03T11:00:00+02:00', canvasserId: 'c_karim' });
    expect(await store.recordVisit(later)).toEqual({ outcome: 'present', state: 'done', at: '2026-12-03T11:00:00+02:00', visits: 2 });
    // Received after, recorded earlier (a device that was offline): kept, but the door keeps showing the later one.
    const earlier = visit(turf.id, d0!, { outcome: 'refus', state: 'refused', at: '2026-12-03T08:30:00.000Z' });
    expect(await store.recordVisit(earlier)).toEqual({ outcome: 'present', state: 'done', at: '2026-12-03T11:00:00+02:00', visits: 3 });
    await store.recordVisit(visit(turf.id, d1!, { outcome: 'refus', state: 'refused' }));

    const loaded = (await store.loadTurf(turf.id))!;
    expect(loaded.visits).toEqual({
      [d0!]: { outcome: 'present', state: 'done', at: '2026-12-03T11:00:00+02:00', visits: 3 },
      [d1!]: { outcome: 'refus', state: 'refused', at: '2026-12-03T09:00:00.000Z', visits: 1 },
    });
    expect(await store.visitsOf(turf.id)).toEqual([
      visit(turf.id, d0!),
      later,
      earlier,
      visit(turf.id, d1!, { outcome: 'refus', state: 'refused' }),
    ]);
    expect((await store.findTurf(turf.id))!.progress).toEqual({
      doors: 4,
      visited: 2,
      byState: { todo: 2, absent: 0, done: 1, refused: 1 },
    });
  });

  it('equal times: the visit received last shows', async () => {
    const store = t.store();
    const turf = await store.createTurf('A', sampleDoors(1));
    const door = (await store.loadTurf(turf.id))!.doors[0]!.id;
    await store.recordVisit(visit(turf.id, door, { outcome: 'absent', state: 'absent' }));
    const same = await store.recordVisit(
      visit(turf.id, door, { outcome: 'porte_fermee', state: 'absent', at: '2026-12-03T10:00:00+01:00' }),
    );
    expect(same).toEqual({ outcome: 'porte_fermee', state: 'absent', at: '2026-12-03T10:00:00+01:00', visits: 2 });
  });

  it('the version changes with every visit, and not with assignments', async () => {
    const store = t.store();
    const turf = await store.createTurf('A', sampleDoors(2));
    const door = (await store.loadTurf(turf.id))!.doors[0]!.id;
    const versions = [(await store.loadTurf(turf.id))!.version];
    await store.assign(turf.id, 'c_jeanne');
    expect((await store.loadTurf(turf.id))!.version).toBe(versions[0]);
    for (let i = 0; i < 3; i++) {
      // Even a visit that does not change what the door shows (an earlier time) counts.
      await store.recordVisit(visit(turf.id, door, { at: `2026-12-0${3 - i}T09:00:00.000Z` }));
      versions.push((await store.loadTurf(turf.id))!.version);
    }
    expect(new Set(versions).size).toBe(4);
    await store.unassign(turf.id, 'c_jeanne');
    expect((await store.loadTurf(turf.id))!.version).toBe(versions[3]);
  });

  it('removing a turf removes its doors, assignments and visits, and leaves the others alone', async () => {
    const store = t.store();
    const a = await store.createTurf('A', sampleDoors(3));
    const b = await store.createTurf('B', sampleDoors(3));
    await store.assign(a.id, 'c_jeanne');
    await store.assign(b.id, 'c_jeanne');
    const doorA = (await store.loadTurf(a.id))!.doors[0]!.id;
    const doorB = (await store.loadTurf(b.id))!.doors[0]!.id;
    await store.recordVisit(visit(a.id, doorA));
    await store.recordVisit(visit(b.id, doorB));
    expect(await store.removeTurf(a.id)).toBe(true);
    expect(await store.removeTurf(a.id)).toBe(false);
    expect(await store.findTurf(a.id)).toBeUndefined();
    expect(await store.loadTurf(a.id)).toBeUndefined();
    expect(await store.visitsOf(a.id)).toEqual([]);
    expect((await store.turfsOf('c_jeanne')).map((x) => x.id)).toEqual([b.id]);
    expect((await store.listTurfs()).map((x) => x.id)).toEqual([b.id]);
    await expect(store.recordVisit(visit(a.id, doorA))).rejects.toThrow();
    expect((await store.findTurf(b.id))!.progress.visited).toBe(1);
  });

  it('another store on the same data sees the same turfs, assignments and progress', async () => {
    const store = t.store();
    const other = t.other();
    const turf = await store.createTurf('A', sampleDoors(3));
    await other.assign(turf.id, 'c_karim');
    const door = (await other.loadTurf(turf.id))!.doors[2]!.id;
    await other.recordVisit(visit(turf.id, door, { canvasserId: 'c_karim', outcome: 'present', state: 'done' }));
    expect((await store.turfsOf('c_karim')).map((x) => x.id)).toEqual([turf.id]);
    expect((await store.loadTurf(turf.id))!.visits[door]).toMatchObject({ outcome: 'present', visits: 1 });
    expect((await store.findTurf(turf.id))!.progress.byState.done).toBe(1);
  });

  it('visits recorded at once on one door are all kept and counted', async () => {
    const store = t.store();
    const other = t.other();
    const turf = await store.createTurf('A', sampleDoors(1));
    const door = (await store.loadTurf(turf.id))!.doors[0]!.id;
    const states = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? other : store).recordVisit(visit(turf.id, door, { at: new Date(Date.UTC(2026, 11, 3, 9, i)).toISOString() })),
      ),
    );
    expect(states.map((s) => s.visits).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await store.visitsOf(turf.id)).toHaveLength(20);
    const loaded = (await store.loadTurf(turf.id))!;
    expect(loaded.visits[door]).toEqual({ outcome: 'absent', state: 'absent', at: '2026-12-03T09:19:00.000Z', visits: 20 });
    expect((await store.findTurf(turf.id))!.progress).toEqual({
      doors: 1,
      visited: 1,
      byState: { todo: 0, absent: 1, done: 0, refused: 0 },
    });
  });

  it('a 2,000-door turf loads whole, with its visits', async () => {
    const store = t.store();
    const turf = await store.createTurf('Big', sampleDoors(2000));
    const ids = (await store.loadTurf(turf.id))!.doors.map((d) => d.id);
    expect(new Set(ids).size).toBe(2000);
    for (const door of ids.slice(0, 100)) await store.recordVisit(visit(turf.id, door));
    const loaded = (await store.loadTurf(turf.id))!;
    expect(loaded.doors).toHaveLength(2000);
    expect(Object.keys(loaded.visits)).toHaveLength(100);
    expect((await store.findTurf(turf.id))!.progress).toMatchObject({ doors: 2000, visited: 100, byState: { todo: 1900, absent: 100 } });
  });
}
