import type { DoorAddress, DoorState, DoorVisitState, Turf, TurfProgress } from '@shared/turf-schema';

// Turfs and their visits, behind one interface with two backings: SQLite in DATA_DIR (one
// instance), Redis when REDIS_URL is set (several instances see the same turfs and progress).
// The `npm run turfs` command and the server open the same store.

/** A turf as the organiser sees it. */
export interface TurfRecord {
  id: string;
  name: string;
  /** Canvasser ids (canvassers.json) this turf is assigned to. */
  canvassers: string[];
  progress: TurfProgress;
  createdAt: string;
}

/** One visit as recorded: who, when (the device's time), and when the server got it. */
export interface RecordedVisit {
  turfId: string;
  door: string;
  outcome: string;
  state: Exclude<DoorState, 'todo'>;
  canvasserId: string;
  at: string;
  receivedAt: string;
}

export interface TurfStore {
  /** Stores a new turf; its doors (already deduplicated, in walking order) get ids short and
   * unique within the turf. */
  createTurf(name: string, doors: readonly DoorAddress[]): Promise<TurfRecord>;
  listTurfs(): Promise<TurfRecord[]>;
  /** By id, or undefined. */
  findTurf(turfId: string): Promise<TurfRecord | undefined>;
  /** The turf's doors and each door's latest visit; `version` changes with every new visit. */
  loadTurf(turfId: string): Promise<Turf | undefined>;
  /** False when the turf does not exist. Assigning twice is one assignment. */
  assign(turfId: string, canvasserId: string): Promise<boolean>;
  unassign(turfId: string, canvasserId: string): Promise<boolean>;
  /** Removes the turf, its assignments and its visits. False when it did not exist. */
  removeTurf(turfId: string): Promise<boolean>;
  /** The turfs assigned to a canvasser. */
  turfsOf(canvasserId: string): Promise<TurfRecord[]>;
  /** Keeps every visit; the door shows the latest by `at` (see isLaterVisit). */
  recordVisit(visit: RecordedVisit): Promise<DoorVisitState>;
  /** Every visit of a turf, oldest received first (tests, the console). */
  visitsOf(turfId: string): Promise<RecordedVisit[]>;
  close(): Promise<void>;
}
