import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { PROBLEM_TYPES } from '@shared/problem';
import { normaliseCode, type Canvasser, type CanvasserDirectory } from '@server/auth/canvasser-directory';
import {
  DEMO_CANVASSER,
  DEMO_ORGANISER,
  findCanvasser,
  tokenOf,
  type CookieSettings,
  type SessionGuard,
  type Token,
} from '@server/auth/session-guard';
import { RateLimiterRes, type RateLimiterFactory } from '@server/stores/rate-limiter-factory';
import { sendProblem } from '@server/http/send-problem';
import { createHashCheckSlots } from '@server/auth/hash-check-slots';
import { clientNetwork } from '@server/auth/client-network';
import { deviceOf, setDeviceCookie } from '@server/auth/device-cookie';
import { issueAuthorToken } from '@server/auth/author-token';
import type { SessionRevocationStore } from '@server/stores/session-revocation-store';
import type { Mode } from '@server/env';

export interface SessionOptions {
  directory: CanvasserDirectory;
  ttlHours: number;
  demoAccessCode: string | undefined;
  demoOrganiserCode?: string | undefined;
  cookies: CookieSettings;
  /** Told to the app with every session, so that sandbox mode shows on every signed-in screen. */
  mode: Mode;
  revocations: SessionRevocationStore;
  rateLimiter: RateLimiterFactory;
  /** Failed sign-ins allowed per client address before it is locked out for `lockMinutes`. */
  maxFailures?: number;
  lockMinutes?: number;
  /** Failed sign-ins allowed on the whole server (every address) per `lockMinutes`. */
  failureBudget?: number;
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
  // Counts every attempt as it starts, and gives back the attempt whose code was right (only that
  // one: forgetting the earlier failures would let a guesser with a code of their own guess for
  // ever, nine at a time). Keyed by the device's canvasser for a device that signed in before,
  // else by the client's network (IPv4 address or IPv6 /64): with TRUST_PROXY off, a forged
  // X-Forwarded-For changes nothing.
  const failures = opts.rateLimiter({
    name: 'sign-in-failures',
    points: maxFailures,
    durationSeconds: lockSeconds,
    blockSeconds: lockSeconds,
  });

  // All addresses together: a guesser with many addresses (a botnet, an IPv6 range) meets this
  // once each address's own lock no longer holds it back.
  const budget = opts.rateLimiter({
    name: 'sign-in-failures-all',
    points: opts.failureBudget ?? 100,
    durationSeconds: lockSeconds,
    blockSeconds: lockSeconds,
  });
  const slots = createHashCheckSlots({ perAddress: 2, overall: 4, queue: 64 });

  const locked = (
    reply: FastifyReply,
    seconds: number,
    detail = 'Too many wrong access codes from this device; wait before trying again.',
  ) =>
    sendProblem(reply, {
      type: PROBLEM_TYPES.rateLimited,
      title: 'Too many failed sign-ins',
      status: 429,
      detail,
      retryAfterSeconds: seconds,
    });

  // The author token (see author-token.ts) rides with every answer that names the canvasser, so
  // that the app always holds a fresh one for this device; no device cookie, no token.
  const sessionBody = (canvasser: Canvasser, expiresAt: number, deviceId: string | undefined) => ({
    canvasser,
    expiresAt: new Date(expiresAt).toISOString(),
    mode: opts.mode,
    ...(deviceId ? { authorToken: issueAuthorToken(app, canvasser.id, deviceId) } : {}),
  });

  app.post('/api/session', async (request, reply) => {
    const device = deviceOf(request, opts.cookies.device);
    const known = device && findCanvasser(opts, device.c) !== undefined;
    const key = known ? `known:${device.c}` : `net:${clientNetwork(request.ip)}`;
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

    const slot = await slots.acquire(key);
    if ('busy' in slot) {
      return slot.busy === 'address'
        ? locked(reply, 1, 'A sign-in from this device is already being checked; try again in a moment.')
        : sendProblem(reply, {
            type: PROBLEM_TYPES.unavailable,
            title: 'Busy',
            status: 503,
            detail: 'Too many sign-ins at once; try again in a moment.',
            retryAfterSeconds: 1,
          });
    }
    let canvasser: Canvasser | undefined;
    try {
      // Counted before the code is checked, so that no burst sent at once gets more checks than
      // the lock allows: the count only rises once the check has run. The address's attempt first,
      // so that a locked address does not spend the server's budget. A known device has its
      // canvasser's own count, and keeps signing in while new devices meet the server's budget.
      try {
        await failures.consume(key);
      } catch (res) {
        if (res instanceof RateLimiterRes) return locked(reply, res.msBeforeNext / 1000);
        throw res;
      }
      try {
        if (!known) await budget.consume('all');
      } catch (res) {
        await failures.reward(key).catch(() => {});
        if (res instanceof RateLimiterRes)
          return locked(reply, res.msBeforeNext / 1000, 'Too many wrong access codes on this server; wait before trying again.');
        throw res;
      }
      const code = parsed.data.accessCode;
      canvasser =
        opts.demoAccessCode && sameCode(code, opts.demoAccessCode)
          ? DEMO_CANVASSER
          : opts.demoOrganiserCode && sameCode(code, opts.demoOrganiserCode)
            ? DEMO_ORGANISER
            : await opts.directory.verify(code);
    } finally {
      slot.release();
    }
    if (!canvasser) {
      return sendProblem(reply, {
        type: PROBLEM_TYPES.unauthenticated,
        title: 'Wrong access code',
        status: 401,
        detail: 'This access code is not valid.',
      });
    }
    // Giving the attempt back is a courtesy; a store that fails here must not refuse a right code.
    const courtesy = (err: Error) => request.log.warn({ err: err.message }, 'could not give back a sign-in attempt');
    await Promise.all([failures.reward(key).catch(courtesy), known ? undefined : budget.reward('all').catch(courtesy)]);
    const thisDevice = setDeviceCookie(reply, canvasser.id, { name: opts.cookies.device, secure: opts.cookies.secure, previous: device });
    const expiresAt = Date.now() + opts.ttlHours * 3600_000;
    const sessionId = randomBytes(16).toString('base64url');
    const token = Buffer.from(JSON.stringify({ c: canvasser.id, e: expiresAt, s: sessionId } satisfies Token)).toString('base64url');
    reply.setCookie(opts.cookies.session, token, {
      signed: true,
      httpOnly: true,
      sameSite: 'strict',
      secure: opts.cookies.secure,
      path: '/',
      maxAge: opts.ttlHours * 3600,
    });
    request.log.info({ canvasser: canvasser.id }, 'signed in');
    return sessionBody(canvasser, expiresAt, thisDevice.d);
  });

  app.get('/api/session', async (request, reply) => {
    const session = await opts.guard.canvasser(request);
    if (!session) return sendProblem(reply, { type: PROBLEM_TYPES.unauthenticated, title: 'Not signed in', status: 401 });
    return sessionBody(session.canvasser, session.expiresAt, deviceOf(request, opts.cookies.device)?.d);
  });

  app.delete('/api/session', async (request, reply) => {
    // Revoked on every instance until the token would expire, so that a copy of the cookie (a
    // shared tablet, a backup of the browser profile) stops working too. If the list cannot be
    // written this answers 503 and keeps the cookie, so that signing out can be tried again
    // rather than only look done.
    const token = tokenOf(request, opts.cookies.session);
    if (token) {
      await opts.revocations.revoke(token.s, token.e);
      request.log.info({ canvasser: token.c }, 'signed out');
    }
    reply.clearCookie(opts.cookies.session, { path: '/', httpOnly: true, sameSite: 'strict', secure: opts.cookies.secure });
    return reply.code(204).send();
  });
}
