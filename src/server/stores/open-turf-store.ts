import type { Env } from '@server/env';
import { openDatabase } from './open-database';
import { openRedis } from './open-redis';
import { createRedisTurfStore } from './redis-turf-store';
import { createSqliteTurfStore } from './sqlite-turf-store';
import type { TurfStore } from './turf-store';

/** The turf store the server uses, for a command beside it (`npm run turfs`): Redis when REDIS_URL
 * is set, else the SQLite file in DATA_DIR. Unlike the server, a command cannot wait for Redis to
 * come back, so it fails at once when Redis does not answer. `close()` closes what it opened. */
export async function openTurfStore(env: Env): Promise<TurfStore> {
  if (env.redisUrl) {
    const redis = openRedis(env.redisUrl);
    let lastError = '';
    await redis.connect({
      info() {},
      error: (fields) => (lastError = String((fields as { err?: { message?: string } }).err?.message ?? '')),
    });
    if (redis.client.status !== 'ready') {
      await redis.close();
      throw new Error(`REDIS_URL: Redis at ${redis.safeUrl} does not answer${lastError ? ` (${lastError})` : ''}`);
    }
    const store = createRedisTurfStore(redis.client);
    return { ...store, close: () => redis.close() };
  }
  const db = openDatabase(env.dataDir);
  const store = createSqliteTurfStore(db);
  return {
    ...store,
    async close() {
      db.close();
    },
  };
}
