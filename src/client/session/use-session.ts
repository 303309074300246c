import { type QueryClient, useQuery } from '@tanstack/react-query';
import { fetchSession } from './session-api';

export const sessionQueryKey = ['session'] as const;

/** `data` is the signed-in canvasser, or null when signed out. */
export function useSession() {
  return useQuery({
    queryKey: sessionQueryKey,
    queryFn: ({ signal }) => fetchSession(signal),
    staleTime: 5 * 60_000,
  });
}

/** Asks the server again who is signed in, after another call was refused with a 401: the
 * session may have expired or been revoked, and then the sign-in screen must come back. */
export function recheckSession(client: QueryClient): void {
  void client.invalidateQueries({ queryKey: sessionQueryKey });
}
