/** The path prefixes the Node server answers itself; every other path is the app's. Read by the
 * server (which sends the app's page for the rest), by the service worker's navigation fallback
 * and by the development proxy (vite.config.ts): written once, here. */
export const SERVER_ROUTE_PREFIXES = ['/api', '/sandbox', '/healthz', '/readyz'] as const;

export type ServerRoutePrefix = (typeof SERVER_ROUTE_PREFIXES)[number];

/** One pattern per prefix, matching the prefix itself or a path below it (`/api`, `/api/x`), not
 * another word that starts the same (`/apis`). Tested against a pathname, without its query. */
export function serverRoutePatterns(): RegExp[] {
  return SERVER_ROUTE_PREFIXES.map((prefix) => new RegExp(`^${prefix}(/|$)`));
}
