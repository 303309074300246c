import { afterEach, describe, expect, it, vi } from 'vitest';
import { PROBLEM_TYPES } from '@shared/problem';
import { ApiError, apiFetch, apiJson, parseRetryAfter } from './api-fetch';

afterEach(() => {
  vi.unstubAllGlobals();
});

function answer(status: number, body: unknown, headers: Record<string, string> = {}) {
  const fetchMock = vi.fn(async () => new Response(body === undefined ? null : JSON.stringify(body), { status, headers }));
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

async function caught(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected an ApiError');
}

describe('parseRetryAfter', () => {
  it('reads delay-seconds and HTTP dates', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('42', now)).toBe(42);
    expect(parseRetryAfter(' 7 ', now)).toBe(7);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:01:30 GMT', now)).toBe(90);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
  });

  it('ignores a missing or unreadable header', () => {
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter('-5')).toBeUndefined();
  });
});

describe('apiFetch', () => {
  it('sends JSON and resolves on 2xx', async () => {
    const fetchMock = answer(200, { ok: true }, { 'content-type': 'application/json' });
    const body = await apiJson('/api/x', (b) => b as { ok: boolean }, { method: 'POST', json: { a: 1 } });
    expect(body).toEqual({ ok: true });
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/x');
    expect(init.method).toBe('POST');
    expect(init.body).toBe('{"a":1}');
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('application/json');
  });

  it('throws an ApiError carrying the status, the problem and Retry-After', async () => {
    const problem = { type: PROBLEM_TYPES.rateLimited, title: 'Too many failed sign-ins', status: 429 };
    answer(429, problem, { 'content-type': 'application/problem+json; charset=utf-8', 'retry-after': '897' });
    const error = await caught(apiFetch('/api/session', { method: 'POST', json: {} }));
    expect(error.status).toBe(429);
    expect(error.problem).toEqual(problem);
    expect(error.retryAfterSeconds).toBe(897);
    expect(error.isNetworkError).toBe(false);
  });

  it('keeps the status when the error body is not a problem', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('<html>bad gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } })),
    );
    const error = await caught(apiFetch('/api/campaign'));
    expect(error.status).toBe(502);
    expect(error.problem).toBeUndefined();
  });

  it('reports no answer at all as status 0', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    );
    const error = await caught(apiFetch('/api/session'));
    expect(error.status).toBe(0);
    expect(error.isNetworkError).toBe(true);
  });

  it('lets an abort through unchanged', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new DOMException('aborted', 'AbortError'))),
    );
    await expect(apiFetch('/api/session')).rejects.toMatchObject({ name: 'AbortError' });
  });
});
