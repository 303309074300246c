import type { FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_TYPES } from '@shared/problem';
import { sendProblem } from './send-problem';

// Cross-site request refusal, beside the SameSite=Strict cookie: SameSite treats every subdomain
// of a site as the same site, and older or misconfigured browsers may ignore it; the Origin
// header names the exact page that sent the request. Requests without Origin (curl, the replay
// command, server-to-server) carry no ambient browser credentials worth forging, so they pass.

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function originOf(value: string): string | undefined {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : undefined;
  } catch {
    return undefined; // includes the literal `null` of sandboxed frames and opaque redirects
  }
}

/** The origin the browser used to reach this server: Host and the protocol, as seen through a
 * trusted proxy only (Fastify reads X-Forwarded-Host/Proto only when TRUST_PROXY trusts the peer). */
export function ownOrigin(request: FastifyRequest): string | undefined {
  return request.host ? originOf(`${request.protocol}://${request.host}`) : undefined;
}

export function originCheck(opts: { allowedOrigins: readonly string[] }) {
  const allowed = new Set(opts.allowedOrigins);
  const refuse = (request: FastifyRequest, reply: FastifyReply, why: string) => {
    // Says what was expected, so that a deployment whose proxy rewrites Host (or the Vite dev
    // server) is fixed from the log: TRUST_PROXY with X-Forwarded-Host, or ALLOWED_ORIGINS.
    request.log.info(
      { origin: request.headers.origin, secFetchSite: request.headers['sec-fetch-site'], ownOrigin: ownOrigin(request) },
      `cross-site request refused (${why}); if this origin is yours, list it in ALLOWED_ORIGINS`,
    );
    return sendProblem(reply, {
      type: PROBLEM_TYPES.forbidden,
      title: 'Cross-site request refused',
      status: 403,
      detail: 'This request was sent by a page of another site.',
    });
  };

  // Every state-changing method on every path, not only /api/: the rule is simpler to trust when
  // no encoding of a path can step around it, and nothing legitimate posts here from elsewhere.
  return async function checkOrigin(request: FastifyRequest, reply: FastifyReply) {
    if (!STATE_CHANGING.has(request.method)) return;
    if (request.headers['sec-fetch-site'] === 'cross-site') return refuse(request, reply, 'Sec-Fetch-Site');
    const header = request.headers.origin;
    if (header === undefined) return;
    const origin = originOf(header);
    if (origin !== undefined && (origin === ownOrigin(request) || allowed.has(origin))) return;
    return refuse(request, reply, 'Origin');
  };
}
