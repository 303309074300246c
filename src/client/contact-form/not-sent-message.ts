import { PROBLEM_TYPES } from '../../shared/problem';
import { ApiError } from '../api-fetch';
import type { ContactFormText } from './contact-form-text';

/** Why a contact did not leave, in words the canvasser can act on. */
export function notSentMessage(error: unknown, text: ContactFormText): string {
  if (!(error instanceof ApiError)) return text.notSent.other;
  if (error.isNetworkError) return text.notSent.offline;
  if (error.problem?.type === PROBLEM_TYPES.upstreamAuth) return text.notSent.misconfigured;
  switch (error.status) {
    case 401:
      return text.notSent.session;
    case 422:
      return text.notSent.invalid;
    case 409:
    case 429:
    case 503:
      return error.retryAfterSeconds === undefined ? text.notSent.server : text.notSent.wait(Math.max(1, Math.ceil(error.retryAfterSeconds)));
    case 500:
    case 502:
    case 504:
      return text.notSent.server;
    default:
      return text.notSent.other;
  }
}

/** The server refused the key because it went through before with another body: the contact was
 * sent (its answer lost on the way) and edited since. */
export function isKeyReused(error: unknown): boolean {
  return error instanceof ApiError && error.problem?.type === PROBLEM_TYPES.idempotencyKeyReused;
}
