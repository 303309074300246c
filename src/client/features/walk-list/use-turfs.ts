import { useQuery, useQueryClient } from '@tanstack/react-query';
import { decodeTurf, type Turf, type TurfListResponse, type TurfSummary, type TurfWire, turfProgress } from '@shared/turf-schema';
import { ApiError, apiFetch, apiJson } from '@client/lib/api-fetch';
import { keepTurf, keptTurf, keptTurfsOf } from './kept-turfs';

// The canvasser's turfs and the one being worked. Both are asked of the server whenever it can be
// reached, and read from the device when it cannot: the queries run offline too (networkMode
// 'always'), falling back to the copy kept in IndexedDB, so that a reload on a street with no
// signal still opens the list.

const unreachable = (error: unknown) => error instanceof ApiError && error.status === 0;

async function fetchTurfs(canvasserId: string): Promise<TurfSummary[]> {
  try {
    return (await apiJson('/api/turfs', (body) => body as TurfListResponse)).turfs;
  } catch (error) {
    // A server without walk lists: the free form, as before.
    if (error instanceof ApiError && error.status === 404) return [];
    if (!unreachable(error)) throw error;
    const kept = await keptTurfsOf(canvasserId);
    return kept.map(({ wire }) => ({
      id: wire.id,
      name: wire.name,
      progress: turfProgress(
        wire.doors.map((d) => d.id),
        wire.visits,
      ),
    }));
  }
}

/** Asked with the ETag of the copy kept: a turf unchanged since costs a 304 and no download. When
 * nothing is on screen yet, the caller passes `onKept`, and the copy kept is given to it as soon as
 * it is read, before the server answers: on a street with a weak signal the list opens from the
 * device at once rather than after the network's answer (or its timeout), and the server's copy
 * replaces it when it comes. */
export async function fetchTurf(turfId: string, canvasserId: string, onKept?: (turf: Turf) => void): Promise<Turf> {
  const kept = await keptTurf(turfId).catch(() => undefined);
  const mine = kept?.canvasserId === canvasserId ? kept : undefined;
  // Decoded only when it is shown now or answers for the server (a 304, no network): a refetch
  // that gets a new turf does not decode the old one too.
  const keptCopy = mine && onKept ? decodeTurf(mine.wire) : undefined;
  if (keptCopy) onKept?.(keptCopy);
  try {
    const response = await apiFetch(`/api/turfs/${encodeURIComponent(turfId)}`, {
      headers: mine?.etag ? { 'If-None-Match': mine.etag } : {},
    });
    const wire = (await response.json()) as TurfWire;
    const turf = decodeTurf(wire);
    await keepTurf({ id: turfId, canvasserId, wire, etag: response.headers.get('etag') ?? undefined, savedAt: Date.now() }).catch(
      () => undefined,
    );
    return turf;
  } catch (error) {
    // The same object as the one shown from the device, if it was: nothing on screen renders again.
    if (mine && (unreachable(error) || (error instanceof ApiError && error.status === 304))) return keptCopy ?? decodeTurf(mine.wire);
    throw error;
  }
}

export const turfsQueryKey = (canvasserId: string) => ['turfs', canvasserId] as const;
export const turfQueryKey = (turfId: string) => ['turf', turfId] as const;

export function useTurfs(canvasserId: string) {
  return useQuery({ queryKey: turfsQueryKey(canvasserId), queryFn: () => fetchTurfs(canvasserId), networkMode: 'always' });
}

/** Fresh at every look (focus, back online, the outbox drained): another canvasser's doors on the
 * same turf show as soon as both devices have synced. Cheap, with the ETag. */
export function useTurf(turfId: string | undefined, canvasserId: string) {
  const client = useQueryClient();
  return useQuery({
    queryKey: turfQueryKey(turfId ?? ''),
    // The kept copy only while nothing is shown yet: a refetch never puts an older copy on screen.
    queryFn: () => {
      const key = turfQueryKey(turfId!);
      const show = client.getQueryData(key) === undefined ? (kept: Turf) => client.setQueryData(key, kept) : undefined;
      return fetchTurf(turfId!, canvasserId, show);
    },
    enabled: turfId !== undefined,
    networkMode: 'always',
    staleTime: 0,
  });
}
