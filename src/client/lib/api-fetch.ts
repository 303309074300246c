import { PROBLEM_CONTENT_TYPE, type Problem } from '@shared/problem';
import { takeEarlyAnswer } from './early-start';
import { env } from '@client/env';

/** A failed call to the server. `status` is 0 when no answer came back at all (offline, DNS,
 * connection cut), so callers can tell "try again later" from "the server said no". */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly problem: Problem | undefined;
  /** Seconds to wait before trying again, from the Retry-After header (429, 503). */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    message: string,
    init: { status: number; problem?: Problem | undefined; retryAfterSeconds?: number | undefined; cause?: unknown },
  ) {
    super(message, { cause: init.cause });
    this.status = init.status;
    this.problem = init.problem;
    this.retryAfterSeconds = init.retryAfterSeconds;
  }

  get isNetworkError(): boolean {
    return this.status === 0;
  }
}

/** Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(header: string | null, now: number = Date.now()): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value);
  // Date.parse reads almost anything ('-5' is a year), so take only what looks like a
  // day name or month: every HTTP date format has letters.
  if (!/[a-z]/i.test(value)) return undefined;
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

function isProblem(value: unknown): value is Problem {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return typeof v.type === 'string' && typeof v.title === 'string' && typeof v.status === 'number';
}

async function readProblem(response: Response): Promise<Problem | undefined> {
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes(PROBLEM_CONTENT_TYPE) && !type.includes('application/json')) return undefined;
  try {
    const body: unknown = await response.json();
    return isProblem(body) ? body : undefined;
  } catch {
    return undefined;
  }
}

export interface ApiRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Sent as JSON. */
  json?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal | undefined;
}

/** Calls the Doorstep server and resolves with the response only when it is a 2xx; anything
 * else throws an ApiError carrying the status, the problem+json body and Retry-After. */
export async function apiFetch(path: string, request: ApiRequest = {}): Promise<Response> {
  const headers: Record<string, string> = { Accept: `application/json, ${PROBLEM_CONTENT_TYPE}`, ...request.headers };
  let body: string | undefined;
  if (request.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(request.json);
  }
  let response: Response;
  try {
    // The same GET asked for by boot.ts as the page loaded (early-start.ts): its answer, once.
    const early = (request.method ?? 'GET') === 'GET' && body === undefined && !request.headers ? takeEarlyAnswer(path) : undefined;
    response = await (early ??
      fetch(`${env.VITE_API_BASE}${path}`, {
        method: request.method ?? 'GET',
        headers,
        body,
        signal: request.signal ?? null,
        credentials: 'same-origin',
      }));
  } catch (cause) {
    // An abort is the caller's own doing (TanStack Query cancelling), not a network failure.
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(`${request.method ?? 'GET'} ${path}: no answer from the server`, { status: 0, cause });
  }
  if (response.ok) return response;
  const problem = await readProblem(response);
  throw new ApiError(`${request.method ?? 'GET'} ${path}: ${response.status} ${problem?.title ?? response.statusText}`, {
    status: response.status,
    problem,
    retryAfterSeconds: parseRetryAfter(response.headers.get('retry-after')),
  });
}

/** apiFetch, then the JSON body passed through `parse` (a schema check), so that a server
 * answering something unexpected fails here rather than deep inside a component. */
export async function apiJson<T>(path: string, parse: (body: unknown) => T, request?: ApiRequest): Promise<T> {
  const response = await apiFetch(path, request);
  return parse(await response.json());
}
