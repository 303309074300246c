import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { PROBLEM_TYPES } from '@shared/problem';
import { normaliseCode, type Canvasser, type CanvasserDirectory } from '@server/auth/canvasser-directory';
import { DEMO_CANVASSER, SESSION_COOKIE, tokenOf, type SessionGuard, type Token } from '@server/auth/session-guard';
import { RateLimiterRes, type RateLimiterFactory } from '@server/stores/rate-limiter-factory';
import { sendProblem } from '@server/http/send-problem';
import type { SessionRevocationStore } from '@server/stores/session-revocation-store';
import type { Mode } from '@server/env';

export interface SessionOptions {
  directory: CanvasserDirectory;
  ttlHours: number;
  demoAccessCode: string | undefined;
  /** Told to the app with every session, so that sandbox mode shows on every signed-in screen. */
  mode: Mode;
  revocations: SessionRevocationStore;
  rateLimiter: RateLimiterFactory;
  /** Failed sign-ins allowed per client address before it is locked out for `lockMinutes`. */
  maxFailures?: number;
  lockMinutes?: number;
}

const signInBody = z.object({ accessCode: z.string().min(1).max(200) });

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
  const failures = opts.rateLimiter({
    name: 'sign-in-failures',
    points: maxFailures,
    durationSeconds: lockSeconds,
    blockSeconds: lockSeconds,
  });

  const locked = (reply: FastifyReply, seconds: number) =>
    sendProblem(reply, {
      type: PROBLEM_TYPES.rateLimited,
      title: 'Too many failed sign-ins',
      status: 429,
      detail: 'Too many wrong access codes from this device; wait before trying again.',
      retryAfterSeconds: seconds,
    });

  const sessionBody = (canvasser: Canvasser, expiresAt: number) => ({
    canvasser,
    expiresAt: new Date(expiresAt).toISOString(),
    mode: opts.mode,
  });

  app.post('/api/session', async (request, reply) => {
    const ip = request.ip;
    const state = await failures.get(ip);
    if (state && state.consumedPoints >= maxFailures) return locked(reply, state.msBeforeNext / 1000);

    const parsed = signInBody.safeParse(request.body);
    if (!parsed.success) {
      return sendProblem(reply, {
        type: PROBLEM_TYPES.malformed,
        title: 'Malformed sign-in',
        status: 400,
        detail: 'Send {"accessCode": "…"}',
        errors: [{ location: 'body.accessCode', message: 'Required' }],
      });
    }
    const code = parsed.data.accessCode;
    const canvasser = opts.demoAccessCode && sameCode(code, opts.demoAccessCode) ? DEMO_CANVASSER : await opts.directory.verify(code);
    if (!canvasser) {
      try {
        await failures.consume(ip);
      } catch (res) {
        if (res instanceof RateLimiterRes) return locked(reply, res.msBeforeNext / 1000);
        throw res;
      }
      return sendProblem(reply, {
        type: PROBLEM_TYPES.unauthenticated,
        title: 'Wrong access code',
        status: 401,
        detail: 'This access code is not valid.',
      });
    }
    // Forgetting the failures is a courtesy; a store that fails here must not refuse a right code.
    await failures.delete(ip).catch((err: Error) => request.log.warn({ err: err.message }, 'could not reset sign-in failures'));
    const expiresAt = Date.now() + opts.ttlHours * 3600_000;
    const sessionId = randomBytes(16).toString('base64url');
    const token = Buffer.from(JSON.stringify({ c: canvasser.id, e: expiresAt, s: sessionId } satisfies Token)).toString('base64url');
    reply.setCookie(SESSION_COOKIE, token, {
      signed: true,
      httpOnly: true,
      sameSite: 'strict',
      secure: 'auto',
      path: '/',
      maxAge: opts.ttlHours * 3600,
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
