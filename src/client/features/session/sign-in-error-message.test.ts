import { describe, expect, it } from 'vitest';
import { ApiError } from '@client/lib/api-fetch';
import type { SessionText } from './session-text';
import { signInErrorMessage } from './sign-in-error-message';

const text = {
  wrongCode: 'wrong',
  malformedCode: 'malformed',
  tooManyAttempts: (wait: string) => `wait ${wait}`,
  tooManyAttemptsNoDelay: 'wait a moment',
  noConnection: 'offline',
  serverError: 'server',
  seconds: (n: number) => `${n} s`,
  minutes: (n: number) => `${n} min`,
} as SessionText;

const failed = (status: number, retryAfterSeconds?: number) => new ApiError('x', { status, retryAfterSeconds });

describe('signInErrorMessage', () => {
  it('tells a wrong code from a malformed one', () => {
    expect(signInErrorMessage(failed(401), text)).toBe('wrong');
    expect(signInErrorMessage(failed(400), text)).toBe('malformed');
  });

  it('says how long to wait after too many attempts', () => {
    expect(signInErrorMessage(failed(429, 42), text)).toBe('wait 42 s');
    expect(signInErrorMessage(failed(429, 0), text)).toBe('wait 1 s');
    expect(signInErrorMessage(failed(429, 897), text)).toBe('wait 15 min');
    expect(signInErrorMessage(failed(429), text)).toBe('wait a moment');
  });

  it('blames the connection or the server, not the canvasser, for everything else', () => {
    expect(signInErrorMessage(failed(0), text)).toBe('offline');
    expect(signInErrorMessage(failed(503), text)).toBe('server');
    expect(signInErrorMessage(new Error('schema mismatch'), text)).toBe('server');
  });
});
