import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { PROBLEM_TYPES } from '@shared/problem';
import { normaliseCode, type Canvasser, type CanvasserDirectory } from '@server/auth/canvasser-directory';
import { RateLimiterRes, type RateLimiterFactory } from '@server/stores/rate-limiter-factory';
import { sendProblem } from '@server/http/send-problem';
import type { SessionRevocationStore } from '@server/stores/session-revocation-store';

export const SESSION_COOKIE = 'doorstep_session';
export const DEMO_CANVASSER: Canvasser = { id: 'demo', name: 'Démo' };

export interface SessionOptions {
  directory: CanvasserDirectory;
  ttlHours: number;
  demoAccessCode: string | undefined;
  revocations: SessionRevocationStore;
  rateLimiter: RateLimiterFactory;
  /** Failed sign-ins allowed per client address before it is locked out for `lockMinutes`. */
  maxFailures?: number;
  lockMinutes?: number;
}

interface Token {
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

const signInBody = z.object({ accessCode: z.string().min(1).max(200) });

/** The signed, unexpired token of the request's cookie, whoever it names. */
function tokenOf(request: FastifyRequest): Token | undefined {
  const raw = request.cookies[SESSION_COOKIE];
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

export function createSessionGuard(opts: Pick<SessionOptions, 'directory' | 'demoAccessCode' | 'revocations'>): SessionGuard {
  const verified = new Map<string, Token>();
  const cachedTokenOf = (request: FastifyRequest): Token | undefined => {
    const raw = request.cookies[SESSION_COOKIE];
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
      const canvasser =
        token.c === DEMO_CANVASSER.id && opts.demoAccessCode ? DEMO_CANVASSER : opts.directory.get(token.c);
      if (!canvasser) return undefined;
      if (await opts.revocations.isRevoked(token.s)) return undefined;
      return { canvasser, expiresAt: token.e, sessionId: token.s };
    },
  };
}

function sameCode(a: string, b: string): boolean {
  const x = Buffer.from(normaliseCode(a));
  const y = Buffer.from(normaliseCode(b));
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function sessionRoutes(app: FastifyInstance, opts: SessionOptions & { guard: SessionGuard }): Promise<void> {
  const maxFailures = opts.maxFailures ?? 10;
  const lockSeconds = (opts.lockMinutes ?? 15) * 60;
  // Counts failures only, so a canvasser who signs in often is never slowed down. Keyed by the
  // client's address: with TRUST_PROXY off, a forged X-Forwarded-For changes nothing.
  const failures = opts.rateLimiter({ name: 'sign-in-failures', points: maxFailures, durationSeconds: lockSeconds, blockSeconds: lockSeconds });

  const locked = (reply: FastifyReply, seconds: number) =>
    sendProblem(reply, {
      type: PROBLEM_TYPES.rateLimited, title: 'Too many failed sign-ins', status: 429,
      detail: 'Too many wrong access codes from this device; wait before trying again.', retryAfterSeconds: seconds,
    });

  const sessionBody = (canvasser: Canvasser, expiresAt: number) => ({ canvasser, expiresAt: new Date(expiresAt).toISOString() });

  app.post('/api/session', async (request, reply) => {
    const ip = request.ip;
    const state = await failures.get(ip);
    if (state && state.consumedPoints >= maxFailures) return locked(reply, state.msBeforeNext / 1000);

    const parsed = signInBody.safeParse(request.body);
    if (!parsed.success) {
      return sendProblem(reply, {
        type: PROBLEM_TYPES.malformed, title: 'Malformed sign-in', status: 400, detail: 'Send {"accessCode": "…"}',
        errors: [{ location: 'body.accessCode', message: 'Required' }],
      });
    }
    const code = parsed.data.accessCode;
    const canvasser =
      opts.demoAccessCode && sameCode(code, opts.demoAccessCode) ? DEMO_CANVASSER : await opts.directory.verify(code);
    if (!canvasser) {
      try {
        await failures.consume(ip);
      } catch (res) {
        if (res instanceof RateLimiterRes) return locked(reply, res.msBeforeNext / 1000);
        throw res;
      }
      return sendProblem(reply, {
        type: PROBLEM_TYPES.unauthenticated, title: 'Wrong access code', status: 401, detail: 'This access code is not valid.',
      });
    }
    // Forgetting the failures is a courtesy; a store that fails here must not refuse a right code.
    await failures.delete(ip).catch((err: Error) => request.log.warn({ err: err.message }, 'could not reset sign-in failures'));
    const expiresAt = Date.now() + opts.ttlHours * 3600_000;
    const sessionId = randomBytes(16).toString('base64url');
    const token = Buffer.from(JSON.stringify({ c: canvasser.id, e: expiresAt, s: sessionId } satisfies Token)).toString('base64url');
    reply.setCookie(SESSION_COOKIE, token, {
      signed: true, httpOnly: true, sameSite: 'strict', secure: 'auto', path: '/', maxAge: opts.ttlHours * 3600,
    });
    request.log.info({ canvasser: canvasser.id }, 'signed in');
    return sessionBody(canvasser, expiresAt);
  });

  app.get('/api/session', async (request, reply) => {
    const session = await opts.guard.canvasser(request);
    if (!session) return sendProblem(reply, { type: PROBLEM_TYPES.unauthenticated, title: 'Not signed in', status: 401 });
    return sessionBody(session.canvasser, session.expiresAt);
  });

  app.delete('/api/session', async (request, reply) => {
    // Revoked on every instance until the token would expire, so that a copy of the cookie (a
    // shared tablet, a backup of the browser profile) stops working too. If the list cannot be
    // written this answers 503 and keeps the cookie, so that signing out can be tried again
    // rather than only look done.
    const token = tokenOf(request);
    if (token) {
      await opts.revocations.revoke(token.s, token.e);
      request.log.info({ canvasser: token.c }, 'signed out');
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: 'auto' });
    return reply.code(204).send();
  });
}
