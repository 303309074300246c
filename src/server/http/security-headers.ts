import type { ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/** Helmet's headers on every answer. Our options hold no per-request value (no CSP nonce), so
 * helmet runs once, against a recording response, and each answer gets the headers it set.
 * @fastify/helmet builds helmet's middleware anew for every request (its `buildHelmetOnRoutes`
 * calls `helmet(configuration)` per request: https://github.com/fastify/fastify-helmet/blob/main/index.js),
 * re-parsing the CSP each time, and even helmet's own middleware, built once, walks its dozen
 * middlewares per request: the proxy bench found both in the profile of POST /api/contacts. */
export function securityHeaders(options: HelmetOptions) {
  const headers = helmetHeaders(options);
  return function setSecurityHeaders(_request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
    // Into Fastify's own header list rather than `reply.raw.setHeader`: Node then checks each
    // header once, when the head is written, instead of once on setting and again on writing.
    reply.headers(headers);
    done();
  };
}

/** The headers helmet sets with these options. Throws if helmet would need the request (a
 * function in the options) or fails. */
export function helmetHeaders(options: HelmetOptions): Record<string, string> {
  const set: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: unknown) {
      set[name] = String(value);
    },
    removeHeader(name: string) {
      delete set[name];
    },
  } as unknown as ServerResponse;
  let failure: unknown;
  let finished = false;
  // A request helmet cannot read anything from: an option that depends on it fails here, at start.
  const request = new Proxy(
    {},
    {
      get: (_t, key) => {
        throw new Error(`security headers: an option reads the request (${String(key)})`);
      },
    },
  );
  helmet(options)(request as never, recorder, (err?: unknown) => {
    failure = err;
    finished = true;
  });
  if (failure) throw failure instanceof Error ? failure : new Error(String(failure));
  if (!finished) throw new Error('security headers: helmet did not finish synchronously');
  return set;
}
