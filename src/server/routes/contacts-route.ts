import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Campaign } from '@shared/campaign-schema';
import { checkAgainstCampaign } from '@shared/check-against-campaign';
import { checkConsentProof, contactRequestSchema, type ContactRequest } from '@shared/consent-proof';
import type { ContactUpsert } from '@shared/contact-upsert-schema';
import { PROBLEM_TYPES, type QomonError } from '@shared/problem';
import { toQomonErrors } from '@shared/qomon-errors';
import type { DeliveryEntry, DeliveryLog } from '@server/stores/delivery-log';
import { scopedIdempotencyKey, type IdempotencyStore, type StoredAnswer } from '@server/stores/idempotency-store';
import type { RateLimiterFactory } from '@server/stores/rate-limiter-factory';
import { deliveryOfOutcome, refusedByServer, turfOfHeader, TURF_HEADER } from './delivery-entry';
import { sendProblem, type ProblemInit } from '@server/http/send-problem';
import { beginIdempotentWrite, idempotentWriteChecks } from '@server/http/idempotent-write-checks';
import type { SessionGuard } from '@server/auth/session-guard';
import type { OnBehalfCheck } from '@server/auth/author-token';
import type { UpstreamClient, UpstreamOutcome } from '@server/upstream/upstream-client';
import { consentProofNote, type ProofCanvasser } from './consent-proof-note';

export interface ContactsRouteOptions {
  campaign: () => Campaign;
  guard: SessionGuard;
  store: IdempotencyStore;
  upstream: () => UpstreamClient;
  contactsPerMinute: number;
  rateLimiter: RateLimiterFactory;
  /** What became of each contact, for the console; absent in tests that do not look. */
  deliveries?: DeliveryLog;
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
      // Not on the reply's path: a log that fails loses a line of the console, never a contact.
      const log = (status: number, outcome: Pick<DeliveryEntry, 'result' | 'refusedBy' | 'upstreamStatus' | 'locations'>) =>
        opts.deliveries
          ?.record({
            key,
            kind: 'contact',
            at: Date.now(),
            canvasserId: request.canvasserId!,
            turfId: turfOfHeader(request.headers[TURF_HEADER]),
            status,
            ...outcome,
          })
          .catch((err: Error) => request.log.warn({ key, err: err.message }, 'could not log the delivery'));
      const input = request.body;
      const parsed = contactRequestSchema.safeParse(input);
      if (!parsed.success) {
        const errors = toQomonErrors(parsed.error.issues, input);
        void log(422, refusedByServer(errors));
        return sendProblem(reply, {
          type: PROBLEM_TYPES.validation,
          title: 'The contact is not valid',
          status: 422,
          errors,
        });
      }
      const campaign = opts.campaign();
      const campaignErrors = [...checkAgainstCampaign(parsed.data.data, campaign), ...checkConsentProof(parsed.data, campaign)];
      if (campaignErrors.length) {
        void log(422, refusedByServer(campaignErrors));
        return sendProblem(reply, {
          type: PROBLEM_TYPES.campaign,
          title: 'The contact does not match the campaign',
          status: 422,
          detail: 'Qomon would accept it and then silently drop it.',
          errors: campaignErrors,
        });
      }
      const upsert = withConsentProof(parsed.data, campaign, { id: request.canvasserId!, name: request.canvasserName! }, Date.now());
      if ('errors' in upsert) {
        void log(422, refusedByServer(upsert.errors));
        return sendProblem(reply, {
          type: PROBLEM_TYPES.validation,
          title: 'The consent proof is not valid',
          status: 422,
          errors: upsert.errors,
        });
      }

      const hash = createHash('sha256').update(JSON.stringify(input)).digest('base64url');
      const stored = scopedIdempotencyKey(request.canvasserId!, key);
      const answered = await beginIdempotentWrite(reply, {
        store: opts.store,
        storedKey: stored,
        hash,
        key,
        what: 'contact',
        inFlightTitle: 'This contact is already being sent',
      });
      if (answered) return reply;

      // Once forwarded, the upstream's answer is what the app must hear. A store that fails now
      // leaves the record pending: a retry meets 409 until it goes stale, then forwards again, which
      // Qomon's upsert matches to the same person.
      const release = () =>
        opts.store
          .release(stored)
          .catch((err: Error) => request.log.warn({ key, err: err.message }, 'could not release the idempotency key'));
      let outcome: UpstreamOutcome;
      try {
        outcome = await opts.upstream().upsert(upsert.body, key);
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
        void log(answer.status, deliveryOfOutcome(outcome));
        // Not awaited: a caller that hears this reply never retries, and one that does not comes back
        // later than the write. A store that fails loses the replay: a retry then forwards again
        // (with Redis, after answering 409 until the pending key goes stale).
        opts.store
          .complete(stored, answer)
          .catch((err: Error) => request.log.warn({ key, err: err.message }, 'could not store the answer'));
        return reply.code(answer.status).send(answer.body);
      }
      await release();
      const problem = outcomeProblem(outcome);
      void log(problem.status, deliveryOfOutcome(outcome));
      return sendProblem(reply, problem);
    },
  );
}

/** Qomon's body for a request: its proof, if any, as a pinned note signed with the session's
 * canvasser. The idempotency hash is of the request, so a retry that lands after a clock tick
 * still matches its first attempt. */
export function withConsentProof(
  request: ContactRequest,
  campaign: Campaign,
  canvasser: ProofCanvasser,
  now: number,
): { body: ContactUpsert } | { errors: QomonError[] } {
  const { consentProof, ...body } = request;
  if (!consentProof?.length) return { body };
  const made = consentProofNote(consentProof, campaign, canvasser, now);
  if ('errors' in made) return made;
  return { body: { ...body, data: { ...body.data, notes: [...(body.data.notes ?? []), made.note] } } };
}

declare module 'fastify' {
  interface FastifyRequest {
    canvasserId?: string;
    canvasserName?: string;
  }
}
