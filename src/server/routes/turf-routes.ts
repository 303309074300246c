import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { walkListOutcomes, type Campaign } from '@shared/campaign-schema';
import { contactUpsertSchema } from '@shared/contact-upsert-schema';
import { PROBLEM_TYPES, type QomonError } from '@shared/problem';
import { toQomonErrors } from '@shared/qomon-errors';
import {
  doorContactAddress,
  encodeTurf,
  visitSchema,
  type DoorAddress,
  type TurfListResponse,
  type VisitAccepted,
} from '@shared/turf-schema';
import type { SessionGuard } from '@server/auth/session-guard';
import type { OnBehalfCheck } from '@server/auth/author-token';
import { sendProblem } from '@server/http/send-problem';
import { beginIdempotentWrite, idempotentWriteChecks } from '@server/http/idempotent-write-checks';
import { outcomeProblem } from '@server/routes/contacts-route';
import { scopedIdempotencyKey, type IdempotencyStore, type StoredAnswer } from '@server/stores/idempotency-store';
import type { RateLimiterFactory } from '@server/stores/rate-limiter-factory';
import { StoreUnavailableError } from '@server/stores/store-unavailable-error';
import type { TurfRecord, TurfStore } from '@server/stores/turf-store';
import type { DeliveryEntry, DeliveryLog } from '@server/stores/delivery-log';
import { deliveryOfOutcome, refusedByServer } from './delivery-entry';
import type { UpstreamClient, UpstreamOutcome } from '@server/upstream/upstream-client';

// Walk lists: the signed-in canvasser's turfs, one turf with its doors and their latest visits
// (ETag from the turf's version), and visits, answered like POST /api/contacts (same guard, same
// Idempotency-Key rules, same upstream answers when a visit is also sent to Qomon).
//
// A campaign without `walkList` offers no walk lists: GET /api/turfs lists none, and a turf or a
// visit answers 404 saying so (there is no outcome field to check a visit against).

/** Visit keys share the idempotency store with contact keys; the prefix keeps them apart. */
export const VISIT_KEY_PREFIX = 'visit:';
/** Ours are `t_` and 8 hex digits; anything much longer is no turf, and is not looked up. */
const MAX_TURF_ID_LENGTH = 64;
/** Doors per turf kept in memory for checking visits: a turf's doors never change once imported. */
const DOOR_CACHE_MAX = 1000;

export interface TurfRoutesOptions {
  campaign: () => Campaign;
  guard: SessionGuard;
  turfs: TurfStore;
  idempotency: IdempotencyStore;
  upstream: () => UpstreamClient;
  /** Visits one canvasser may send per minute before 429 (CONTACTS_PER_MINUTE). */
  visitsPerMinute: number;
  rateLimiter: RateLimiterFactory;
  /** What became of each visit sent on to Qomon or refused, for the console; absent in tests that do not look. */
  deliveries?: DeliveryLog;
  /** As for contacts: checks a visit sent for another canvasser. */
  onBehalf?: OnBehalfCheck | undefined;
}

type TurfRoute = { Params: { turfId: string } };

const notSignedIn = (reply: FastifyReply) =>
  sendProblem(reply, {
    type: PROBLEM_TYPES.unauthenticated,
    title: 'Not signed in',
    status: 401,
    detail: 'Sign in again; nothing you entered is lost.',
  });

const noWalkLists = (reply: FastifyReply) =>
  sendProblem(reply, {
    type: PROBLEM_TYPES.notFound,
    title: 'No walk lists',
    status: 404,
    detail: 'This campaign has no walk lists (no walkList in the campaign file).',
  });

const noSuchTurf = (reply: FastifyReply) =>
  sendProblem(reply, {
    type: PROBLEM_TYPES.notFound,
    title: 'No such turf',
    status: 404,
    detail: 'This turf does not exist or is not assigned to you.',
  });

const gzipAsync = promisify(gzip);

/** Whether Accept-Encoding takes gzip (`gzip`, `gzip;q=0.8`, `*`), not refused with q=0. */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  return header.split(',').some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    if (coding !== 'gzip' && coding !== '*') return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return !q || Number(q.slice(2)) > 0;
  });
}

/** `"a", W/"b"` → ['"a"', '"b"']: weak and strong tags compare alike for GET (RFC 9110 §13.1.2). */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === etag;
  });
}

export async function turfRoutes(app: FastifyInstance, opts: TurfRoutesOptions): Promise<void> {
  const limiter = opts.rateLimiter({ name: 'visits', points: opts.visitsPerMinute, durationSeconds: 60 });
  const doorCache = new Map<string, Map<string, DoorAddress>>();
  /** The last gzipped answer of each turf, by version: canvassers of one turf fetch the same bytes. */
  const gzipCache = new Map<string, { version: string; body: Buffer }>();

  /** The turf if it exists and is this canvasser's. */
  const turfOf = async (turfId: string, canvasserId: string): Promise<TurfRecord | undefined> => {
    if (turfId.length > MAX_TURF_ID_LENGTH) return undefined;
    const turf = await opts.turfs.findTurf(turfId);
    return turf?.canvassers.includes(canvasserId) ? turf : undefined;
  };

  const remember = (turfId: string, doors: { id: string; address: DoorAddress }[]) => {
    if (doorCache.size >= DOOR_CACHE_MAX) doorCache.clear();
    const map = new Map(doors.map((d) => [d.id, d.address]));
    doorCache.set(turfId, map);
    return map;
  };

  const doorsOf = async (turfId: string): Promise<Map<string, DoorAddress> | undefined> => {
    const known = doorCache.get(turfId);
    if (known) return known;
    const turf = await opts.turfs.loadTurf(turfId);
    return turf && remember(turfId, turf.doors);
  };

  app.get('/api/turfs', async (request, reply) => {
    const session = await opts.guard.canvasser(request);
    if (!session) return notSignedIn(reply);
    reply.header('cache-control', 'private, no-cache');
    const list = walkListOutcomes(opts.campaign()) ? await opts.turfs.turfsOf(session.canvasser.id) : [];
    const body: TurfListResponse = { turfs: list.map(({ id, name, progress }) => ({ id, name, progress })) };
    return body;
  });

  app.get<TurfRoute>('/api/turfs/:turfId', async (request, reply) => {
    const session = await opts.guard.canvasser(request);
    if (!session) return notSignedIn(reply);
    if (!walkListOutcomes(opts.campaign())) return noWalkLists(reply);
    const { turfId } = request.params;
    if (!(await turfOf(turfId, session.canvasser.id))) return noSuchTurf(reply);
    const turf = await opts.turfs.loadTurf(turfId);
    if (!turf) return noSuchTurf(reply);
    remember(turfId, turf.doors);
    const etag = `"${turf.version}"`;
    reply.header('cache-control', 'private, no-cache');
    reply.header('etag', etag);
    reply.header('vary', 'accept-encoding');
    if (matchesEtag(request.headers['if-none-match'], etag)) return reply.code(304).send();
    // A turf of 2,000 doors is some 170 kB of JSON and about a tenth of that gzipped, on a phone's
    // patchy connection; the server compresses nothing else (the built files are precompressed).
    if (!acceptsGzip(request.headers['accept-encoding'])) return encodeTurf(turf);
    let cached = gzipCache.get(turfId);
    if (cached?.version !== turf.version) {
      cached = { version: turf.version, body: await gzipAsync(JSON.stringify(encodeTurf(turf))) };
      if (gzipCache.size >= DOOR_CACHE_MAX) gzipCache.clear();
      gzipCache.set(turfId, cached);
    }
    return reply.type('application/json; charset=utf-8').header('content-encoding', 'gzip').send(cached.body);
  });

  app.post<TurfRoute>(
    '/api/turfs/:turfId/visits',
    {
      // As for contacts: checked before the body is read, in the same order.
      onRequest: idempotentWriteChecks({ guard: opts.guard, limiter, what: 'visit', onBehalf: opts.onBehalf }),
    },
    async (request, reply) => {
      const canvasserId = request.canvasserId!;
      const key = (request.headers['idempotency-key'] as string).toLowerCase();
      const { turfId } = request.params;
      // As for contacts: not on the reply's path, and only what a team lead needs (no address).
      const log = (status: number, outcome: Pick<DeliveryEntry, 'result' | 'refusedBy' | 'upstreamStatus' | 'locations'>) =>
        opts.deliveries
          ?.record({ key, kind: 'visit', at: Date.now(), canvasserId, turfId, status, ...outcome })
          .catch((err: Error) => request.log.warn({ key, err: err.message }, 'could not log the delivery'));
      const walkList = walkListOutcomes(opts.campaign());
      if (!walkList) return noWalkLists(reply);
      if (!(await turfOf(turfId, canvasserId))) return noSuchTurf(reply);

      const input = request.body;
      const parsed = visitSchema.safeParse(input);
      if (!parsed.success) {
        const errors = toQomonErrors(parsed.error.issues, input);
        void log(422, refusedByServer(errors));
        return sendProblem(reply, {
          type: PROBLEM_TYPES.validation,
          title: 'The visit is not valid',
          status: 422,
          errors,
        });
      }
      const visit = parsed.data;
      const doors = await doorsOf(turfId);
      if (!doors) return noSuchTurf(reply);
      const address = doors.get(visit.door);
      const outcome = walkList.outcomes.find((o) => o.value === visit.outcome);
      const errors: QomonError[] = [];
      if (!address) errors.push({ location: 'body.door', message: 'No such door in this turf', value: visit.door });
      if (!outcome) {
        errors.push({ location: 'body.outcome', message: `Not a choice of "${walkList.field.label}"`, value: visit.outcome });
      }
      if (!address || !outcome) {
        void log(422, refusedByServer(errors));
        return sendProblem(reply, {
          type: PROBLEM_TYPES.campaign,
          title: 'The visit does not match the turf or the campaign',
          status: 422,
          errors,
        });
      }

      const hash = createHash('sha256')
        .update(JSON.stringify([turfId, input]))
        .digest('base64url');
      // Scoped per canvasser as contacts' keys are: another canvasser's key is a new key.
      const scopedKey = VISIT_KEY_PREFIX + scopedIdempotencyKey(canvasserId, key);
      const answered = await beginIdempotentWrite(reply, {
        store: opts.idempotency,
        storedKey: scopedKey,
        hash,
        key,
        what: 'visit',
        inFlightTitle: 'This visit is already being recorded',
      });
      if (answered) return reply;

      // Until the visit is recorded, a failure forgets the key: a retry forwards and records again.
      const release = () =>
        opts.idempotency
          .release(scopedKey)
          .catch((err: Error) => request.log.warn({ key, err: err.message }, 'could not release the idempotency key'));
      let state;
      try {
        if (outcome.sendContact) {
          // An address-only contact carrying the outcome, built as the form would: no country added.
          const contact = contactUpsertSchema.safeParse({
            kind: 'contact',
            data: {
              address: doorContactAddress(address),
              name_presences: [{ id: walkList.field.id, label: walkList.field.label, value: outcome.value }],
            },
          });
          if (!contact.success) {
            await release();
            return sendProblem(reply, {
              type: PROBLEM_TYPES.validation,
              title: 'This door cannot be sent to Qomon',
              status: 422,
              detail: 'The turf’s address for this door is not one Qomon accepts; tell your organiser.',
              errors: [{ location: 'body.door', message: contact.error.issues[0]?.message ?? 'Invalid address', value: visit.door }],
            });
          }
          const sent: UpstreamOutcome = await opts.upstream().upsert(contact.data, key);
          request.log.info({ key, canvasser: canvasserId, sentBy: request.sentBy, upstream: sent.kind }, 'visit forwarded');
          if (sent.kind !== 'accepted') {
            await release();
            const problem = outcomeProblem(sent);
            void log(problem.status, deliveryOfOutcome(sent));
            return sendProblem(reply, problem);
          }
          void log(202, deliveryOfOutcome(sent));
        }
        state = await opts.turfs.recordVisit({
          turfId,
          door: visit.door,
          outcome: outcome.value,
          state: outcome.state,
          canvasserId,
          at: visit.at,
          receivedAt: new Date().toISOString(),
        });
      } catch (err) {
        await release();
        // Removed between the check and the write (by the turfs command): gone, as for any other.
        if (!(err instanceof StoreUnavailableError) && !(await opts.turfs.findTurf(turfId))) return noSuchTurf(reply);
        throw err;
      }
      const body: VisitAccepted = { door: visit.door, state };
      const answer: StoredAnswer = { status: 202, body };
      // Not awaited, as for contacts: the caller that retries is the one that did not hear this.
      opts.idempotency
        .complete(scopedKey, answer)
        .catch((err: Error) => request.log.warn({ key, err: err.message }, 'could not store the answer'));
      return reply.code(answer.status).send(answer.body);
    },
  );
}
