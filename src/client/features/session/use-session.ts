import { type QueryClient, useQuery } from '@tanstack/react-query';
import { fetchSessionOrKept } from './kept-session';

export const sessionQueryKey = ['session'] as const;

/** `data` is the signed-in canvasser, or null when signed out; with `offline` set, the session
 * kept on the device, while the server cannot be reached. */
export function useSession() {
  return useQuery({
    queryKey: sessionQueryKey,
    queryFn: ({ signal }) => fetchSessionOrKept(signal),
    // Asks even when the browser says it is offline: the answer then is the kept session, and the
    // form comes up at once instead of waiting for a network that may not come back for hours.
    networkMode: 'offlineFirst',
    // A kept session only stands in for the server's answer: ask again on focus and every 10 s
    // until the server answers (TanStack Query's own reconnect signal does not fire when the
    // page started offline, and a failed try costs nothing offline).
    staleTime: (query) => (query.state.data?.offline ? 0 : 5 * 60_000),
    refetchInterval: (query) => (query.state.data?.offline ? 10_000 : false),
  });
}

/** Asks the server again who is signed in, after another call was refused with a 401: the
 * session may have expired or been revoked, and then the sign-in screen must come back. */
export function recheckSession(client: QueryClient): void {
  void client.invalidateQueries({ queryKey: sessionQueryKey });
}
