import { chmodSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '@test-support/temp-dir';
import { openDatabase } from './open-database';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const modeOf = (file: string) => statSync(file).mode & 0o777;

describe('openDatabase', () => {
  it('makes the SQLite file and its -wal and -shm readable by the owner only, whatever the umask', () => {
    const dir = tempDir('doorstep-db-');
    dirs.push(dir);
    const previous = process.umask(0o022);
    try {
      const db = openDatabase(dir);
      db.prepare('INSERT INTO revoked_sessions (session_id, expires_at) VALUES (?, ?)').run('s', Date.now());
      for (const f of ['doorstep.sqlite', 'doorstep.sqlite-wal', 'doorstep.sqlite-shm']) expect(modeOf(path.join(dir, f)), f).toBe(0o600);
      db.close();
    } finally {
      process.umask(previous);
    }
  });

  it('tightens files an older release left readable by others', () => {
    const dir = tempDir('doorstep-db-');
    dirs.push(dir);
    openDatabase(dir).close();
    const file = path.join(dir, 'doorstep.sqlite');
    chmodSync(file, 0o644);
    writeFileSync(`${file}-wal`, '', { mode: 0o644 });
    chmodSync(`${file}-wal`, 0o644);
    openDatabase(dir).close();
    expect(modeOf(file)).toBe(0o600);
  });
});
