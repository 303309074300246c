import { describe, expect, it } from 'vitest';
import { SERVER_ROUTE_PREFIXES, serverRoutePatterns } from './server-routes';

const isServerRoute = (pathname: string) => serverRoutePatterns().some((p) => p.test(pathname));

describe('serverRoutePatterns', () => {
  it('matches each prefix and the paths below it', () => {
    for (const prefix of SERVER_ROUTE_PREFIXES) {
      expect(isServerRoute(prefix)).toBe(true);
      expect(isServerRoute(`${prefix}/x`)).toBe(true);
    }
  });

  it("does not match the app's own paths, nor a word that starts the same", () => {
    for (const p of ['/', '/index.html', '/assets/app.js', '/apis', '/sandboxes', '/healthzz', '/x/api'])
      expect(isServerRoute(p)).toBe(false);
  });

  it('keeps the patterns workbox writes into sw.js', () => {
    expect(serverRoutePatterns().map(String)).toEqual([
      '/^\\/api(\\/|$)/',
      '/^\\/sandbox(\\/|$)/',
      '/^\\/healthz(\\/|$)/',
      '/^\\/readyz(\\/|$)/',
    ]);
  });
});
