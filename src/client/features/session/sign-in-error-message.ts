import { ApiError } from '@client/lib/api-fetch';
import type { SessionText } from './session-text';

function formatWait(seconds: number, text: SessionText): string {
  return seconds < 60 ? text.seconds(Math.max(1, seconds)) : text.minutes(Math.ceil(seconds / 60));
}

/** What to tell a canvasser whose sign-in failed, in words they can act on. */
export function signInErrorMessage(error: unknown, text: SessionText): string {
  if (!(error instanceof ApiError)) return text.serverError;
  if (error.isNetworkError) return text.noConnection;
  switch (error.status) {
    case 401:
      return text.wrongCode;
    case 400:
    case 422:
      return text.malformedCode;
    case 429:
      return error.retryAfterSeconds === undefined
        ? text.tooManyAttemptsNoDelay
        : text.tooManyAttempts(formatWait(error.retryAfterSeconds, text));
    default:
      return text.serverError;
  }
}
