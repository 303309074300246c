import { existsSync } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { Campaign } from '@shared/campaign-schema';
import { PROBLEM_TYPES } from '@shared/problem';
import { serverRoutePatterns } from '@shared/server-routes';
import { CanvasserDirectory } from '@server/auth/canvasser-directory';
import { cookieSettings, createSessionGuard, DEMO_CANVASSER } from '@server/auth/session-guard';
import { createOnBehalfCheck } from '@server/auth/author-token';
import { campaignRoute } from '@server/routes/campaign-route';
import { consoleRoutes } from '@server/routes/console-routes';
import { contactsRoute } from '@server/routes/contacts-route';
import { createSqliteDeliveryLog, type DeliveryLog } from '@server/stores/delivery-log';
import { createRedisDeliveryLog } from '@server/stores/redis-delivery-log';
import { turfRoutes } from '@server/routes/turf-routes';
import { seedSandboxTurf } from '@server/turfs/seed-sandbox-turf';
import { PROJECT_ROOT, type Env } from '@server/env';
import { createSqliteIdempotencyStore, type IdempotencyStore } from '@server/stores/idempotency-store';
import { openDatabase, type Db } from '@server/stores/open-database';
import { openRedis, type RedisConnection } from '@server/stores/open-redis';
import { hostCheck } from '@server/http/host-check';
import { originCheck } from '@server/http/origin-check';
import { createRateLimiterFactory, type RateLimiterFactory } from '@server/stores/rate-limiter-factory';
import { createRedisIdempotencyStore } from '@server/stores/redis-idempotency-store';
import { createRedisSessionRevocationStore } from '@server/stores/redis-session-revocation-store';
import { createRedisTurfStore } from '@server/stores/redis-turf-store';
import { createSqliteTurfStore } from '@server/stores/sqlite-turf-store';
import type { TurfStore } from '@server/stores/turf-store';
import { purgeSandboxContacts, sandboxRoutes } from '@server/sandbox/sandbox-routes';
import { securityHeaders } from '@server/http/security-headers';
import { sendProblem } from '@server/http/send-problem';
import { createSqliteSessionRevocationStore, type SessionRevocationStore } from '@server/stores/session-revocation-store';
import { sessionRoutes } from '@server/routes/session-routes';
import { STORE_RETRY_AFTER_SECONDS, StoreUnavailableError } from '@server/stores/store-unavailable-error';
import { createUpstreamClient, type UpstreamClient } from '@server/upstream/upstream-client';

export const BODY_LIMIT_BYTES = 256 * 1024;
export const DIST_DIR = path.join(PROJECT_ROOT, 'dist');

export interface ServerOptions {
  env: Env;
  campaign: Campaign;
  /** Where log lines go (tests capture them); stdout by default. */
  logStream?: NodeJS.WritableStream;
  distDir?: string;
}

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  upstreamUrl: string;
  stop(): Promise<void>;
}

/** The CSP the built app satisfies: nothing inline, nothing from elsewhere. */
export const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  manifestSrc: ["'self'"],
  workerSrc: ["'self'"],
};

const SERVER_ROUTES = serverRoutePatterns();
const isApiPath = (pathname: string) => SERVER_ROUTES.some((route) => route.test(pathname));

/** A path that names one of the app's screens, not a missing file: a missing `/assets/x.js` must be
 * a 404, or a tab open across a release would run HTML as a script (and a service worker cache it). */
function isAppNavigation(url: string): boolean {
  const pathname = url.replace(/[?#].*$/, '');
  return !isApiPath(pathname) && !pathname.startsWith('/assets/') && !/\.[a-z0-9]+$/i.test(pathname);
}

export interface AppParts {
  db: Db;
  store: IdempotencyStore;
  revocations: SessionRevocationStore;
  deliveries: DeliveryLog;
  turfs: TurfStore;
  rateLimiter: RateLimiterFactory;
  upstream: () => UpstreamClient;
}

export function buildApp(opts: ServerOptions, parts: AppParts): FastifyInstance {
  const { env, campaign } = opts;
  const app = Fastify({
    bodyLimit: BODY_LIMIT_BYTES,
    // A hop count becomes a function: Fastify's typings take no number. Hop 0 is the peer, then
    // X-Forwarded-For from the right: counted as proxy-addr counts. A list of addresses and CIDR
    // ranges is trusted as such. https://fastify.dev/docs/latest/Reference/Server/#trustproxy
    trustProxy: typeof env.trustProxy === 'number' ? (_addr: string, hop: number) => hop < (env.trustProxy as number) : env.trustProxy,
    forceCloseConnections: true,
    logger: {
      level: env.logLevel,
      stream: opts.logStream,
      // Never a header, a body or an address: no personal data and no secret reaches the log.
      redact: { paths: ['req.headers', 'res.headers', 'headers', 'authorization', 'apiKey'], censor: '[redacted]' },
      serializers: {
        req: (req) => ({ method: req.method, url: req.url.replace(/\?.*$/, '') }),
        res: (res) => ({ statusCode: res.statusCode }),
      },
    },
  });

  app.addHook(
    'onRequest',
    securityHeaders({
      contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.register(cookie, { secret: env.sessionSecret });

  // Before every route's own hooks: a request for another host name (DNS rebinding), or a
  // cross-site one, is refused before its session is read.
  app.addHook('onRequest', hostCheck({ host: env.host, allowedHosts: env.allowedHosts }));
  app.addHook('onRequest', originCheck({ allowedOrigins: env.allowedOrigins }));

  const directory = new CanvasserDirectory(env.canvassersFile);
  const sessionOpts = {
    directory,
    ttlHours: env.sessionTtlHours,
    demoAccessCode: env.demoAccessCode,
    demoOrganiserCode: env.demoOrganiserCode,
    mode: env.mode,
    cookies: cookieSettings(env.mode),
    revocations: parts.revocations,
    rateLimiter: parts.rateLimiter,
  };
  const guard = createSessionGuard(sessionOpts);
  const onBehalf = createOnBehalfCheck({
    directory,
    demoAccessCode: env.demoAccessCode,
    demoOrganiserCode: env.demoOrganiserCode,
    deviceCookie: sessionOpts.cookies.device,
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof StoreUnavailableError) {
      // The connection's own log says once that Redis is down; a line per request would flood it.
      request.log.debug({ err: error.message }, 'store unavailable');
      return sendProblem(reply, {
        type: PROBLEM_TYPES.unavailable,
        title: 'Temporarily unavailable',
        status: 503,
        detail: 'The server cannot reach its shared store; nothing was sent. Try again shortly.',
        retryAfterSeconds: STORE_RETRY_AFTER_SECONDS,
      });
    }
    const status = error.statusCode ?? 500;
    switch (error.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendProblem(reply, {
          type: PROBLEM_TYPES.tooLarge,
          title: 'Body too large',
          status: 413,
          detail: `At most ${BODY_LIMIT_BYTES} bytes.`,
        });
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return sendProblem(reply, {
          type: PROBLEM_TYPES.unsupportedMediaType,
          title: 'Unsupported content type',
          status: 415,
          detail: 'Send application/json.',
        });
    }
    if (status >= 400 && status < 500) {
      return sendProblem(reply, {
        type: PROBLEM_TYPES.malformed,
        title: status === 400 ? 'Malformed request' : 'Request refused',
        status,
        detail: status === 400 ? 'The body is not valid JSON.' : undefined,
      });
    }
    request.log.error({ err: { type: error.name, code: error.code, message: error.message, stack: error.stack } }, 'request failed');
    return sendProblem(reply, { type: PROBLEM_TYPES.internal, title: 'Internal error', status: 500 });
  });

  const distDir = opts.distDir ?? DIST_DIR;
  const hasDist = existsSync(path.join(distDir, 'index.html'));
  app.setNotFoundHandler((request, reply) => {
    if (request.method === 'GET' && isAppNavigation(request.url) && hasDist) {
      // The app is a single page: any other path is one of its screens.
      reply.header('cache-control', 'no-cache');
      return reply.sendFile('index.html');
    }
    return sendProblem(reply, { type: PROBLEM_TYPES.notFound, title: 'Not found', status: 404 });
  });

  if (hasDist) {
    app.register(fastifyStatic, {
      root: distDir,
      wildcard: true,
      cacheControl: false,
      // `npm run build` writes .br and .gz copies (scripts/precompress.mjs); served by Accept-Encoding.
      preCompressed: true,
      setHeaders(res, file) {
        const rel = path.relative(distDir, file);
        // Hashed file names change with their content, so they can be kept for a year; the
        // entry page and the service worker must always be revalidated to pick up a release.
        res.header('cache-control', rel.startsWith('assets' + path.sep) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  } else {
    app.get('/', async (_req, reply) =>
      reply.type('text/plain').send('Doorstep server is running, but the app is not built: run `npm run build` (or `npm start`).'),
    );
  }

  app.get('/healthz', async () => ({ status: 'ok' }));
  const sqlitePing = parts.db.prepare('SELECT 1');
  app.get('/readyz', async (_request, reply) => {
    try {
      sqlitePing.get();
      await Promise.all([parts.store.ping(), parts.revocations.ping()]);
      return { status: 'ready', mode: env.mode };
    } catch {
      return sendProblem(reply, {
        type: PROBLEM_TYPES.unavailable,
        title: 'Not ready',
        status: 503,
        detail: env.redisUrl ? 'The store (Redis) does not answer.' : 'The store does not answer.',
        retryAfterSeconds: STORE_RETRY_AFTER_SECONDS,
      });
    }
  });

  app.register(sessionRoutes, { ...sessionOpts, guard });
  app.register(campaignRoute, { campaign: () => campaign, guard });
  app.register(contactsRoute, {
    campaign: () => campaign,
    guard,
    store: parts.store,
    upstream: parts.upstream,
    contactsPerMinute: env.contactsPerMinute,
    rateLimiter: parts.rateLimiter,
    deliveries: parts.deliveries,
    onBehalf,
  });
  app.register(consoleRoutes, {
    campaign: () => campaign,
    guard,
    directory,
    deliveries: parts.deliveries,
    turfs: parts.turfs,
    demoCanvasser: Boolean(env.demoAccessCode),
    demoOrganiser: Boolean(env.demoOrganiserCode),
  });
  app.register(turfRoutes, {
    campaign: () => campaign,
    guard,
    turfs: parts.turfs,
    idempotency: parts.store,
    upstream: parts.upstream,
    visitsPerMinute: env.contactsPerMinute,
    rateLimiter: parts.rateLimiter,
    deliveries: parts.deliveries,
    onBehalf,
  });
  if (env.mode === 'sandbox') {
    app.register(sandboxRoutes, { prefix: '/sandbox', db: parts.db, apiKey: env.apiKey, holdMs: env.upstreamTimeoutMs + 1000, guard });
  }
  return app;
}

/** Opens the stores (SQLite, or Redis with REDIS_URL), builds the app, listens, and in sandbox
 * mode points the upstream client at this server's own `/sandbox` over real HTTP, so the demo
 * runs the real forwarding path. */
export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const { env } = opts;
  const db = openDatabase(env.dataDir);
  const idempotency = {
    ttlMs: env.idempotencyTtlDays * 86_400_000,
    staleAfterMs: env.upstreamTimeoutMs + 30_000,
  };
  const redis: RedisConnection | undefined = env.redisUrl ? openRedis(env.redisUrl) : undefined;
  const store = redis ? createRedisIdempotencyStore(redis.client, idempotency) : createSqliteIdempotencyStore(db, idempotency);
  const revocations = redis ? createRedisSessionRevocationStore(redis.client) : createSqliteSessionRevocationStore(db);
  const deliveries = redis
    ? createRedisDeliveryLog(redis.client, { ttlMs: idempotency.ttlMs })
    : createSqliteDeliveryLog(db, { ttlMs: idempotency.ttlMs });
  const turfs = redis ? createRedisTurfStore(redis.client) : createSqliteTurfStore(db);
  let upstream: UpstreamClient | undefined;
  const app = buildApp(opts, {
    db,
    store,
    revocations,
    deliveries,
    turfs,
    rateLimiter: createRateLimiterFactory(redis?.client),
    upstream: () => {
      if (!upstream) throw new Error('upstream used before the server listens');
      return upstream;
    },
  });
  for (const warning of env.warnings) app.log.warn(warning);
  // Serves even when Redis is not there yet: /readyz says not ready, and requests that need it
  // answer 503, until ioredis reconnects by itself.
  await redis?.connect(app.log);
  if (env.mode === 'sandbox' && env.sandboxExampleTurf) {
    // Not fatal: a store that does not answer now leaves the demo without its turf until a restart.
    await seedSandboxTurf(turfs, DEMO_CANVASSER.id).then(
      (made) =>
        made.forEach((t) => app.log.info({ turf: t.id, doors: t.progress.doors }, `example turf "${t.name}" given to the demo canvasser`)),
      (err: Error) => app.log.warn({ err: err.message }, 'could not import the example turf'),
    );
  }
  try {
    await app.listen({ port: env.port, host: env.host });
  } catch (err) {
    await redis?.close();
    db.close();
    throw err;
  }
  const address = app.server.address() as AddressInfo;
  const loopback =
    address.family === 'IPv6'
      ? `[${address.address === '::' ? '::1' : address.address}]`
      : address.address === '0.0.0.0'
        ? '127.0.0.1'
        : address.address;
  const url = `http://${loopback}:${address.port}`;
  upstream = createUpstreamClient({ baseUrl: env.qomonBaseUrl ?? `${url}/sandbox`, apiKey: env.apiKey, timeoutMs: env.upstreamTimeoutMs });

  const purge = () =>
    Promise.all([
      store.purgeExpired(),
      revocations.purgeExpired(),
      deliveries.purgeExpired(),
      // Async, so that a failure is caught below; its DELETE still runs now, before the first request.
      (async () => (env.mode === 'sandbox' ? purgeSandboxContacts(db) : 0))(),
    ]).catch((err: Error) => app.log.warn({ err: err.message }, 'purge failed'));
  void purge();
  const purgeTimer = setInterval(purge, 3600_000).unref();

  return {
    app,
    url,
    upstreamUrl: upstream.url,
    async stop() {
      clearInterval(purgeTimer);
      await app.close();
      // After the upstream pool, which lets the forwardings still in flight finish: their answers
      // are stored too (at once, once flush has begun), before the database closes.
      await upstream?.close();
      await store.flush().catch((err: Error) => app.log.warn({ err: err.message }, 'could not store the last answers'));
      await deliveries.flush().catch((err: Error) => app.log.warn({ err: err.message }, 'could not log the last deliveries'));
      await redis?.close();
      db.close();
    },
  };
}
