import { describe, expect, it } from 'vitest';
import { parseClientEnv } from './env';

describe('parseClientEnv', () => {
  it('defaults VITE_API_BASE to the same origin', () => {
    expect(parseClientEnv({ MODE: 'production' }).VITE_API_BASE).toBe('');
  });

  it('accepts a path or an http(s) URL, without the trailing slash', () => {
    expect(parseClientEnv({ VITE_API_BASE: '/doorstep/' }).VITE_API_BASE).toBe('/doorstep');
    expect(parseClientEnv({ VITE_API_BASE: 'https://doorstep.example.org' }).VITE_API_BASE).toBe('https://doorstep.example.org');
  });

  it('names the bad variable', () => {
    expect(() => parseClientEnv({ VITE_API_BASE: 'doorstep.example.org' })).toThrow(/VITE_API_BASE/);
    expect(() => parseClientEnv({ VITE_API_BASE: 42 })).toThrow(/VITE_API_BASE/);
  });
});
