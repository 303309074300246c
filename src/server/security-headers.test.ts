import { describe, expect, it } from 'vitest';
import { helmetHeaders } from './security-headers';

describe('helmetHeaders', () => {
  it('records the headers helmet sets for these options, CSP included', () => {
    const headers = new Map(helmetHeaders({ contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'self'"], imgSrc: ["'self'", 'data:'] } } }));
    expect(headers.get('Content-Security-Policy')).toBe("default-src 'self';img-src 'self' data:");
    expect(headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(headers.get('Strict-Transport-Security')).toMatch(/^max-age=\d+/);
  });

  it('leaves out what the options turn off', () => {
    const headers = new Map(helmetHeaders({ contentSecurityPolicy: false, crossOriginOpenerPolicy: false }));
    expect(headers.has('Content-Security-Policy')).toBe(false);
    expect(headers.has('Cross-Origin-Opener-Policy')).toBe(false);
    expect(headers.has('X-Frame-Options')).toBe(true);
  });

  it('refuses at start an option that would need each request (a CSP nonce)', () => {
    expect(() =>
      helmetHeaders({ contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'self'"], scriptSrc: [(req) => `'nonce-${String((req as { id?: unknown }).id)}'`] } } }),
    ).toThrow(/reads the request/);
  });
});
