import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ConsoleCanvasser,
  ConsoleCanvasserAdded,
  ConsoleCanvasserList,
  ConsoleDeliveryList,
  ConsoleProgress,
  ConsoleRole,
  ConsoleTurfDoors,
  ConsoleTurfImported,
} from '@shared/console-schema';
import type { TurfProgress } from '@shared/turf-schema';
import { env } from '@client/env';
import { ApiError, apiFetch, apiJson } from '@client/lib/api-fetch';

// The console's calls to /api/console/…, as TanStack Query hooks. The server is trusted to answer
// the shapes of console-schema.ts (it is the same build); what is read is checked to be an object.

/** The console refreshes by itself this often (and when the tab comes back into view). */
export const REFRESH_MS = 15_000;

export interface DayRange {
  from: string;
  to: string;
  tz: string;
}

export interface ConsoleTurf {
  id: string;
  name: string;
  canvassers: string[];
  progress: TurfProgress;
  createdAt: string;
}

const asObject = <T>(body: unknown): T => {
  if (body === null || typeof body !== 'object') throw new Error('The server answered something unexpected');
  return body as T;
};

const rangeQuery = (r: DayRange) => `from=${r.from}&to=${r.to}&tz=${encodeURIComponent(r.tz)}`;

const live = { refetchInterval: REFRESH_MS, refetchIntervalInBackground: false, staleTime: 0, placeholderData: keepPreviousData };

export function useProgress(range: DayRange) {
  return useQuery({
    queryKey: ['console', 'progress', range],
    queryFn: ({ signal }) => apiJson(`/api/console/progress?${rangeQuery(range)}`, asObject<ConsoleProgress>, { signal }),
    ...live,
  });
}

export function useDeliveries(range: DayRange, q: string, result: string) {
  const params = `${rangeQuery(range)}&q=${encodeURIComponent(q)}${result ? `&result=${result}` : ''}`;
  return useQuery({
    queryKey: ['console', 'deliveries', range, q, result],
    queryFn: ({ signal }) => apiJson(`/api/console/deliveries?${params}`, asObject<ConsoleDeliveryList>, { signal }),
    ...live,
  });
}

export function useCanvassers() {
  return useQuery({
    queryKey: ['console', 'canvassers'],
    queryFn: ({ signal }) => apiJson('/api/console/canvassers', asObject<ConsoleCanvasserList>, { signal }),
    ...live,
  });
}

export function useTurfs() {
  return useQuery({
    queryKey: ['console', 'turfs'],
    queryFn: async ({ signal }) => {
      try {
        return await apiJson('/api/console/turfs', asObject<{ turfs: ConsoleTurf[] }>, { signal });
      } catch (error) {
        // A server without walk lists has no turf routes.
        if (error instanceof ApiError && error.status === 404) return { turfs: [] };
        throw error;
      }
    },
    ...live,
  });
}

export function useTurfDoors(turfId: string) {
  return useQuery({
    queryKey: ['console', 'turf-doors', turfId],
    queryFn: ({ signal }) => apiJson(`/api/console/turfs/${encodeURIComponent(turfId)}/doors`, asObject<ConsoleTurfDoors>, { signal }),
    ...live,
  });
}

/** After any change, everything the console shows is asked again. */
function useChange<A, R>(run: (args: A) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: run, onSettled: () => client.invalidateQueries({ queryKey: ['console'] }) });
}

export function useAddCanvasser() {
  return useChange((body: { name: string; role: ConsoleRole }) =>
    apiJson('/api/console/canvassers', asObject<ConsoleCanvasserAdded>, { method: 'POST', json: body }),
  );
}

export function useRevokeCanvasser() {
  return useChange(async (id: string) => {
    await apiFetch(`/api/console/canvassers/${encodeURIComponent(id)}`, { method: 'DELETE' });
  });
}

export function useChangeRole() {
  return useChange(({ id, role }: { id: string; role: ConsoleRole }) =>
    apiJson(`/api/console/canvassers/${encodeURIComponent(id)}`, asObject<ConsoleCanvasser>, { method: 'PATCH', json: { role } }),
  );
}

export function useAssign() {
  return useChange(async ({ turfId, canvasserId, assign }: { turfId: string; canvasserId: string; assign: boolean }) => {
    await apiFetch(`/api/console/turfs/${encodeURIComponent(turfId)}/canvassers/${encodeURIComponent(canvasserId)}`, {
      method: assign ? 'PUT' : 'DELETE',
    });
  });
}

export function useUploadTurf() {
  return useChange(async ({ file, name, split, citycode }: { file: File; name: string; split: string; citycode: string }) => {
    const params = new URLSearchParams({ name });
    if (split) params.set('split', split);
    if (citycode) params.set('citycode', citycode);
    // The file itself is the body: the server writes it to a temporary file as it arrives.
    const response = await fetch(`${env.VITE_API_BASE}/api/console/turfs?${params}`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/csv', Accept: 'application/json, application/problem+json' },
      body: file,
      credentials: 'same-origin',
    });
    const body: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      const problem = body as { title?: string; detail?: string } | undefined;
      throw new Error(problem?.detail ?? problem?.title ?? `HTTP ${response.status}`);
    }
    return asObject<ConsoleTurfImported>(body);
  });
}
