import type { Db } from './open-database';

/** Sessions signed out before their cookie expires. A session cookie is a signed token that any
 * instance can check alone; this list is what makes signing out stop a copy of the cookie too.
 * An entry is kept until the token's own expiry, after which the token is refused anyway. */
export interface SessionRevocationStore {
  revoke(sessionId: string, expiresAt: number): Promise<void>;
  isRevoked(sessionId: string): Promise<boolean>;
  purgeExpired(): Promise<number>;
  ping(): Promise<void>;
}

export function createSqliteSessionRevocationStore(db: Db, opts: { now?: () => number } = {}): SessionRevocationStore {
  const now = opts.now ?? Date.now;
  const insert = db.prepare('INSERT OR REPLACE INTO revoked_sessions (session_id, expires_at) VALUES (?, ?)');
  const find = db.prepare<[string, number], { n: number }>('SELECT 1 AS n FROM revoked_sessions WHERE session_id = ? AND expires_at > ?');
  const purge = db.prepare('DELETE FROM revoked_sessions WHERE expires_at <= ?');
  const ping = db.prepare('SELECT 1');
  return {
    async revoke(sessionId, expiresAt) {
      if (expiresAt > now()) insert.run(sessionId, expiresAt);
    },
    async isRevoked(sessionId) {
      return find.get(sessionId, now()) !== undefined;
    },
    async purgeExpired() {
      return purge.run(now()).changes;
    },
    async ping() {
      ping.get();
    },
  };
}
