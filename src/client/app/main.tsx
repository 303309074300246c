import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import './app-shell.css';
import { AppShell, loadFirstScreenPart } from './app-shell';
import { LoadBoundary } from '@client/components/load-boundary';
import { isLoadFailure, lazyWithRetry } from '@client/lib/lazy-with-retry';
import { createQueryClient } from './create-query-client';
import { firstScreen } from './first-screen';
import { recheckSession } from '@client/features/session/use-session';
import { languageStore, loadTexts, UI_LANGUAGES } from '@client/lib/ui-language';
import { prefetchCampaign, readStoredCampaign } from '@client/features/campaign/use-campaign';

// The campaign seen last on this device sets the language from the first screen on (the sign-in
// screen of a French campaign is French), until the canvasser picks one.
languageStore.adoptCampaignLanguage(readStoredCampaign()?.campaign.language);
// Both languages' texts (boot.ts has started them): the first render waits for them (below).
const allTexts = Promise.all(UI_LANGUAGES.map((language) => loadTexts(language).catch(() => undefined)));

const FIRST_RENDER_WAIT_MS = 2000;

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

const queryClient = createQueryClient(recheckSession);

// A sign-in link (the console's QR code) carries its code in the fragment, which no server log
// sees; it leaves the address bar at once, before anything can copy or bookmark it.
// (A plain match rather than URLSearchParams: this is the first load, and every byte counts.)
const linkCode = /^#code=([^&]+)/.exec(location.hash)?.[1];
if (linkCode) history.replaceState(history.state, '', location.pathname + location.search);
// Through the sign-in screen's chunk, which the app loads on demand anyway: a module of its own
// would split the first load into more chunks, and make it heavier.
const linkSignIn = linkCode
  ? import('@client/features/session/sign-in-screen').then((m) => m.signInFromLink(queryClient, linkCode)).catch(() => false)
  : undefined;

// The organiser's console is its own chunk, loaded on its page only.
const isConsole = /^\/console\/?$/.test(location.pathname);
const ConsoleRoot = lazyWithRetry(() => import('./console-root'));
if (!isConsole) prefetchCampaign(queryClient);

// The service worker and its update banner, on every screen; loaded once the first screen is up,
// so that neither workbox-window nor the worker's download of the whole app competes with it.
const UpdatePrompt = lazyWithRetry(() =>
  firstScreen()
    .then(() => import('@client/features/app-update/update-prompt'))
    .then((m) => ({ default: m.UpdatePrompt })),
);

// The first render waits for the texts, in both languages (boot.ts has started them, with the
// session and the campaign, which may switch the language before the form first shows). Rendered
// earlier, the shell would suspend on them, its Suspense fallback would be committed, and React
// would then hold the screen back for 300 ms after that commit before showing what replaces it
// (FALLBACK_THROTTLE_MS, https://github.com/react/react/pull/26611): a third of a second of a
// blank page on every cold start. Texts that fail to load (offline before they were ever kept),
// or take longer than FIRST_RENDER_WAIT_MS, do not hold it back: the shell's own Suspense then
// waits for them, as before.
// A part that could not load is an expected state offline, which its LoadBoundary shows and tries
// again: a warning, not an error, in the console.
const onCaughtError = (error: unknown, info: { componentStack?: string | undefined }) => {
  if (isLoadFailure(error)) console.warn('Not loaded (tried again when the network is back):', (error as Error).message);
  else console.error(error, info.componentStack);
};
// The outer LoadBoundary is the last one: even with the shell's own texts missing, the screen says
// what happened rather than going blank.
const render = () =>
  createRoot(root, { onCaughtError }).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <LoadBoundary part="app">
          <Suspense fallback={null}>{isConsole ? <ConsoleRoot /> : <AppShell />}</Suspense>
        </LoadBoundary>
        <LoadBoundary part="offlineSetup">
          <Suspense fallback={null}>
            <UpdatePrompt />
          </Suspense>
        </LoadBoundary>
      </QueryClientProvider>
    </StrictMode>,
  );
// A sign-in link first signs in, so that the screen shown is the signed-in one.
// The first screen's part (the form, or the sign-in screen) is awaited the same way: rendered
// before it has loaded, it would suspend, and be held back by the same throttle.
const firstScreenPart = isConsole ? undefined : loadFirstScreenPart();
void Promise.all([
  Promise.race([Promise.all([allTexts, firstScreenPart]), new Promise((resolve) => setTimeout(resolve, FIRST_RENDER_WAIT_MS))]),
  linkSignIn,
]).then(render);
