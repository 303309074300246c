import { QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError } from '@client/lib/api-fetch';

/** Retrying a 4xx only repeats the same refusal; network errors and 5xx may pass next time. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
  return failureCount < 2;
}

/** `onUnauthorized` runs when any query is answered 401: the session has ended on the server
 * (expired, revoked), and the app must find out and ask to sign in again. */
export function createQueryClient(onUnauthorized: (client: QueryClient) => void): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error) => {
        if (error instanceof ApiError && error.status === 401) onUnauthorized(client);
      },
    }),
    defaultOptions: {
      queries: { retry: shouldRetry, staleTime: 60_000 },
      mutations: { retry: false },
    },
  });
  return client;
}
