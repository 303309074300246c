// The set-up every Redis store test repeats: one real redis-server for the test file, running and
// empty before each test, and connections to it made as the server makes its own.

import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { startTestRedis, type TestRedis } from './start-test-redis';

/** A client set as the server's stores are (src/server/stores/open-redis.ts): no offline queue and
 * no retries, so that a command fails at once while Redis is down; it reconnects every 50 ms.
 * Not yet connected. */
export function storeClient(url: string): Redis {
  const c = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 0, lazyConnect: true, retryStrategy: () => 50 });
  // Errors while Redis is down are what these tests provoke; each command's rejection says it.
  c.on('error', () => {});
  return c;
}

export interface UsedRedis {
  /** The redis-server (kill and start it to play an outage). */
  readonly server: TestRedis;
  /** A connected store client, disconnected before the next test. */
  connect(): Promise<Redis>;
}

/** Call at the top of a test file or `describe`: registers the hooks that start Redis, empty it
 * before each test (started again if a test killed it), and stop it at the end. */
export function useTestRedis(): UsedRedis {
  let server: TestRedis | undefined;
  let conns: Redis[] = [];
  beforeAll(async () => {
    server = await startTestRedis();
  });
  afterAll(async () => {
    for (const c of conns) c.disconnect();
    await server?.stop();
  });
  beforeEach(async () => {
    for (const c of conns) c.disconnect();
    conns = [];
    await server!.start();
    // Its own client reconnects on its own schedule after a restart: flushed once it answers.
    await expect
      .poll(
        () =>
          server!.client.flushall().then(
            () => 'ok',
            () => 'down',
          ),
        { timeout: 5000, interval: 50 },
      )
      .toBe('ok');
  });
  return {
    get server() {
      if (!server) throw new Error('useTestRedis: the server starts in beforeAll');
      return server;
    },
    async connect() {
      const c = storeClient(server!.url);
      await c.connect();
      conns.push(c);
      return c;
    },
  };
}
