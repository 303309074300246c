// When to try an unsent contact again: exponential backoff with full jitter, so that a hundred
// tablets coming back online do not all hit the server in the same second
// (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/), and never sooner
// than the server's Retry-After.

export const RETRY_BASE_MS = 2_000;
export const RETRY_CAP_MS = 5 * 60_000;

/** Milliseconds to wait after failed attempt number `attempt` (1 for the first failure). */
export function retryDelayMs(attempt: number, retryAfterSeconds?: number, random: () => number = Math.random): number {
  const ceiling = Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** Math.max(0, attempt - 1));
  // Never 0: a floor of half the base keeps a failing server from being hammered.
  const jittered = Math.max(RETRY_BASE_MS / 2, Math.floor(random() * ceiling));
  const serverAsked = retryAfterSeconds !== undefined ? Math.min(retryAfterSeconds, 3600) * 1000 : 0;
  return Math.max(jittered, serverAsked);
}

export type Verdict = 'sent' | 'retry' | 'needs-attention' | 'signed-out';

/** What an answer from POST /api/contacts means for the outbox item. Status 0 is "no answer". */
export function verdictFor(status: number): Verdict {
  if (status === 202 || (status >= 200 && status < 300)) return 'sent';
  if (status === 401) return 'signed-out';
  if (status === 0 || status === 408 || status === 409 || status === 429 || status >= 500) return 'retry';
  // 400, 413, 415, 422 and any other refusal: sending it again would be refused again.
  return 'needs-attention';
}
