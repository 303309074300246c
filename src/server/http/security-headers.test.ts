import { describe, expect, it } from 'vitest';
import { helmetHeaders } from './security-headers';

describe('helmetHeaders', () => {
  it('records the headers helmet sets for these options, CSP included', () => {
    const headers = helmetHeaders({
      contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'self'"], imgSrc: ["'self'", 'data:'] } },
    });
    expect(headers['Content-Security-Policy']).toBe("default-src 'self';img-src 'self' data:");
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
    expect(headers['Strict-Transport-Security']).toMatch(/^max-age=\d+/);
  });

  it('leaves out what the options turn off', () => {
    const headers = helmetHeaders({ contentSecurityPolicy: false, crossOriginOpenerPolicy: false });
    expect('Content-Security-Policy' in headers).toBe(false);
    expect('Cross-Origin-Opener-Policy' in headers).toBe(false);
    expect('X-Frame-Options' in headers).toBe(true);
  });

  it('refuses at start an option that would need each request (a CSP nonce)', () => {
    expect(() =>
      helmetHeaders({
        contentSecurityPolicy: {
          useDefaults: false,
          directives: { defaultSrc: ["'self'"], scriptSrc: [(req) => `'nonce-${String((req as { id?: unknown }).id)}'`] },
        },
      }),
    ).toThrow(/reads the request/);
  });
});
