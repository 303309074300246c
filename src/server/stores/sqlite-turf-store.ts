import { isLaterVisit, type DoorAddress, type DoorVisitState, type TurfDoor } from '@shared/turf-schema';
import type { Db } from './open-database';
import { doorIdAt, newTurfId } from './new-turf-id';
import { progressFromCounts } from './progress-from-counts';
import type { RecordedVisit, TurfRecord, TurfStore } from './turf-store';

// Turfs in the server's SQLite file (tables in open-database.ts), for one instance; the turfs
// command opens the same file from another process, so every write is one transaction.

interface RecordRow {
  id: string;
  name: string;
  created_at: string;
  door_count: number;
  canvassers: string;
  states: string;
}

interface LatestRow {
  outcome: string;
  state: DoorVisitState['state'];
  at: string;
  visits: number;
}

interface VisitRow {
  turf_id: string;
  door: string;
  outcome: string;
  state: RecordedVisit['state'];
  canvasser_id: string;
  at: string;
  received_at: string;
}

// One query gives a turf with its canvassers and its counts by latest state.
const RECORD_SELECT = `
  SELECT t.id, t.name, t.created_at, t.door_count,
    (SELECT json_group_array(canvasser_id) FROM
      (SELECT canvasser_id FROM turf_assignments a WHERE a.turf_id = t.id ORDER BY canvasser_id)) AS canvassers,
    (SELECT json_group_object(state, n) FROM
      (SELECT state, count(*) AS n FROM turf_latest_visits l WHERE l.turf_id = t.id GROUP BY state)) AS states
  FROM turfs t`;

function toRecord(row: RecordRow): TurfRecord {
  return {
    id: row.id,
    name: row.name,
    canvassers: JSON.parse(row.canvassers) as string[],
    progress: progressFromCounts(row.door_count, JSON.parse(row.states) as Record<string, number>),
    createdAt: row.created_at,
  };
}

export function createSqliteTurfStore(db: Db): TurfStore {
  const insertTurf = db.prepare(`INSERT INTO turfs (id, name, created_at, door_count, doors) VALUES (?, ?, ?, ?, ?)`);
  const hasTurf = db.prepare<[string], { version: number }>(`SELECT version FROM turfs WHERE id = ?`);
  const listAll = db.prepare<[], RecordRow>(`${RECORD_SELECT} ORDER BY t.seq`);
  const findOne = db.prepare<[string], RecordRow>(`${RECORD_SELECT} WHERE t.id = ?`);
  const ofCanvasser = db.prepare<[string], RecordRow>(
    `${RECORD_SELECT} WHERE t.id IN (SELECT turf_id FROM turf_assignments WHERE canvasser_id = ?) ORDER BY t.seq`,
  );
  // The doors and every door's latest visit in one read.
  const loadOne = db.prepare<[string], { id: string; name: string; version: number; doors: string; visits: string }>(`
    SELECT t.id, t.name, t.version, t.doors,
      (SELECT json_group_object(door, json_object('outcome', outcome, 'state', state, 'at', at, 'visits', visits))
        FROM turf_latest_visits l WHERE l.turf_id = t.id) AS visits
    FROM turfs t WHERE t.id = ?`);
  const insertAssignment = db.prepare(`INSERT OR IGNORE INTO turf_assignments (turf_id, canvasser_id) VALUES (?, ?)`);
  const deleteAssignment = db.prepare(`DELETE FROM turf_assignments WHERE turf_id = ? AND canvasser_id = ?`);
  const insertVisit = db.prepare(
    `INSERT INTO turf_visits (turf_id, door, outcome, state, canvasser_id, at, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const getLatest = db.prepare<[string, string], LatestRow>(
    `SELECT outcome, state, at, visits FROM turf_latest_visits WHERE turf_id = ? AND door = ?`,
  );
  const putLatest = db.prepare(
    `INSERT INTO turf_latest_visits (turf_id, door, outcome, state, at, at_ms, visits) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (turf_id, door) DO UPDATE SET outcome = excluded.outcome, state = excluded.state, at = excluded.at,
       at_ms = excluded.at_ms, visits = excluded.visits`,
  );
  const countVisit = db.prepare(`UPDATE turf_latest_visits SET visits = ? WHERE turf_id = ? AND door = ?`);
  const bumpVersion = db.prepare(`UPDATE turfs SET version = version + 1 WHERE id = ?`);
  const visitsOfTurf = db.prepare<[string], VisitRow>(
    `SELECT turf_id, door, outcome, state, canvasser_id, at, received_at FROM turf_visits WHERE turf_id = ? ORDER BY seq`,
  );
  const deletes = [
    'turfs WHERE id = ?',
    'turf_assignments WHERE turf_id = ?',
    'turf_visits WHERE turf_id = ?',
    'turf_latest_visits WHERE turf_id = ?',
  ].map((from) => db.prepare(`DELETE FROM ${from}`));

  const create = db.transaction((name: string, doors: readonly DoorAddress[]) => {
    const list: TurfDoor[] = doors.map((address, i) => ({ id: doorIdAt(i), address }));
    for (;;) {
      const id = newTurfId();
      if (hasTurf.get(id)) continue;
      insertTurf.run(id, name, new Date().toISOString(), list.length, JSON.stringify(list));
      return toRecord(findOne.get(id)!);
    }
  });

  const record = db.transaction((v: RecordedVisit): DoorVisitState => {
    if (!hasTurf.get(v.turfId)) throw new Error(`No turf ${v.turfId}`);
    insertVisit.run(v.turfId, v.door, v.outcome, v.state, v.canvasserId, v.at, v.receivedAt);
    const current = getLatest.get(v.turfId, v.door);
    const visits = (current?.visits ?? 0) + 1;
    let shown: LatestRow;
    if (isLaterVisit(v, current)) {
      shown = { outcome: v.outcome, state: v.state, at: v.at, visits };
      putLatest.run(v.turfId, v.door, v.outcome, v.state, v.at, Date.parse(v.at), visits);
    } else {
      shown = { ...current!, visits };
      countVisit.run(visits, v.turfId, v.door);
    }
    bumpVersion.run(v.turfId);
    return { outcome: shown.outcome, state: shown.state, at: shown.at, visits };
  });

  const assign = db.transaction((turfId: string, canvasserId: string) => {
    if (!hasTurf.get(turfId)) return false;
    insertAssignment.run(turfId, canvasserId);
    return true;
  });
  const unassign = db.transaction((turfId: string, canvasserId: string) => {
    if (!hasTurf.get(turfId)) return false;
    deleteAssignment.run(turfId, canvasserId);
    return true;
  });
  const remove = db.transaction((turfId: string) => {
    const existed = deletes[0]!.run(turfId).changes > 0;
    for (const d of deletes.slice(1)) d.run(turfId);
    return existed;
  });

  return {
    async createTurf(name, doors) {
      return create.immediate(name, doors);
    },
    async listTurfs() {
      return listAll.all().map(toRecord);
    },
    async findTurf(turfId) {
      const row = findOne.get(turfId);
      return row && toRecord(row);
    },
    async loadTurf(turfId) {
      const row = loadOne.get(turfId);
      if (!row) return undefined;
      return {
        id: row.id,
        name: row.name,
        version: String(row.version),
        doors: JSON.parse(row.doors) as TurfDoor[],
        visits: JSON.parse(row.visits) as Record<string, DoorVisitState>,
      };
    },
    async assign(turfId, canvasserId) {
      return assign.immediate(turfId, canvasserId);
    },
    async unassign(turfId, canvasserId) {
      return unassign.immediate(turfId, canvasserId);
    },
    async removeTurf(turfId) {
      return remove.immediate(turfId);
    },
    async turfsOf(canvasserId) {
      return ofCanvasser.all(canvasserId).map(toRecord);
    },
    async recordVisit(visit) {
      return record.immediate(visit);
    },
    async visitsOf(turfId) {
      return visitsOfTurf.all(turfId).map((r) => ({
        turfId: r.turf_id,
        door: r.door,
        outcome: r.outcome,
        state: r.state,
        canvasserId: r.canvasser_id,
        at: r.at,
        receivedAt: r.received_at,
      }));
    },
    // The database belongs to whoever opened it (the server, or the turfs command).
    async close() {},
  };
}
