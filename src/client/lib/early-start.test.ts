import { afterEach, describe, expect, it } from 'vitest';
import { EARLY_MAX_AGE_MS, type EarlyAnswers, forgetEarlyAnswers, peekEarlyAnswer, takeEarlyAnswer } from './early-start';

const global = globalThis as { __doorstepEarly?: EarlyAnswers };

function early(...paths: string[]): Promise<Response> {
  const response = Promise.resolve(new Response('{}', { status: 200 }));
  global.__doorstepEarly = new Map(paths.map((path) => [path, { startedAt: 1_000, response }]));
  return response;
}

afterEach(() => {
  delete global.__doorstepEarly;
});

describe('the answers boot.ts asked for early', () => {
  it('go to the first request for their path only', () => {
    const response = early('/api/session');
    expect(peekEarlyAnswer('/api/session')).toBe(response);
    expect(takeEarlyAnswer('/api/session', 1_500)).toBe(response);
    expect(takeEarlyAnswer('/api/session', 1_600)).toBeUndefined();
    expect(takeEarlyAnswer('/api/campaign', 1_600)).toBeUndefined();
  });

  it('stand for nothing once too old, or after a sign-in or sign-out', () => {
    early('/api/session', '/api/campaign');
    expect(takeEarlyAnswer('/api/session', 1_000 + EARLY_MAX_AGE_MS + 1)).toBeUndefined();
    forgetEarlyAnswers();
    expect(takeEarlyAnswer('/api/campaign', 1_100)).toBeUndefined();
  });

  it('are simply absent where boot.ts did not run (development, tests)', () => {
    expect(takeEarlyAnswer('/api/session')).toBeUndefined();
    expect(() => forgetEarlyAnswers()).not.toThrow();
  });
});
