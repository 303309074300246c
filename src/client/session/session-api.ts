import * as z from 'zod/mini';
import { ApiError, apiFetch, apiJson } from '../api-fetch';

export const sessionSchema = z.object({
  canvasser: z.object({ id: z.union([z.string(), z.number()]), name: z.string() }),
  expiresAt: z.string(),
});

export type Session = z.output<typeof sessionSchema>;

const parseSession = (body: unknown): Session => sessionSchema.parse(body);

/** The signed-in canvasser, or null when there is no session: a 401 here is an answer, not a
 * failure. */
export async function fetchSession(signal?: AbortSignal): Promise<Session | null> {
  try {
    return await apiJson('/api/session', parseSession, { signal });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export function postSession(accessCode: string): Promise<Session> {
  return apiJson('/api/session', parseSession, { method: 'POST', json: { accessCode } });
}

export async function deleteSession(): Promise<void> {
  try {
    await apiFetch('/api/session', { method: 'DELETE' });
  } catch (error) {
    // Already signed out on the server (expired, revoked): the goal is reached.
    if (error instanceof ApiError && error.status === 401) return;
    throw error;
  }
}
