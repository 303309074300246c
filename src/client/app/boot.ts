// The first script index.html runs: tiny, with no imports, so that it arrives and runs long before
// the app's main script (main.tsx) has downloaded on a slow network. It starts at once, in parallel
// with the main script, what the first screen will wait for:
// - GET /api/session and GET /api/campaign, whose answers the app's first requests take instead of
//   asking again (early-start.ts);
// - the modules the first screen needs that the main script only loads on demand, preloaded so
//   that the app's own import() of them finds them there: the texts every screen has, in both
//   languages since the campaign decides which one shows; then the signed-in screen's (the form,
//   its texts, the campaign's schema) or the sign-in screen's, whichever the first screen is: at
//   once when a session is kept on the device, else once GET /api/session has answered. Their URLs
//   are written in at build time by the firstScreenBoot plugin (vite.config.ts), which also adds
//   this script to index.html.
import type { EarlyAnswers } from '@client/lib/early-start';

declare const __FIRST_SCREEN_MODULES__: Record<'always' | 'signedIn' | 'signedOut', string[]>;

// The same as in use-campaign.ts and kept-session.ts (this file imports nothing, to stay one file;
// boot.test.ts checks).
const CAMPAIGN_STORAGE_KEY = 'doorstep.campaign';
const SESSION_STORAGE_KEY = 'doorstep.session';
const CAMPAIGN_STALE_MS = 10 * 60_000;
const ACCEPT = 'application/json, application/problem+json';
/** As env.ts reads it (checked there). */
const API_BASE = String(import.meta.env.VITE_API_BASE ?? '').replace(/\/+$/, '');

function campaignIsFresh(now: number): boolean {
  try {
    const stored = JSON.parse(localStorage.getItem(CAMPAIGN_STORAGE_KEY) ?? 'null') as { savedAt?: unknown } | null;
    return typeof stored?.savedAt === 'number' && now - stored.savedAt < CAMPAIGN_STALE_MS;
  } catch {
    return false;
  }
}

/** Whether a session kept on this device still lasts (kept-session.ts): the form is then, most
 * likely, the first screen. */
function sessionIsKept(now: number): boolean {
  try {
    const kept = JSON.parse(localStorage.getItem(SESSION_STORAGE_KEY) ?? 'null') as { expiresAt?: unknown } | null;
    return typeof kept?.expiresAt === 'string' && Date.parse(kept.expiresAt) > now;
  } catch {
    return false;
  }
}

const get = (path: string) => fetch(`${API_BASE}${path}`, { headers: { Accept: ACCEPT }, credentials: 'same-origin' });
const answers: EarlyAnswers = new Map();
const keep = (path: string, response: Promise<Response>) => {
  // Handled where it is taken; an answer never taken must not be reported as unhandled.
  response.catch(() => undefined);
  answers.set(path, { startedAt: performance.now(), response });
};
const session = get('/api/session');
keep('/api/session', session);
// A kept campaign still fresh is used as it is: the app will not ask for it, so neither does this.
// Both at once, even when nobody may be signed in: a signed-out device then gets the server's
// 401 for the campaign (which says nothing a signed-out device may not know), and asks again
// once signed in, since signing in forgets the early answers.
if (!campaignIsFresh(Date.now())) keep('/api/campaign', get('/api/campaign'));
(globalThis as { __doorstepEarly?: EarlyAnswers }).__doorstepEarly = answers;

const preloaded = new Set<string>();
function preload(hrefs: string[]): void {
  for (const href of hrefs) {
    if (preloaded.has(href)) continue;
    preloaded.add(href);
    const link = document.createElement('link');
    // A chunk's CSS is linked as the app's import() would link it (Vite's preload helper finds it
    // there and does not add it again): applied at once, and the form's only.
    const css = href.endsWith('.css');
    link.rel = css ? 'stylesheet' : 'modulepreload';
    link.crossOrigin = '';
    link.href = href;
    document.head.append(link);
  }
}
preload(__FIRST_SCREEN_MODULES__.always);
if (sessionIsKept(Date.now())) preload(__FIRST_SCREEN_MODULES__.signedIn);
// The answer decides (a kept session may have ended on the server); no answer, no guess: the app
// shows that the server is unreachable, or works from the kept session, already preloaded.
session.then(
  (r) => {
    if (r.ok) preload(__FIRST_SCREEN_MODULES__.signedIn);
    else if (r.status === 401) preload(__FIRST_SCREEN_MODULES__.signedOut);
  },
  () => undefined,
);

// The first Intl.DisplayNames loads the browser's region names (tens of ms on a slow phone): the
// form needs them for its default country, so load them now, while the main script downloads.
setTimeout(() => {
  try {
    new Intl.DisplayNames(['fr', 'en'], { type: 'region' }).of('FR');
  } catch {
    // No Intl.DisplayNames: the form shows the country's code instead.
  }
});
