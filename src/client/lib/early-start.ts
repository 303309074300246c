// The two answers the first screen waits for (who is signed in, and the campaign the form is built
// from) are asked for by boot.ts, a tiny script index.html runs as soon as it arrives: on a slow
// network that is one round trip while the app's main script is still downloading, where asking
// from the app itself would cost two more round trips after it (the session, then the campaign).
// The app's first request for each path then takes the answer already on its way (see apiFetch)
// instead of asking again.

export type EarlyAnswers = Map<string, { startedAt: number; response: Promise<Response> }>;

/** An early answer taken later than this stands for nothing: the app asks again. */
export const EARLY_MAX_AGE_MS = 30_000;

function answers(): EarlyAnswers | undefined {
  return (globalThis as { __doorstepEarly?: EarlyAnswers }).__doorstepEarly;
}

/** The early answer for a GET of `path`, once: the first request takes it, any later one asks
 * again. None when it is too old, or after a sign-in or sign-out (see forgetEarlyAnswers). */
export function takeEarlyAnswer(path: string, now = performance.now()): Promise<Response> | undefined {
  const answer = answers()?.get(path);
  if (!answer) return undefined;
  answers()?.delete(path);
  return now - answer.startedAt <= EARLY_MAX_AGE_MS ? answer.response : undefined;
}

/** The early answer for `path`, left for the request that will take it: to know what it says
 * before that request is made. */
export function peekEarlyAnswer(path: string): Promise<Response> | undefined {
  return answers()?.get(path)?.response;
}

/** Signing in or out changes both answers: what was asked before stands for nothing after. */
export function forgetEarlyAnswers(): void {
  answers()?.clear();
}
