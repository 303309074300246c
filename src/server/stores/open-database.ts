import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

/** The server's SQLite file in DATA_DIR: idempotency records, signed-out sessions, turfs and their
 * visits (all three in Redis instead when REDIS_URL is set) and the sandbox's accepted contacts. */
export function openDatabase(dataDir: string): Db {
  const file = path.join(dataDir, 'doorstep.sqlite');
  // Owner only: the file holds canvassers' contacts (the sandbox's) and answers. SQLite makes its
  // -wal and -shm files with the database file's own permissions, so making the file first, 0600,
  // covers them; files left by an older release are tightened.
  // https://www.sqlite.org/src/doc/trunk/src/os_unix.c (findCreateFileMode)
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) chmodSync(f, 0o600);
  const db = new Database(file);
  // WAL lets readers (the sandbox listing, /readyz) run beside the writer; NORMAL sync is durable
  // across process crashes, which is what a proxy restart needs. https://www.sqlite.org/wal.html
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.exec(`
    CREATE TABLE IF NOT EXISTS idempotency (
      key TEXT PRIMARY KEY,
      body_hash TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('pending', 'done')),
      status INTEGER,
      response TEXT,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS idempotency_created ON idempotency (created_at);
    CREATE TABLE IF NOT EXISTS revoked_sessions (
      session_id TEXT PRIMARY KEY,
      expires_at INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS revoked_sessions_expires ON revoked_sessions (expires_at);
    CREATE TABLE IF NOT EXISTS sandbox_contacts (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      idempotency_key TEXT,
      body TEXT NOT NULL,
      received_at INTEGER NOT NULL
    );
    -- Walk lists (sqlite-turf-store.ts). A turf's doors never change once imported, so they are one
    -- JSON text read in one go; each door's latest visit is kept beside every visit, so that loading
    -- a turf and its progress never goes through the whole history.
    CREATE TABLE IF NOT EXISTS turfs (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      name TEXT NOT NULL,
      created_at TEXT NOT NULL,
      door_count INTEGER NOT NULL,
      doors TEXT NOT NULL,
      version INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE IF NOT EXISTS turf_assignments (
      turf_id TEXT NOT NULL,
      canvasser_id TEXT NOT NULL,
      PRIMARY KEY (turf_id, canvasser_id)
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS turf_assignments_canvasser ON turf_assignments (canvasser_id);
    CREATE TABLE IF NOT EXISTS turf_visits (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      turf_id TEXT NOT NULL,
      door TEXT NOT NULL,
      outcome TEXT NOT NULL,
      state TEXT NOT NULL,
      canvasser_id TEXT NOT NULL,
      at TEXT NOT NULL,
      received_at TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS turf_visits_turf ON turf_visits (turf_id, seq);
    CREATE TABLE IF NOT EXISTS turf_latest_visits (
      turf_id TEXT NOT NULL,
      door TEXT NOT NULL,
      outcome TEXT NOT NULL,
      state TEXT NOT NULL,
      at TEXT NOT NULL,
      at_ms INTEGER NOT NULL,
      visits INTEGER NOT NULL,
      PRIMARY KEY (turf_id, door)
    ) WITHOUT ROWID;
  `);
  // Added after the first release: a data folder made before it gets the column on opening. In a
  // write transaction, so that two processes opening one file cannot both add it.
  db.transaction(() => {
    const columns = db.prepare<[], { name: string }>('PRAGMA table_info(sandbox_contacts)').all();
    if (!columns.some((c) => c.name === 'reply_lost'))
      db.exec('ALTER TABLE sandbox_contacts ADD COLUMN reply_lost INTEGER NOT NULL DEFAULT 0');
  }).immediate();
  return db;
}
