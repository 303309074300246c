import { ApiError } from '@client/lib/api-fetch';
import { fetchSession, parseSession, type Session } from './session-api';

/**
 * The last session the server gave, kept on the device so that the app can start with no network
 * at all (a canvasser on the street reopening it). It holds the canvasser's id and name and when
 * the session ends: nothing secret, the session itself is the HttpOnly cookie, which this page
 * never sees. It is dropped on sign-out and whenever the server answers 401.
 */
export const SESSION_STORAGE_KEY = 'doorstep.session';

type KeptStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

function safeLocalStorage(): KeptStorage | undefined {
  try {
    return localStorage;
  } catch {
    // No storage (some private modes, a test runner): nothing is kept.
    return undefined;
  }
}

/** Keeps the server's answer and gives it back, so that it can sit in a promise chain. */
export function keepSession(session: Session, storage = safeLocalStorage()): Session {
  try {
    storage?.setItem(
      SESSION_STORAGE_KEY,
      // The author token too: a contact queued after an offline start still goes under its author.
      JSON.stringify({
        canvasser: session.canvasser,
        expiresAt: session.expiresAt,
        sandbox: session.sandbox,
        authorToken: session.authorToken,
      }),
    );
  } catch {
    // Quota or private mode: the app still works while online.
  }
  return session;
}

/** The kept session while it lasts; undefined when there is none, it is unreadable, or it has
 * expired (the server would refuse it anyway). */
export function readKeptSession(storage = safeLocalStorage(), now = Date.now()): Session | undefined {
  try {
    const session = parseSession(JSON.parse(storage?.getItem(SESSION_STORAGE_KEY) ?? 'null'));
    return Date.parse(session.expiresAt) > now ? session : undefined;
  } catch {
    return undefined;
  }
}

export function forgetSession(storage = safeLocalStorage()): void {
  try {
    storage?.removeItem(SESSION_STORAGE_KEY);
  } catch {
    // Nothing kept, nothing to drop.
  }
}

/**
 * Who is signed in: the server's answer, kept for later; or, when no answer came back at all (no
 * network, server down), the session kept on this device, marked `offline`, so that the form
 * works on the street. The server's next answer wins: a 401 drops the kept session and signs
 * the canvasser out.
 */
export async function fetchSessionOrKept(
  signal?: AbortSignal,
  fetch: (signal?: AbortSignal) => Promise<Session | null> = fetchSession,
  storage = safeLocalStorage(),
  now = Date.now,
): Promise<Session | null> {
  try {
    const session = await fetch(signal);
    if (session) keepSession(session, storage);
    else forgetSession(storage);
    return session;
  } catch (error) {
    const kept = error instanceof ApiError && error.isNetworkError && readKeptSession(storage, now());
    if (kept) return { ...kept, offline: true };
    throw error;
  }
}
