import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './app-shell.css';
import { AppShell } from './app-shell';
import { createQueryClient } from './create-query-client';
import { recheckSession } from './session/use-session';
import { uiLanguage } from './ui-language';

// index.html cannot know the reader's language; screen readers pronounce by this attribute.
document.documentElement.lang = uiLanguage;

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

const queryClient = createQueryClient(recheckSession);

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <AppShell />
    </QueryClientProvider>
  </StrictMode>,
);
