import type { FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_TYPES } from '@shared/problem';
import { AUTHOR_TOKEN_HEADER, ON_BEHALF_HEADER } from '@shared/on-behalf-headers';
import type { SessionGuard } from '@server/auth/session-guard';
import type { IdempotencyStore } from '@server/stores/idempotency-store';
import type { OnBehalfCheck } from '@server/auth/author-token';
import { RateLimiterRes, type RateLimiter } from '@server/stores/rate-limiter-factory';
import { sendProblem } from './send-problem';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const JSON_TYPE_RE = /^application\/json\s*(;|$)/i;

/** The checks a contact and a visit pass before their body is read, in this order: a session
 * (401), the author token of an item sent for another canvasser (403), JSON (415), an Idempotency-Key UUID (400), the canvasser's rate limit (429). No session,
 * a wrong type or no key costs no parsing. A store that does not answer (session list, rate
 * limit) throws a StoreUnavailableError: 503. `what` names the item in the key's message. */
export function idempotentWriteChecks(opts: {
  guard: SessionGuard;
  limiter: RateLimiter;
  what: string;
  onBehalf?: OnBehalfCheck | undefined;
}) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const session = await opts.guard.canvasser(request);
    if (!session) {
      return sendProblem(reply, {
        type: PROBLEM_TYPES.unauthenticated,
        title: 'Not signed in',
        status: 401,
        detail: 'Sign in again; nothing you entered is lost.',
      });
    }
    request.canvasserId = session.canvasser.id;
    request.canvasserName = session.canvasser.name;
    request.sentBy = session.canvasser.id;
    // A shared tablet sending what another canvasser queued: recorded under that author (whose
    // Idempotency-Key scope it is), once the author token shows the author signed in here.
    const onBehalfOf = request.headers[ON_BEHALF_HEADER.toLowerCase()];
    if (typeof onBehalfOf === 'string' && onBehalfOf !== session.canvasser.id) {
      const token = request.headers[AUTHOR_TOKEN_HEADER.toLowerCase()];
      const verdict = opts.onBehalf
        ? opts.onBehalf(request, onBehalfOf, typeof token === 'string' ? token : undefined)
        : ({ ok: false, reason: 'no-token' } as const);
      if (!verdict.ok) {
        request.log.warn({ canvasser: session.canvasser.id, onBehalfOf, reason: verdict.reason }, 'on-behalf delivery refused');
        return sendProblem(reply, {
          type: PROBLEM_TYPES.onBehalfRefused,
          title: 'Not accepted for another canvasser',
          status: 403,
          detail: `This ${opts.what} was queued by another canvasser on this device, and the proof of it (${verdict.reason}) does not hold: it waits on the device until its author signs in.`,
        });
      }
      if (verdict.removed) {
        request.log.warn({ canvasser: onBehalfOf, sentBy: session.canvasser.id }, `delivering a ${opts.what} of a removed canvasser`);
      }
      request.canvasserId = onBehalfOf;
      // The consent proof names whoever collected it: the author, not the tablet's next user.
      request.canvasserName = verdict.author.name ?? onBehalfOf;
    }
    if (!JSON_TYPE_RE.test(request.headers['content-type'] ?? '')) {
      return sendProblem(reply, {
        type: PROBLEM_TYPES.unsupportedMediaType,
        title: 'Send JSON',
        status: 415,
        detail: 'Content-Type must be application/json.',
      });
    }
    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string' || !UUID_RE.test(key)) {
      return sendProblem(reply, {
        type: PROBLEM_TYPES.malformed,
        title: 'Idempotency-Key required',
        status: 400,
        detail: `Send a UUID in the Idempotency-Key header, made once per ${opts.what} and reused for its retries.`,
        errors: [{ location: 'header.idempotency-key', message: 'Must be a UUID', value: key }],
      });
    }
    try {
      await opts.limiter.consume(session.canvasser.id);
    } catch (res) {
      if (!(res instanceof RateLimiterRes)) throw res;
      return sendProblem(reply, {
        type: PROBLEM_TYPES.rateLimited,
        title: 'Too many requests',
        status: 429,
        retryAfterSeconds: res.msBeforeNext / 1000,
      });
    }
  };
}

/** Begins the key in the idempotency store and answers, itself, every case but a new key: a
 * finished key's stored answer (replayed), the key with another body (422), the same key still
 * being handled (409). Returns whether it answered: false for a new key, which the caller then
 * handles and completes or releases. (Not the reply itself: a FastifyReply is a thenable, which
 * an await would unwrap.) The store failing throws before anything is forwarded
 * (503, and the app retries with the same key). */
export async function beginIdempotentWrite(
  reply: FastifyReply,
  opts: { store: IdempotencyStore; storedKey: string; hash: string; key: string; what: string; inFlightTitle: string },
): Promise<boolean> {
  const begun = await opts.store.begin(opts.storedKey, opts.hash);
  switch (begun.state) {
    case 'new':
      return false;
    case 'replay':
      reply.header('idempotent-replayed', 'true');
      reply.code(begun.answer.status).send(begun.answer.body);
      return true;
    case 'mismatch':
      sendProblem(reply, {
        type: PROBLEM_TYPES.idempotencyKeyReused,
        title: 'Idempotency-Key reused with another body',
        status: 422,
        detail: `This key was already used for a different ${opts.what}; make a new key for a new ${opts.what}.`,
        errors: [{ location: 'header.idempotency-key', message: 'Already used with another body', value: opts.key }],
      });
      return true;
    case 'in-flight':
      sendProblem(reply, { type: PROBLEM_TYPES.inFlight, title: opts.inFlightTitle, status: 409, retryAfterSeconds: 1 });
      return true;
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The canvasser whose session sent the request; `canvasserId` is its author. */
    sentBy?: string;
  }
}
