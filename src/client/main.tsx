import { QueryClientProvider } from '@tanstack/react-query';
import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import './app-shell.css';
import { AppShell } from './app-shell';
import { createQueryClient } from './create-query-client';
import { recheckSession } from './session/use-session';
import { languageStore, loadTexts } from './ui-language';
import { readStoredCampaign } from './use-campaign';

// The campaign seen last on this device sets the language from the first screen on (the sign-in
// screen of a French campaign is French), until the canvasser picks one.
languageStore.adoptCampaignLanguage(readStoredCampaign()?.campaign.language);
// The texts of that language load alongside the session check, which the first screen waits for
// anyway.
void loadTexts(languageStore.get()).catch(() => undefined);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

const queryClient = createQueryClient(recheckSession);

// The service worker and its update banner, on every screen; loaded after the first one, so that
// workbox-window is not part of the first load.
const UpdatePrompt = lazy(() => import('./update-prompt').then((m) => ({ default: m.UpdatePrompt })));

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <Suspense fallback={null}>
        <AppShell />
      </Suspense>
      <Suspense fallback={null}>
        <UpdatePrompt />
      </Suspense>
    </QueryClientProvider>
  </StrictMode>,
);
