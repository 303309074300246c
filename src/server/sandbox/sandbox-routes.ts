import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { contactUpsertSchema } from '@shared/contact-upsert-schema';
import { echoValue, toQomonErrors } from '@shared/qomon-errors';
import { PROBLEM_TYPES } from '@shared/problem';
import type { SessionGuard } from '@server/auth/session-guard';
import type { Db } from '@server/stores/open-database';
import { sendProblem } from '@server/http/send-problem';

// A local stand-in for Qomon's POST /contacts/upsert, as its reference page describes it: Bearer
// check, `kind`, validation errors as problem+json with `errors[].location`, 202 on success. It
// keeps what it accepted, and injects faults on demand so tests can make the upstream misbehave.

export const FAULT_KINDS = ['http500', 'http503', 'http429', 'http422', 'unauthorized', 'reset', 'cut', 'timeout'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

const faultsSchema = z.strictObject({
  /** How long every answer takes, the sandbox's own work included. */
  latencyMs: z.number().int().min(0).max(60_000).default(0),
  /** Share of requests that get a random fault from `kinds`. */
  rate: z.number().min(0).max(1).default(0),
  kinds: z.array(z.enum(FAULT_KINDS)).min(1).default(['http500', 'http503', 'http429', 'reset', 'cut', 'timeout']),
  /** Faults for the next requests, in order, before `rate` applies. */
  queue: z.array(z.enum(FAULT_KINDS)).max(10_000).default([]),
  retryAfterSeconds: z.number().int().min(0).max(3600).default(1),
  /** What an `http422` fault refuses: Qomon finding fault with a contact the contract let through. */
  rejectErrors: z
    .array(z.strictObject({ location: z.string().min(1).max(200), message: z.string().min(1).max(500) }))
    .min(1)
    .max(50)
    .default([{ location: 'body.data.mail', message: 'This address is refused by Qomon' }]),
});
export type SandboxFaults = z.infer<typeof faultsSchema>;

const NO_FAULTS: SandboxFaults = faultsSchema.parse({});

const listingQuery = z.object({
  key: z.string().max(200).optional(),
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(10_000).default(1000),
});

interface ContactRow {
  seq: number;
  idempotency_key: string | null;
  body: string;
  received_at: number;
  /** 1 when the sandbox stored the contact but its reply never reached the caller. */
  reply_lost: number;
}

/** The value a location such as `body.data.mail` points at in the request body. */
function valueAt(body: unknown, location: string): unknown {
  let v: unknown = { body };
  for (const key of location.split('.')) {
    if (v === null || typeof v !== 'object' || !Object.prototype.hasOwnProperty.call(v, key)) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How long the sandbox keeps what it accepted. It is a demo, yet canvassers may have typed real
 * people's names, phones and opinions into it (political opinion: GDPR art. 9): a day is enough
 * to show and test, and nothing lingers. */
export const SANDBOX_KEEP_MS = 86_400_000;

/** Deletes the contacts received more than SANDBOX_KEEP_MS ago; synchronous, so that a server
 * starting on an old data folder lists none of them. */
export function purgeSandboxContacts(db: Db, now = Date.now()): number {
  return db.prepare('DELETE FROM sandbox_contacts WHERE received_at < ?').run(now - SANDBOX_KEEP_MS).changes;
}

export interface SandboxOptions {
  db: Db;
  apiKey: string;
  /** How long a `timeout` fault holds the request: longer than the proxy waits. */
  holdMs: number;
  /** The listing and the fault switches need a signed-in session: the listing shows people's
   * details, and faults set the texts canvassers read. The upsert has its own Bearer check. */
  guard: SessionGuard;
}

export async function sandboxRoutes(app: FastifyInstance, opts: SandboxOptions): Promise<void> {
  let faults: SandboxFaults = { ...NO_FAULTS };
  const insert = opts.db.prepare<[string | null, string, number, number]>(
    'INSERT INTO sandbox_contacts (idempotency_key, body, received_at, reply_lost) VALUES (?, ?, ?, ?)',
  );
  const markReplyLost = opts.db.prepare<[number | bigint]>('UPDATE sandbox_contacts SET reply_lost = 1 WHERE seq = ?');
  const listAll = opts.db.prepare<[number, number], ContactRow>('SELECT * FROM sandbox_contacts WHERE seq > ? ORDER BY seq LIMIT ?');
  const byKey = opts.db.prepare<[string], ContactRow>('SELECT * FROM sandbox_contacts WHERE idempotency_key = ? ORDER BY seq');
  const count = opts.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM sandbox_contacts');
  const expected = Buffer.from(`Bearer ${opts.apiKey}`);

  const nextFault = (): FaultKind | undefined => {
    if (faults.queue.length) return faults.queue.shift();
    if (faults.rate > 0 && Math.random() < faults.rate) return faults.kinds[Math.floor(Math.random() * faults.kinds.length)];
    return undefined;
  };

  const cutConnection = (request: FastifyRequest, reply: FastifyReply) => {
    reply.hijack();
    request.raw.socket.destroy();
  };

  app.post('/contacts/upsert', async (request, reply) => {
    // `latencyMs` is the time to answer as the caller sees it, the sandbox's own work included (as
    // for Qomon): it reads, checks and stores first, then waits out what is left. Waiting first and
    // working after made every answer latencyMs + its work, and lined up the work of answers that
    // woke together behind one another. The clock is Fastify's own, started when the request was
    // routed, before the hooks and the body (`reply.elapsedTime`; it reads 0 in a server without a
    // logger, and the sandbox would then wait the whole latencyMs after its work).
    // https://fastify.dev/docs/latest/Reference/Reply/#elapsedtime
    const latencyMs = faults.latencyMs;
    const answerTime = async () => {
      const left = latencyMs - reply.elapsedTime;
      if (left > 0) await sleep(left);
    };
    const fault = nextFault();
    const auth = Buffer.from(request.headers.authorization ?? '');
    if (auth.length !== expected.length || !timingSafeEqual(auth, expected) || fault === 'unauthorized') {
      await answerTime();
      return sendProblem(reply, { type: 'about:blank', title: 'Unauthorized', status: 401, detail: 'Invalid or missing bearer token' });
    }
    if (fault && fault !== 'cut') await answerTime();
    switch (fault) {
      case 'http500':
        return sendProblem(reply, { type: 'about:blank', title: 'Internal Server Error', status: 500 });
      case 'http503':
        return sendProblem(reply, { type: 'about:blank', title: 'Service Unavailable', status: 503 });
      case 'http429':
        return sendProblem(reply, {
          type: 'about:blank',
          title: 'Too Many Requests',
          status: 429,
          retryAfterSeconds: faults.retryAfterSeconds,
        });
      case 'http422':
        return sendProblem(reply, {
          type: 'about:blank',
          title: 'Unprocessable Entity',
          status: 422,
          detail: 'Validation failed',
          errors: faults.rejectErrors.map((e) => ({ ...e, value: echoValue(valueAt(request.body, e.location)) })),
        });
      case 'reset':
        return cutConnection(request, reply);
      case 'timeout':
        await sleep(opts.holdMs);
        return cutConnection(request, reply);
    }
    const body = request.body as { kind?: unknown } | null;
    if (!body || typeof body !== 'object' || body.kind !== 'contact') {
      await answerTime();
      return sendProblem(reply, {
        type: 'about:blank',
        title: 'Unprocessable Entity',
        status: 422,
        detail: 'Validation failed',
        errors: [{ location: 'body.kind', message: 'Expected "contact"', value: echoValue(body?.kind) }],
      });
    }
    const parsed = contactUpsertSchema.safeParse(body);
    if (!parsed.success) {
      await answerTime();
      return sendProblem(reply, {
        type: 'about:blank',
        title: 'Unprocessable Entity',
        status: 422,
        detail: 'Validation failed',
        errors: toQomonErrors(parsed.error.issues, body),
      });
    }
    const key = request.headers['idempotency-key'];
    // Qomon accepted it; a `cut` fault loses the reply on its way back. Which stored contacts lost
    // their reply is kept with them, durably before the cut: a caller that never heard the 202
    // sends the contact again, and a test can only tell an expected second copy from a duplicate
    // by knowing how many replies were lost.
    const cut = fault === 'cut';
    const { lastInsertRowid: seq } = insert.run(typeof key === 'string' ? key : null, JSON.stringify(parsed.data), Date.now(), cut ? 1 : 0);
    await answerTime();
    if (cut) return cutConnection(request, reply);
    // The caller may have given up meanwhile (the proxy's UPSTREAM_TIMEOUT_MS is shorter than
    // `latencyMs`, or a slow machine): a reply that never left is as lost as a cut one.
    const res = reply.raw;
    if (res.destroyed || request.raw.socket.destroyed) markReplyLost.run(seq);
    // (A close during shutdown may come after the database closed: nothing left to record then.)
    else
      res.once('close', () => {
        if (!res.writableFinished && opts.db.open) markReplyLost.run(seq);
      });
    return reply.code(202).send({ status: 'accepted' });
  });

  const toContact = (r: ContactRow) => ({
    seq: r.seq,
    idempotencyKey: r.idempotency_key,
    receivedAt: new Date(r.received_at).toISOString(),
    replyLost: r.reply_lost === 1,
    body: JSON.parse(r.body),
  });

  const signedIn = async (request: FastifyRequest, reply: FastifyReply) => {
    if (await opts.guard.canvasser(request)) return;
    return sendProblem(reply, {
      type: PROBLEM_TYPES.unauthenticated,
      title: 'Not signed in',
      status: 401,
      detail: 'The sandbox shows what it received, and takes fault settings, only with a signed-in session.',
    });
  };

  app.get('/contacts', { onRequest: signedIn }, async (request, reply) => {
    const q = listingQuery.safeParse(request.query);
    if (!q.success) {
      return sendProblem(reply, {
        type: PROBLEM_TYPES.malformed,
        title: 'Malformed query',
        status: 400,
        errors: q.error.issues.map((i) => ({ location: ['query', ...i.path].join('.'), message: i.message })),
      });
    }
    const rows = q.data.key ? byKey.all(q.data.key) : listAll.all(q.data.after, q.data.limit);
    return { total: count.get()!.n, contacts: rows.map(toContact) };
  });

  app.get('/faults', { onRequest: signedIn }, async () => faults);
  app.put('/faults', { onRequest: signedIn }, async (request, reply) => {
    const parsed = faultsSchema.safeParse(request.body ?? {});
    if (!parsed.success) {
      return sendProblem(reply, {
        type: 'about:blank',
        title: 'Invalid fault settings',
        status: 422,
        errors: parsed.error.issues.map((i) => ({ location: ['body', ...i.path].join('.'), message: i.message })),
      });
    }
    faults = parsed.data;
    return faults;
  });
  app.delete('/faults', { onRequest: signedIn }, async () => {
    faults = { ...NO_FAULTS, queue: [] };
    return faults;
  });
}
