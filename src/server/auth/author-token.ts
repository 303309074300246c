import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Canvasser, CanvasserDirectory } from './canvasser-directory';
import { deviceOf } from './device-cookie';
import { findCanvasser } from './session-guard';

// An author token says "canvasser c signed in on device d, until e". The server hands one to the
// app at each sign-in; the app keeps it with every item the canvasser queues. When another
// canvasser's session later sends such an item (a shared tablet), the token is what lets the
// server record it under its author: signed with the session secret (so only this server made
// it), bound to the device cookie (a token copied to another device proves nothing), and
// expiring. The author's own session is not needed: the author may have signed out long ago.

/** Long enough for a tablet that stays offline through a week-end of canvassing and is handed
 * round; past it, the items wait for their author to sign in again (or for an export). */
export const AUTHOR_TOKEN_TTL_MS = 30 * 24 * 3600_000;

/** Keeps a signed author token apart from a signed session or device cookie: all three are
 * signed with the same secret, and none may stand in for another. */
const PREFIX = 'author.';

interface AuthorClaims {
  /** canvasser id */
  c: string;
  /** device id (the device cookie's `d`) */
  d: string;
  /** expiry, ms since epoch */
  e: number;
}

export function issueAuthorToken(app: FastifyInstance, canvasserId: string, deviceId: string, now = Date.now()): string {
  const claims: AuthorClaims = { c: canvasserId, d: deviceId, e: now + AUTHOR_TOKEN_TTL_MS };
  return app.signCookie(PREFIX + Buffer.from(JSON.stringify(claims)).toString('base64url'));
}

export type OnBehalfVerdict =
  | { ok: true; author: Canvasser | { id: string; name?: undefined }; removed: boolean }
  | { ok: false; reason: 'no-token' | 'forged' | 'expired' | 'other-author' | 'other-device' };

export interface OnBehalfCheckOptions {
  directory: CanvasserDirectory;
  demoAccessCode: string | undefined;
  demoOrganiserCode?: string | undefined;
  deviceCookie: string;
  now?: () => number;
}

export type OnBehalfCheck = (request: FastifyRequest, authorId: string, token: string | undefined) => OnBehalfVerdict;

/** Checks the token of an item sent for `authorId` by another canvasser's session. A removed
 * (revoked) author's items are still accepted, `removed` set: they were collected while the
 * author could sign in, on a device the author used, and losing them would lose real answers;
 * the route logs each one so that the organiser can see them. */
export function createOnBehalfCheck(opts: OnBehalfCheckOptions): OnBehalfCheck {
  const now = opts.now ?? Date.now;
  return (request, authorId, token) => {
    if (!token) return { ok: false, reason: 'no-token' };
    const unsigned = request.unsignCookie(token);
    if (!unsigned.valid || !unsigned.value?.startsWith(PREFIX)) return { ok: false, reason: 'forged' };
    let claims: AuthorClaims;
    try {
      claims = JSON.parse(Buffer.from(unsigned.value.slice(PREFIX.length), 'base64url').toString('utf8')) as AuthorClaims;
    } catch {
      return { ok: false, reason: 'forged' };
    }
    if (!claims || typeof claims.c !== 'string' || typeof claims.d !== 'string' || typeof claims.e !== 'number') {
      return { ok: false, reason: 'forged' };
    }
    if (claims.e <= now()) return { ok: false, reason: 'expired' };
    if (claims.c !== authorId) return { ok: false, reason: 'other-author' };
    if (deviceOf(request, opts.deviceCookie)?.d !== claims.d) return { ok: false, reason: 'other-device' };
    const known = findCanvasser(opts, authorId);
    return { ok: true, author: known ?? { id: authorId }, removed: !known };
  };
}
