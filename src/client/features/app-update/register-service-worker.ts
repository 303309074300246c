/// <reference types="vite-plugin-pwa/vanillajs" />
import { offlineReadinessStore } from './offline-readiness-store';
import type { UpdateStore } from './update-prompt-store';

/** A canvasser keeps the app open for a whole shift: look for a new version this often. */
const UPDATE_CHECK_MS = 60 * 60_000;

let started = false;

/**
 * Registers the service worker (built by vite-plugin-pwa, see vite.config.ts) and connects it to
 * the update banner's store. Called once, after the first screen is up: workbox-window is loaded
 * here, never by index.html.
 */
export async function registerServiceWorker(store: UpdateStore): Promise<void> {
  if (started || !('serviceWorker' in navigator)) return;
  started = true;
  // A new version taking over from the one that loaded this page: the page's code is now out of
  // date. The first worker taking a page that had none (the first visit) changes nothing in it.
  // Watched here rather than through the plugin's own signal, which misses a page that was opened
  // before any worker was installed.
  let controlled = navigator.serviceWorker.controller !== null;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (controlled) store.needReload();
    controlled = true;
  });
  const register = async () => {
    const { registerSW } = await import('virtual:pwa-register');
    const updateServiceWorker = registerSW({
      onNeedRefresh: () => store.needRefresh(),
      onOfflineReady: () => store.offlineReady(),
      // Given, so that the plugin does not reload the page itself: left alone, it reloads every open
      // tab as soon as one of them accepts the update. The store reloads only the tab that asked.
      onNeedReload: () => undefined,
      onRegisteredSW(_url, registration) {
        if (!registration) return;
        setInterval(() => {
          if (navigator.onLine) registration.update().catch(() => undefined);
        }, UPDATE_CHECK_MS);
      },
      // workbox-window could not load (the network went): tried again when it is back (below).
      onRegisterError: () => undefined,
    });
    store.connect(() => updateServiceWorker(true));
  };
  // The network lost on a first visit before the worker had stored the whole app: its install
  // failed, and the browser forgets a registration whose first install failed
  // (https://w3c.github.io/ServiceWorker/#installation-algorithm, "Clear Registration"). Nothing
  // would try again before the next visit: this page does, as soon as the network is back.
  window.addEventListener('online', () => {
    if (offlineReadinessStore.get() !== 'not-yet') return;
    navigator.serviceWorker
      .getRegistration()
      .then((registration) => (registration ? registration.update().then(() => undefined) : register()))
      .catch(() => undefined);
  });
  await register().catch(() => undefined);
}
