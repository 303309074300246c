import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Campaign } from '@shared/campaign-schema';
import { checkAgainstCampaign } from '@shared/check-against-campaign';
import { contactUpsertSchema } from '@shared/contact-upsert-schema';
import { PROBLEM_TYPES } from '@shared/problem';
import { toQomonErrors } from '@shared/qomon-errors';
import { scopedIdempotencyKey, type IdempotencyStore, type StoredAnswer } from '@server/stores/idempotency-store';
import type { RateLimiterFactory } from '@server/stores/rate-limiter-factory';
import { sendProblem, type ProblemInit } from '@server/http/send-problem';
import { idempotentWriteChecks } from '@server/http/idempotent-write-checks';
import type { SessionGuard } from '@server/auth/session-guard';
import type { OnBehalfCheck } from '@server/auth/author-token';
import type { UpstreamClient, UpstreamOutcome } from '@server/upstream/upstream-client';

export interface ContactsRouteOptions {
  campaign: () => Campaign;
  guard: SessionGuard;
  store: IdempotencyStore;
  upstream: () => UpstreamClient;
  contactsPerMinute: number;
  rateLimiter: RateLimiterFactory;
  /** Checks an item sent for another canvasser (a shared tablet); none: such items are refused. */
  onBehalf?: OnBehalfCheck | undefined;
}

export function outcomeProblem(outcome: Exclude<UpstreamOutcome, { kind: 'accepted' }>): ProblemInit {
  switch (outcome.kind) {
    case 'invalid':
      return {
        type: PROBLEM_TYPES.validation,
        title: 'Qomon refused the contact',
        status: 422,
        detail: outcome.detail ?? 'Qomon found fields it cannot accept.',
        errors: outcome.errors.length ? outcome.errors : [{ location: 'body.data', message: outcome.detail ?? 'Refused by Qomon' }],
      };
    case 'auth-refused':
      return {
        type: PROBLEM_TYPES.upstreamAuth,
        title: 'Qomon refused the server’s API key',
        status: 502,
        detail: 'The server’s configuration is wrong: tell your organiser. Your contact is kept and will be sent later.',
      };
    case 'rate-limited':
      return {
        type: PROBLEM_TYPES.upstreamRateLimited,
        title: 'Qomon asks to slow down',
        status: 503,
        detail: 'Qomon is rate-limiting; retry after the delay.',
        retryAfterSeconds: outcome.retryAfterSeconds,
      };
    case 'timeout':
      return { type: PROBLEM_TYPES.upstreamTimeout, title: 'Qomon did not answer in time', status: 504 };
    case 'server-error':
    case 'unexpected':
      return {
        type: PROBLEM_TYPES.upstreamUnavailable,
        title: 'Qomon is unavailable',
        status: 502,
        detail: `Qomon answered ${outcome.status}.`,
      };
    case 'unreachable':
      return { type: PROBLEM_TYPES.upstreamUnavailable, title: 'Qomon is unreachable', status: 502 };
  }
}

export async function contactsRoute(app: FastifyInstance, opts: ContactsRouteOptions): Promise<void> {
  const limiter = opts.rateLimiter({ name: 'contacts', points: opts.contactsPerMinute, durationSeconds: 60 });

  app.post(
    '/api/contacts',
    {
      onRequest: idempotentWriteChecks({ guard: opts.guard, limiter, what: 'contact', onBehalf: opts.onBehalf }),
    },
    async (request, reply) => {
      const key = (request.headers['idempotency-key'] as string).toLowerCase();
      const input = request.body;
      const parsed = contactUpsertSchema.safeParse(input);
      if (!parsed.success) {
        return sendProblem(reply, {
          type: PROBLEM_TYPES.validation,
          title: 'The contact is not valid',
          status: 422,
          errors: toQomonErrors(parsed.error.issues, input),
        });
      }
      const campaignErrors = checkAgainstCampaign(parsed.data.data, opts.campaign());
      if (campaignErrors.length) {
        return sendProblem(reply, {
          type: PROBLEM_TYPES.campaign,
          title: 'The contact does not match the campaign',
          status: 422,
          detail: 'Qomon would accept it and then silently drop it.',
          errors: campaignErrors,
        });
      }

      const hash = createHash('sha256').update(JSON.stringify(input)).digest('base64url');
      // If the store does not answer, this throws before anything is forwarded: 503, and the app
      // retries with the same key.
      const stored = scopedIdempotencyKey(request.canvasserId!, key);
      const begun = await opts.store.begin(stored, hash);
      switch (begun.state) {
        case 'replay':
          reply.header('idempotent-replayed', 'true');
          return reply.code(begun.answer.status).send(begun.answer.body);
        case 'mismatch':
          return sendProblem(reply, {
            type: PROBLEM_TYPES.idempotencyKeyReused,
            title: 'Idempotency-Key reused with another body',
            status: 422,
            detail: 'This key was already used for a different contact; make a new key for a new contact.',
            errors: [{ location: 'header.idempotency-key', message: 'Already used with another body', value: key }],
          });
        case 'in-flight':
          return sendProblem(reply, {
            type: PROBLEM_TYPES.inFlight,
            title: 'This contact is already being sent',
            status: 409,
            retryAfterSeconds: 1,
          });
      }

      // Once forwarded, the upstream's answer is what the app must hear. A store that fails now
      // leaves the record pending: a retry meets 409 until it goes stale, then forwards again, which
      // Qomon's upsert matches to the same person.
      const release = () =>
        opts.store
          .release(stored)
          .catch((err: Error) => request.log.warn({ key, err: err.message }, 'could not release the idempotency key'));
      let outcome: UpstreamOutcome;
      try {
        outcome = await opts.upstream().upsert(parsed.data, key);
      } catch (err) {
        await release();
        throw err;
      }
      request.log.info(
        {
          key,
          canvasser: request.canvasserId,
          sentBy: request.sentBy,
          upstream: outcome.kind,
          upstreamStatus: 'status' in outcome ? outcome.status : undefined,
        },
        'forwarded',
      );
      if (outcome.kind === 'accepted') {
        const answer: StoredAnswer = { status: 202, body: { status: 'accepted', idempotencyKey: key } };
        // Not awaited: a caller that hears this reply never retries, and one that does not comes back
        // later than the write. A store that fails loses the replay: a retry then forwards again
        // (with Redis, after answering 409 until the pending key goes stale).
        opts.store
          .complete(stored, answer)
          .catch((err: Error) => request.log.warn({ key, err: err.message }, 'could not store the answer'));
        return reply.code(answer.status).send(answer.body);
      }
      await release();
      return sendProblem(reply, outcomeProblem(outcome));
    },
  );
}

declare module 'fastify' {
  interface FastifyRequest {
    canvasserId?: string;
  }
}
