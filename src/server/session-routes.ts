import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { z } from 'zod';
import { PROBLEM_TYPES } from '../shared/problem';
import { normaliseCode, type Canvasser, type CanvasserDirectory } from './canvasser-directory';
import { sendProblem } from './send-problem';

export const SESSION_COOKIE = 'doorstep_session';
export const DEMO_CANVASSER: Canvasser = { id: 'demo', name: 'Démo' };

export interface SessionOptions {
  directory: CanvasserDirectory;
  ttlHours: number;
  demoAccessCode: string | undefined;
  /** Failed sign-ins allowed per client address before it is locked out for `lockMinutes`. */
  maxFailures?: number;
  lockMinutes?: number;
}

interface Token {
  /** canvasser id */
  c: string;
  /** expiry, ms since epoch */
  e: number;
}

export interface SessionGuard {
  /** The signed-in canvasser, or undefined; a removed canvasser's cookie no longer counts. */
  canvasser(request: FastifyRequest): { canvasser: Canvasser; expiresAt: number } | undefined;
}

const signInBody = z.object({ accessCode: z.string().min(1).max(200) });

export function createSessionGuard(opts: SessionOptions): SessionGuard {
  return {
    canvasser(request) {
      const raw = request.cookies[SESSION_COOKIE];
      if (!raw) return undefined;
      const unsigned = request.unsignCookie(raw);
      if (!unsigned.valid || !unsigned.value) return undefined;
      let token: Token;
      try {
        token = JSON.parse(Buffer.from(unsigned.value, 'base64url').toString('utf8')) as Token;
      } catch {
        return undefined;
      }
      if (typeof token.e !== 'number' || token.e <= Date.now() || typeof token.c !== 'string') return undefined;
      const canvasser =
        token.c === DEMO_CANVASSER.id && opts.demoAccessCode ? DEMO_CANVASSER : opts.directory.get(token.c);
      return canvasser && { canvasser, expiresAt: token.e };
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
  // Counts failures only, so a canvasser who signs in often is never slowed down.
  const failures = new RateLimiterMemory({ points: maxFailures, duration: lockSeconds, blockDuration: lockSeconds });

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
    await failures.delete(ip);
    const expiresAt = Date.now() + opts.ttlHours * 3600_000;
    const token = Buffer.from(JSON.stringify({ c: canvasser.id, e: expiresAt } satisfies Token)).toString('base64url');
    reply.setCookie(SESSION_COOKIE, token, {
      signed: true, httpOnly: true, sameSite: 'strict', secure: 'auto', path: '/', maxAge: opts.ttlHours * 3600,
    });
    request.log.info({ canvasser: canvasser.id }, 'signed in');
    return sessionBody(canvasser, expiresAt);
  });

  app.get('/api/session', async (request, reply) => {
    const session = opts.guard.canvasser(request);
    if (!session) return sendProblem(reply, { type: PROBLEM_TYPES.unauthenticated, title: 'Not signed in', status: 401 });
    return sessionBody(session.canvasser, session.expiresAt);
  });

  app.delete('/api/session', async (_request, reply) => {
    reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: 'auto' });
    return reply.code(204).send();
  });
}
