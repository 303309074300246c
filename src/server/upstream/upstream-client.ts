import { Pool, errors as undiciErrors } from 'undici';
import type { QomonError } from '@shared/problem';
import { echoValue } from '@shared/qomon-errors';

// The only way out of the server: POST {base}/contacts/upsert with the Bearer key, over a
// keep-alive pool. The path is fixed here; nothing a client sends can change where it goes.

export type UpstreamOutcome =
  | { kind: 'accepted'; status: number }
  | { kind: 'invalid'; status: number; errors: QomonError[]; detail?: string }
  | { kind: 'auth-refused'; status: number }
  | { kind: 'rate-limited'; retryAfterSeconds: number }
  | { kind: 'server-error'; status: number }
  | { kind: 'unexpected'; status: number }
  | { kind: 'timeout' }
  | { kind: 'unreachable'; code: string };

export interface UpstreamClient {
  readonly url: string;
  upsert(body: unknown, idempotencyKey: string): Promise<UpstreamOutcome>;
  close(): Promise<void>;
}

export interface UpstreamOptions {
  baseUrl: string;
  apiKey: string;
  timeoutMs: number;
  connections?: number;
}

/** Seconds from a Retry-After header (delta-seconds or HTTP date), defaulting when absent. */
export function parseRetryAfter(value: string | string[] | undefined, fallback = 30, now = Date.now()): number {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return fallback;
  if (/^\d+$/.test(v.trim())) return Math.min(Number(v), 3600);
  const at = Date.parse(v);
  return Number.isNaN(at) ? fallback : Math.min(3600, Math.max(0, Math.ceil((at - now) / 1000)));
}

function asErrors(json: unknown): QomonError[] {
  const list = (json as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(list)) return [];
  return list
    .filter((e): e is Record<string, unknown> => e !== null && typeof e === 'object')
    .map((e) => ({ location: String(e.location ?? 'body'), message: String(e.message ?? 'Invalid'), value: echoValue(e.value) }));
}

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

export function createUpstreamClient(opts: UpstreamOptions): UpstreamClient {
  const base = new URL(opts.baseUrl);
  const url = `${base.origin}${base.pathname.replace(/\/+$/, '')}/contacts/upsert`;
  const path = new URL(url).pathname;
  const pool = new Pool(base.origin, {
    connections: opts.connections ?? 128,
    keepAliveTimeout: 30_000,
    headersTimeout: opts.timeoutMs,
    bodyTimeout: opts.timeoutMs,
    connectTimeout: Math.min(opts.timeoutMs, 10_000),
  });
  const authorization = `Bearer ${opts.apiKey}`;

  return {
    url,
    async upsert(body, idempotencyKey) {
      let res;
      try {
        res = await pool.request({
          path,
          method: 'POST',
          headers: {
            authorization,
            'content-type': 'application/json',
            accept: 'application/json, application/problem+json',
            // Harmless to Qomon; lets the sandbox (and any log) tell a retry from a new contact.
            'idempotency-key': idempotencyKey,
          },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(opts.timeoutMs),
        });
      } catch (err) {
        const e = err as { code?: string; name?: string };
        if ((e.code && TIMEOUT_CODES.has(e.code)) || e.name === 'TimeoutError' || err instanceof undiciErrors.HeadersTimeoutError) {
          return { kind: 'timeout' };
        }
        return { kind: 'unreachable', code: e.code ?? e.name ?? 'ERROR' };
      }
      const status = res.statusCode;
      let json: unknown = null;
      try {
        const text = await res.body.text();
        json = text ? JSON.parse(text) : null;
      } catch (err) {
        const e = err as { code?: string; name?: string };
        if (status >= 200 && status < 300) {
          // The upstream said yes; only its reply body was lost or unreadable.
          return { kind: 'accepted', status };
        }
        if (e.code && TIMEOUT_CODES.has(e.code)) return { kind: 'timeout' };
      }
      if (status >= 200 && status < 300) return { kind: 'accepted', status };
      if (status === 401 || status === 403) return { kind: 'auth-refused', status };
      if (status === 400 || status === 422) {
        const detail = (json as { detail?: unknown } | null)?.detail;
        return { kind: 'invalid', status, errors: asErrors(json), detail: typeof detail === 'string' ? detail : undefined };
      }
      if (status === 429) return { kind: 'rate-limited', retryAfterSeconds: parseRetryAfter(res.headers['retry-after']) };
      if (status >= 500) return { kind: 'server-error', status };
      return { kind: 'unexpected', status };
    },
    async close() {
      await pool.close();
    },
  };
}
