import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/** Helmet's headers on every answer, from middleware built once. @fastify/helmet builds helmet's
 * middleware anew for every request (its `buildHelmetOnRoutes` calls `helmet(configuration)` per
 * request: https://github.com/fastify/fastify-helmet/blob/main/index.js), which re-parses the CSP
 * each time; the proxy bench found it in the profile of POST /api/contacts. */
export function securityHeaders(options: HelmetOptions) {
  const apply = helmet(options);
  return function setSecurityHeaders(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
    apply(request.raw, reply.raw, (err?: unknown) => done(err as Error | undefined));
  };
}
