/** The shared store (Redis) did not answer. Every request that needs it answers 503 with
 * Retry-After, which the app retries, rather than 500 (a bug) or 401 (which would ask the
 * canvasser to sign in again, and fail again). */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';

  constructor(operation: string, cause: unknown) {
    super(`${operation}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** Seconds a client is asked to wait while the store is down: ioredis retries to connect at
 * least once a second, so a few seconds covers a Redis restart without hammering it. */
export const STORE_RETRY_AFTER_SECONDS = 5;

/** Runs a store call, turning whatever it throws into a StoreUnavailableError. */
export async function storeCall<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw err instanceof StoreUnavailableError ? err : new StoreUnavailableError(operation, err);
  }
}
