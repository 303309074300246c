import { Redis } from 'ioredis';

// One ioredis connection per server, shared by the idempotency store, the rate limiters and the
// session revocation list. It must fail fast while Redis is down, never crash the process, and
// come back by itself when Redis does.

export interface RedisLogger {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface RedisConnection {
  readonly client: Redis;
  /** The URL with its password masked, fit for a log line. */
  readonly safeUrl: string;
  /** Starts connecting and logs each change of state (connected, lost, back) once. Resolves after
   * the first attempt, whether or not Redis answered: the server serves anyway, not ready. */
  connect(log: RedisLogger): Promise<void>;
  close(): Promise<void>;
}

/** `redis://user:secret@host:6379/0` → `redis://user:***@host:6379/0`. */
export function maskRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'redis://(unparsable URL)';
  }
}

export function openRedis(url: string): RedisConnection {
  const password = (() => {
    try {
      return decodeURIComponent(new URL(url).password);
    } catch {
      return '';
    }
  })();
  const client = new Redis(url, {
    lazyConnect: true,
    // Commands fail at once while disconnected instead of queueing until Redis returns: a
    // request must answer 503 now, not hang past the client's own timeout.
    enableOfflineQueue: false,
    // Commands already sent when the connection drops are failed, not resent after reconnecting
    // (a resent idempotency `begin` would answer a request that has long gone).
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    // A Redis that accepts the connection but does not answer (paused, swapping) counts as down.
    commandTimeout: 2000,
    connectTimeout: 3000,
    // Reconnect forever, at most a second apart, so the server is ready again soon after Redis.
    retryStrategy: (attempt: number) => Math.min(attempt * 200, 1000),
  });
  const safeUrl = maskRedisUrl(url);
  // ioredis emits 'error' on every failed reconnect; without a listener each one is printed.
  const noop = () => {};
  client.on('error', noop);

  const describe = (err: unknown) => {
    const e = err as { code?: string; message?: string };
    let message = String(e?.message ?? err);
    if (password) message = message.split(password).join('***');
    return { code: e?.code, message };
  };

  let closing = false;
  return {
    client,
    safeUrl,
    async connect(log) {
      let state: 'starting' | 'up' | 'down' = 'starting';
      let everUp = false;
      client.on('ready', () => {
        if (state === 'up') return;
        log.info({ redis: safeUrl }, everUp ? 'Redis is reachable again' : 'Redis connected: shared state for several instances');
        state = 'up';
        everUp = true;
      });
      const down = (err: unknown | undefined) => {
        if (closing || state === 'down') return;
        const was = state;
        state = 'down';
        const fields = { redis: safeUrl, ...(err ? { err: describe(err) } : {}) };
        if (was === 'up') log.error(fields, 'Redis connection lost: answering 503 until it is back');
        else log.error(fields, 'Redis unreachable: answering 503 until it answers');
      };
      client.on('error', (err) => down(err));
      client.on('close', () => {
        if (state === 'up') down(undefined);
      });
      await client.connect().catch(noop);
    },
    async close() {
      closing = true;
      if (client.status === 'ready') {
        await client.quit().catch(noop);
      }
      client.disconnect();
    },
  };
}
