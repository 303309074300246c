import { ApiError, apiFetch, apiJson } from '@client/lib/api-fetch';
import { forgetEarlyAnswers } from '@client/lib/early-start';

export interface Session {
  /** `role` is absent from servers before the console: such a canvasser canvasses. */
  canvasser: { id: string | number; name: string; role?: 'canvasser' | 'organiser' };
  expiresAt: string;
  /** The server runs its built-in sandbox: contacts go nowhere, and every screen must say so. */
  sandbox?: true;
  /** Set when the server could not be reached and this is the session kept on the device (see
   * kept-session.ts): the canvasser works offline until the server answers again. */
  offline?: true;
  /** The server's signed proof that this canvasser signed in on this device (see
   * src/server/auth/author-token.ts), kept with each item they queue, so that the items still go
   * under their name once someone else is signed in on a shared tablet. No secret: it is bound to
   * the HttpOnly device cookie, and proves nothing from another device. */
  authorToken?: string;
}

/** Checks the server's answer by hand: this runs before the first screen, and zod is kept off that
 * path. */
export function parseSession(body: unknown): Session {
  const b = body as Partial<Session> | null;
  const c = b?.canvasser;
  if (typeof b?.expiresAt !== 'string' || !c || typeof c.name !== 'string' || (typeof c.id !== 'string' && typeof c.id !== 'number')) {
    throw new Error('The server answered an unexpected session');
  }
  const canvasser: Session['canvasser'] = { id: c.id, name: c.name };
  if (c.role === 'organiser' || c.role === 'canvasser') canvasser.role = c.role;
  const session: Session = { canvasser, expiresAt: b.expiresAt };
  // The server says `mode`; a session kept on the device says `sandbox`.
  if ((body as { mode?: unknown }).mode === 'sandbox' || b.sandbox === true) session.sandbox = true;
  if (typeof b.authorToken === 'string' && b.authorToken) session.authorToken = b.authorToken;
  return session;
}

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
  // What boot.ts asked before this sign-in (a 401, most likely) no longer holds.
  forgetEarlyAnswers();
  return apiJson('/api/session', parseSession, { method: 'POST', json: { accessCode } });
}

export async function deleteSession(): Promise<void> {
  forgetEarlyAnswers();
  try {
    await apiFetch('/api/session', { method: 'DELETE' });
  } catch (error) {
    // Already signed out on the server (expired, revoked): the goal is reached.
    if (error instanceof ApiError && error.status === 401) return;
    throw error;
  }
}
