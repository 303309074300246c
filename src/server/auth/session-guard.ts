import type { FastifyRequest } from 'fastify';
import type { Canvasser, CanvasserDirectory } from './canvasser-directory';
import type { SessionRevocationStore } from '@server/stores/session-revocation-store';
import type { Mode } from '@server/env';
import { DEVICE_COOKIE } from './device-cookie';

export const SESSION_COOKIE = 'doorstep_session';
export const DEMO_CANVASSER: Canvasser = { id: 'demo', name: 'Démo', role: 'canvasser' };
/** Sandbox only, with DEMO_ORGANISER_CODE: the demo's organiser, for the console. */
export const DEMO_ORGANISER: Canvasser = { id: 'demo-organiser', name: 'Organisation démo', role: 'organiser' };

export interface CookieSettings {
  session: string;
  device: string;
  secure: boolean | 'auto';
}

/** With Qomon, the cookies are always Secure and `__Host-` (Secure, Path=/, no Domain: no other
 * host of the site, and no page over plain HTTP, can set or shadow them), even when the server
 * itself only sees plain HTTP from a proxy it was not told to trust. The sandbox keeps plain
 * names and `secure: 'auto'`, so that the demo works over http:// on a LAN. */
export function cookieSettings(mode: Mode): CookieSettings {
  return mode === 'qomon'
    ? { session: `__Host-${SESSION_COOKIE}`, device: `__Host-${DEVICE_COOKIE}`, secure: true }
    : { session: SESSION_COOKIE, device: DEVICE_COOKIE, secure: 'auto' };
}

/** Who a canvasser id names: someone in the canvassers file, or one of the sandbox's built-in
 * demo accounts while its code is set. The one lookup behind sessions, known devices and author
 * tokens, so that each knows the same people. */
export function findCanvasser(
  opts: { directory: CanvasserDirectory; demoAccessCode: string | undefined; demoOrganiserCode?: string | undefined },
  id: string,
): Canvasser | undefined {
  if (id === DEMO_CANVASSER.id && opts.demoAccessCode) return DEMO_CANVASSER;
  if (id === DEMO_ORGANISER.id && opts.demoOrganiserCode) return DEMO_ORGANISER;
  return opts.directory.get(id);
}

export interface SessionGuardOptions {
  directory: CanvasserDirectory;
  demoAccessCode: string | undefined;
  demoOrganiserCode?: string | undefined;
  revocations: SessionRevocationStore;
  cookies: CookieSettings;
}

export interface Token {
  /** canvasser id */
  c: string;
  /** expiry, ms since epoch */
  e: number;
  /** session id: random, so that signing out can revoke this one session and no other */
  s: string;
}

export interface Session {
  canvasser: Canvasser;
  expiresAt: number;
  sessionId: string;
}

export interface SessionGuard {
  /** The signed-in canvasser, or undefined: a removed canvasser's cookie, or a signed-out
   * session's, no longer counts. Rejects with a StoreUnavailableError when the list of
   * signed-out sessions cannot be read: failing closed, and 503 rather than 401. */
  canvasser(request: FastifyRequest): Promise<Session | undefined>;
}

/** The signed, unexpired token of the request's cookie, whoever it names. */
export function tokenOf(request: FastifyRequest, cookieName: string): Token | undefined {
  const raw = request.cookies[cookieName];
  return raw ? verifiedToken(request, raw) : undefined;
}

function verifiedToken(request: FastifyRequest, raw: string): Token | undefined {
  const unsigned = request.unsignCookie(raw);
  if (!unsigned.valid || !unsigned.value) return undefined;
  let token: Token;
  try {
    token = JSON.parse(Buffer.from(unsigned.value, 'base64url').toString('utf8')) as Token;
  } catch {
    return undefined;
  }
  if (token === null || typeof token !== 'object') return undefined;
  // A token without a session id (made before sign-out could revoke one) cannot be signed out
  // server-side, so it is refused: its canvasser signs in once more.
  if (typeof token.e !== 'number' || token.e <= Date.now() || typeof token.c !== 'string' || typeof token.s !== 'string' || !token.s) {
    return undefined;
  }
  return token;
}

/** Cookies already verified by this server, so that a canvasser's every request does not cost an
 * HMAC and a JSON parse (seen in the proxy bench's profile). Keyed by the whole signed value, so a
 * forged or altered cookie never matches; expiry is still checked on every use. Emptied when full
 * rather than kept in order: a campaign's canvassers fit many times over. */
const VERIFIED_TOKENS_MAX = 10_000;

export function createSessionGuard(opts: SessionGuardOptions): SessionGuard {
  const verified = new Map<string, Token>();
  const cachedTokenOf = (request: FastifyRequest): Token | undefined => {
    const raw = request.cookies[opts.cookies.session];
    if (!raw) return undefined;
    const known = verified.get(raw);
    if (known) return known.e > Date.now() ? known : undefined;
    const token = verifiedToken(request, raw);
    if (token) {
      if (verified.size >= VERIFIED_TOKENS_MAX) verified.clear();
      verified.set(raw, token);
    }
    return token;
  };
  return {
    async canvasser(request) {
      const token = cachedTokenOf(request);
      if (!token) return undefined;
      const canvasser = findCanvasser(opts, token.c);
      if (!canvasser) return undefined;
      if (await opts.revocations.isRevoked(token.s)) return undefined;
      return { canvasser, expiresAt: token.e, sessionId: token.s };
    },
  };
}
