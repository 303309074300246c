import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { walkListOutcomes, type Campaign } from '@shared/campaign-schema';
import {
  CONSOLE_ROLES,
  DAY_RE,
  type ConsoleCanvasser,
  type ConsoleCanvasserAdded,
  type ConsoleCanvasserList,
  type ConsoleDelivery,
  type ConsoleDeliveryList,
  type ConsoleProgress,
  type ConsoleTurfDoors,
  type ConsoleTurfImported,
} from '@shared/console-schema';
import { PROBLEM_TYPES, type QomonError } from '@shared/problem';
import { CanvassersFileError, type Canvasser, type CanvasserDirectory } from '@server/auth/canvasser-directory';
import { DEMO_CANVASSER, DEMO_ORGANISER, type Session, type SessionGuard } from '@server/auth/session-guard';
import { computeProgress, dayIn, isTimeZone, nextDay, startOfDay } from '@server/console/compute-progress';
import { sendProblem } from '@server/http/send-problem';
import type { DeliveryLog } from '@server/stores/delivery-log';
import type { RecordedVisit, TurfStore } from '@server/stores/turf-store';
import { runTurfImport } from '@server/turfs/run-turf-import';
import { parseSplit } from '@server/turfs/split-turf';

// The organiser's console: every route checks, on the server, that the session is an organiser's
// (none: 401; a canvasser's: 403). State-changing ones also pass the server-wide Origin check
// (origin-check.ts runs on every POST/PUT/PATCH/DELETE before this). Each organiser action is
// logged with who did it, and never with a code, a name or a contact's data.

export interface ConsoleRoutesOptions {
  campaign: () => Campaign;
  guard: SessionGuard;
  directory: CanvasserDirectory;
  deliveries: DeliveryLog;
  turfs: TurfStore | undefined;
  /** Sandbox mode's built-in demo canvasser and organiser, when their codes are set. */
  demoCanvasser: boolean;
  demoOrganiser: boolean;
  /** Largest turf file the console takes (the command line has no limit). */
  turfUploadLimitBytes?: number;
  /** Time zone of a range given without `tz`. */
  defaultTimeZone?: string;
  now?: () => number;
}

export const TURF_UPLOAD_LIMIT_BYTES = 64 * 1024 * 1024;
/** Deliveries read for one answer: a day of a big campaign, with room. */
const DELIVERIES_SCAN_LIMIT = 20_000;
const DELIVERIES_PAGE = 500;
const MAX_RANGE_DAYS = 93;

const addBody = z.strictObject({ name: z.string().trim().min(1).max(100), role: z.enum(CONSOLE_ROLES).default('canvasser') });
const roleBody = z.strictObject({ role: z.enum(CONSOLE_ROLES) });

function zodErrors(issues: z.core.$ZodIssue[]): QomonError[] {
  return issues.map((i) => ({ location: ['body', ...i.path.map(String)].join('.'), message: i.message }));
}

const malformed = (reply: FastifyReply, detail: string, errors?: QomonError[]) =>
  sendProblem(reply, { type: PROBLEM_TYPES.malformed, title: 'Malformed request', status: 400, detail, errors });
const notFound = (reply: FastifyReply, title: string) => sendProblem(reply, { type: PROBLEM_TYPES.notFound, title, status: 404 });
const conflict = (reply: FastifyReply, title: string, detail: string) =>
  sendProblem(reply, { type: PROBLEM_TYPES.conflict, title, status: 409, detail });

declare module 'fastify' {
  interface FastifyRequest {
    organiser?: Session;
  }
}

export async function consoleRoutes(app: FastifyInstance, opts: ConsoleRoutesOptions): Promise<void> {
  const now = opts.now ?? Date.now;
  const uploadLimit = opts.turfUploadLimitBytes ?? TURF_UPLOAD_LIMIT_BYTES;
  const defaultZone = opts.defaultTimeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;

  // Before the body is read: nobody uploads a turf file without being an organiser.
  app.addHook('onRequest', async (request, reply) => {
    const session = await opts.guard.canvasser(request);
    if (!session) return sendProblem(reply, { type: PROBLEM_TYPES.unauthenticated, title: 'Not signed in', status: 401 });
    if (session.canvasser.role !== 'organiser') {
      return sendProblem(reply, {
        type: PROBLEM_TYPES.forbidden,
        title: 'Organisers only',
        status: 403,
        detail: 'The console is for the campaign’s organisers.',
      });
    }
    request.organiser = session;
    reply.header('cache-control', 'private, no-store');
  });

  // A turf file goes to a temporary file as it arrives, never whole into memory.
  for (const type of ['text/csv', 'text/plain', 'application/octet-stream', 'application/vnd.ms-excel']) {
    app.addContentTypeParser(type, (_request, payload, done) => done(null, payload));
  }

  const audit = (request: FastifyRequest, action: string, details: Record<string, unknown>) =>
    request.log.info({ organiser: request.organiser!.canvasser.id, action, ...details }, `console: ${action}`);

  const builtIns = (): Canvasser[] => [...(opts.demoCanvasser ? [DEMO_CANVASSER] : []), ...(opts.demoOrganiser ? [DEMO_ORGANISER] : [])];
  const isBuiltIn = (id: string) => builtIns().some((c) => c.id === id);

  const assignments = async (): Promise<Map<string, string[]>> => {
    const byCanvasser = new Map<string, string[]>();
    for (const turf of (await opts.turfs?.listTurfs()) ?? []) {
      for (const c of turf.canvassers) byCanvasser.set(c, [...(byCanvasser.get(c) ?? []), turf.id]);
    }
    return byCanvasser;
  };
  const consoleCanvasser = (c: Canvasser, turfs: Map<string, string[]>): ConsoleCanvasser => ({
    id: c.id,
    name: c.name,
    role: c.role,
    ...(isBuiltIn(c.id) ? { builtIn: true as const } : {}),
    turfs: turfs.get(c.id) ?? [],
  });
  const everyone = () => [...builtIns(), ...opts.directory.list()];

  /** `from`, `to` (YYYY-MM-DD, both included) and `tz`; today by default. */
  const rangeOf = (query: Record<string, string | undefined>) => {
    const tz = query.tz ?? defaultZone;
    if (!isTimeZone(tz)) return { error: { location: 'query.tz', message: 'Not a time zone (such as Europe/Paris)' } };
    const today = dayIn(tz, now());
    const from = query.from ?? query.to ?? today;
    const to = query.to ?? from;
    for (const [name, value] of [
      ['from', from],
      ['to', to],
    ] as const) {
      if (!DAY_RE.test(value) || Number.isNaN(Date.parse(value)))
        return { error: { location: `query.${name}`, message: 'A day: YYYY-MM-DD' } };
    }
    const start = startOfDay(from, tz);
    const end = startOfDay(nextDay(to), tz);
    if (end <= start) return { error: { location: 'query.to', message: '`to` is before `from`' } };
    if (end - start > MAX_RANGE_DAYS * 86_400_000 + 3_600_000) {
      return { error: { location: 'query.from', message: `At most ${MAX_RANGE_DAYS} days` } };
    }
    return { range: { from, to, tz, start, end } };
  };

  type RangeQuery = { Querystring: Record<string, string | undefined> };

  app.get<RangeQuery>('/api/console/progress', async (request, reply) => {
    const parsed = rangeOf(request.query);
    if (!parsed.range) return malformed(reply, 'Pick a day or a range of days.', [parsed.error]);
    const { range } = parsed;
    const turfs = (await opts.turfs?.listTurfs()) ?? [];
    const visits = new Map<string, RecordedVisit[]>();
    await Promise.all(turfs.map(async (t) => visits.set(t.id, await opts.turfs!.visitsOf(t.id))));
    const outcomes = walkListOutcomes(opts.campaign())?.outcomes ?? [];
    const progress = computeProgress({
      from: range.start,
      to: range.end,
      now: now(),
      turfs,
      visits,
      deliveries: await opts.deliveries.list({ from: range.start, to: range.end, limit: DELIVERIES_SCAN_LIMIT }),
      canvassers: everyone(),
      conversationOutcomes: new Set(outcomes.filter((o) => o.conversation).map((o) => o.value)),
    });
    const body: ConsoleProgress = {
      from: range.from,
      to: range.to,
      tz: range.tz,
      generatedAt: new Date(now()).toISOString(),
      ...progress,
    };
    return body;
  });

  app.get<RangeQuery>('/api/console/deliveries', async (request, reply) => {
    const parsed = rangeOf(request.query);
    if (!parsed.range) return malformed(reply, 'Pick a day or a range of days.', [parsed.error]);
    const { range } = parsed;
    const result = request.query.result;
    if (result !== undefined && !['delivered', 'refused', 'failed'].includes(result)) {
      return malformed(reply, 'result is delivered, refused or failed.', [{ location: 'query.result', message: 'Unknown result' }]);
    }
    const names = new Map(everyone().map((c) => [c.id, c.name]));
    const turfNames = new Map(((await opts.turfs?.listTurfs()) ?? []).map((t) => [t.id, t.name]));
    const words = (request.query.q ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    const rows: ConsoleDelivery[] = [];
    for (const e of await opts.deliveries.list({ from: range.start, to: range.end, limit: DELIVERIES_SCAN_LIMIT })) {
      if (result && e.result !== result) continue;
      const row: ConsoleDelivery = {
        at: new Date(e.at).toISOString(),
        kind: e.kind,
        canvasser: { id: e.canvasserId, ...(names.has(e.canvasserId) ? { name: names.get(e.canvasserId)! } : {}) },
        result: e.result,
        status: e.status,
        locations: e.locations,
        key: e.key,
      };
      if (e.turfId !== undefined) row.turf = { id: e.turfId, ...(turfNames.has(e.turfId) ? { name: turfNames.get(e.turfId)! } : {}) };
      if (e.refusedBy) row.refusedBy = e.refusedBy;
      if (e.upstreamStatus !== undefined) row.upstreamStatus = e.upstreamStatus;
      if (words.length) {
        const text = [
          row.canvasser.id,
          row.canvasser.name,
          row.turf?.id,
          row.turf?.name,
          row.result,
          row.refusedBy,
          row.kind,
          String(row.status),
          row.upstreamStatus === undefined ? '' : String(row.upstreamStatus),
          row.key,
          ...row.locations,
        ]
          .join(' ')
          .toLowerCase();
        if (!words.every((w) => text.includes(w))) continue;
      }
      rows.push(row);
    }
    const body: ConsoleDeliveryList = { deliveries: rows.slice(0, DELIVERIES_PAGE), total: rows.length };
    return body;
  });

  app.get('/api/console/canvassers', async () => {
    const turfs = await assignments();
    const body: ConsoleCanvasserList = { canvassers: everyone().map((c) => consoleCanvasser(c, turfs)) };
    return body;
  });

  app.post('/api/console/canvassers', async (request, reply) => {
    const parsed = addBody.safeParse(request.body);
    if (!parsed.success) return malformed(reply, 'Send {"name": "…", "role": "canvasser" | "organiser"}.', zodErrors(parsed.error.issues));
    let added;
    try {
      added = await opts.directory.add(parsed.data.name, undefined, parsed.data.role);
    } catch (err) {
      if (err instanceof CanvassersFileError) return conflict(reply, 'Could not add the canvasser', err.message);
      throw err;
    }
    audit(request, 'canvasser added', { canvasser: added.canvasser.id, role: added.canvasser.role });
    const body: ConsoleCanvasserAdded = { canvasser: consoleCanvasser(added.canvasser, new Map()), code: added.code };
    return reply.code(201).send(body);
  });

  type CanvasserRoute = { Params: { canvasserId: string } };

  app.delete<CanvasserRoute>('/api/console/canvassers/:canvasserId', async (request, reply) => {
    const id = request.params.canvasserId;
    if (isBuiltIn(id)) return conflict(reply, 'Built in', 'The demo’s canvassers are not in the canvassers file.');
    if (id === request.organiser!.canvasser.id) return conflict(reply, 'That is you', 'Ask another organiser to revoke your access.');
    const removed = opts.directory.remove(id);
    if (!removed) return notFound(reply, 'No such canvasser');
    // Their turfs go back to nobody; their visits and deliveries stay counted.
    const turfs = (await assignments()).get(id) ?? [];
    await Promise.all(turfs.map((t) => opts.turfs!.unassign(t, id)));
    audit(request, 'canvasser revoked', { canvasser: id, unassigned: turfs });
    return reply.code(204).send();
  });

  app.patch<CanvasserRoute>('/api/console/canvassers/:canvasserId', async (request, reply) => {
    const parsed = roleBody.safeParse(request.body);
    if (!parsed.success) return malformed(reply, 'Send {"role": "canvasser" | "organiser"}.', zodErrors(parsed.error.issues));
    const id = request.params.canvasserId;
    if (isBuiltIn(id)) return conflict(reply, 'Built in', 'The demo’s canvassers keep their roles.');
    if (id === request.organiser!.canvasser.id && parsed.data.role !== 'organiser') {
      return conflict(reply, 'That is you', 'Ask another organiser to change your role.');
    }
    const changed = opts.directory.setRole(id, parsed.data.role);
    if (!changed) return notFound(reply, 'No such canvasser');
    audit(request, 'role changed', { canvasser: id, role: changed.role });
    return consoleCanvasser(changed, await assignments());
  });

  const turfs = opts.turfs;
  if (!turfs) return;

  app.get('/api/console/turfs', async () => ({
    turfs: (await turfs.listTurfs()).map((t) => ({
      id: t.id,
      name: t.name,
      canvassers: t.canvassers,
      progress: t.progress,
      createdAt: t.createdAt,
    })),
  }));

  type TurfRoute = { Params: { turfId: string } };

  app.get<TurfRoute>('/api/console/turfs/:turfId/doors', async (request, reply) => {
    const turf = await turfs.loadTurf(request.params.turfId);
    if (!turf) return notFound(reply, 'No such turf');
    const coordinate = (v: string | undefined) => {
      const n = v === undefined ? NaN : Number(v);
      return Number.isFinite(n) ? n : undefined;
    };
    const body: ConsoleTurfDoors = {
      id: turf.id,
      name: turf.name,
      doors: turf.doors.map((d) => {
        const lat = coordinate(d.address.latitude);
        const lon = coordinate(d.address.longitude);
        return {
          id: d.id,
          ...(lat !== undefined && lon !== undefined ? { lat, lon } : {}),
          state: turf.visits[d.id]?.state ?? 'todo',
          label: [d.address.housenumber, d.address.addition, d.address.street].filter(Boolean).join(' '),
        };
      }),
    };
    return body;
  });

  type UploadRoute = { Querystring: Record<string, string | string[] | undefined> };

  app.post<UploadRoute>('/api/console/turfs', async (request, reply) => {
    const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
    const many = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
    const name = one(request.query.name)?.trim();
    if (!name) return malformed(reply, 'Name the turf: ?name=…', [{ location: 'query.name', message: 'Required' }]);
    let split;
    try {
      const s = one(request.query.split);
      split = s ? parseSplit(s) : undefined;
    } catch (err) {
      return malformed(reply, (err as Error).message, [{ location: 'query.split', message: (err as Error).message }]);
    }
    const body = request.body as Readable | undefined;
    if (!body || typeof (body as Readable).pipe !== 'function') {
      return sendProblem(reply, {
        type: PROBLEM_TYPES.unsupportedMediaType,
        title: 'Send the turf file',
        status: 415,
        detail: 'Send the CSV file itself as the body (Content-Type: text/csv).',
      });
    }
    const dir = await mkdtemp(path.join(os.tmpdir(), 'doorstep-turf-upload-'));
    const file = path.join(dir, 'turf.csv');
    try {
      let bytes = 0;
      let tooLarge = false;
      const limit = new Transform({
        transform(chunk: Buffer, _enc, cb) {
          bytes += chunk.length;
          if (bytes > uploadLimit) {
            tooLarge = true;
            cb(new Error('too large'));
          } else cb(null, chunk);
        },
      });
      try {
        await pipeline(body, limit, createWriteStream(file, { mode: 0o600 }));
      } catch (err) {
        if (tooLarge) {
          // The rest of the body is not read: the connection closes after the answer.
          reply.header('connection', 'close');
          return sendProblem(reply, {
            type: PROBLEM_TYPES.tooLarge,
            title: 'Turf file too large',
            status: 413,
            detail: `At most ${Math.round(uploadLimit / 1024 / 1024)} MB here; cut it with the command's filters, or use npm run turfs -- import.`,
          });
        }
        throw err;
      }
      const log: string[] = [];
      let created;
      try {
        created = await runTurfImport(
          { file, name, split, citycodes: many(request.query.citycode), streets: many(request.query.street) },
          turfs,
          (line) => log.push(line.replaceAll(file, 'the file')),
        );
      } catch (err) {
        const message = (err as Error).message.replaceAll(file, 'the file');
        return sendProblem(reply, {
          type: PROBLEM_TYPES.validation,
          title: 'The turf file was not imported',
          status: 422,
          detail: message,
          errors: [{ location: 'body', message }],
        });
      }
      audit(request, 'turfs imported', {
        turfs: created.map((t) => t.id),
        doors: created.reduce((n, t) => n + t.progress.doors, 0),
        bytes,
      });
      const answer: ConsoleTurfImported = { turfs: created.map((t) => ({ id: t.id, name: t.name, doors: t.progress.doors })), log };
      return reply.code(201).send(answer);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  type AssignRoute = { Params: { turfId: string; canvasserId: string } };

  app.put<AssignRoute>('/api/console/turfs/:turfId/canvassers/:canvasserId', async (request, reply) => {
    const { turfId, canvasserId } = request.params;
    if (!everyone().some((c) => c.id === canvasserId)) return notFound(reply, 'No such canvasser');
    if (!(await turfs.assign(turfId, canvasserId))) return notFound(reply, 'No such turf');
    audit(request, 'turf assigned', { turf: turfId, canvasser: canvasserId });
    return reply.code(204).send();
  });

  app.delete<AssignRoute>('/api/console/turfs/:turfId/canvassers/:canvasserId', async (request, reply) => {
    const { turfId, canvasserId } = request.params;
    if (!(await turfs.unassign(turfId, canvasserId))) return notFound(reply, 'No such turf');
    audit(request, 'turf unassigned', { turf: turfId, canvasser: canvasserId });
    return reply.code(204).send();
  });
}
