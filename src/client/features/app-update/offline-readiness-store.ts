/**
 * Whether this device can run the app with no network: its service worker has installed, which
 * with workbox means that the whole precache (every chunk of the app, see vite.config.ts) is
 * stored, and is active. On a first visit that takes a while after signing in; a canvasser who
 * leaves the network before it is done has an app that cannot load its parts, so the header says
 * which it is, and asks to stay online a moment longer until it is ready.
 *
 * - `not-yet`: no active worker yet (installing, or the install failed: the network went);
 * - `ready`: a worker is active (https://developer.mozilla.org/en-US/docs/Web/API/ServiceWorkerContainer/ready
 *   resolves only then) and has finished activating;
 * - `unsupported`: no service worker in this browser (or on a page that is not secure).
 */
export type OfflineReadiness = 'not-yet' | 'ready' | 'unsupported';

type Container = Pick<ServiceWorkerContainer, 'ready'>;

export function createOfflineReadinessStore(container: Container | undefined) {
  let state: OfflineReadiness = container ? 'not-yet' : 'unsupported';
  const listeners = new Set<() => void>();
  const set = (next: OfflineReadiness) => {
    if (next === state) return;
    state = next;
    listeners.forEach((listener) => listener());
  };
  void container?.ready.then((registration) => {
    const worker = registration.active;
    if (!worker || worker.state === 'activated') return set('ready');
    // Activating: its precache is stored, its old caches are being cleaned up.
    const onState = () => {
      if (worker.state !== 'activated') return;
      worker.removeEventListener('statechange', onState);
      set('ready');
    };
    worker.addEventListener('statechange', onState);
  });
  return {
    get: (): OfflineReadiness => state,
    subscribe(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export type OfflineReadinessStore = ReturnType<typeof createOfflineReadinessStore>;

/** The page's one store. */
export const offlineReadinessStore: OfflineReadinessStore = createOfflineReadinessStore(
  typeof navigator !== 'undefined' && 'serviceWorker' in navigator ? navigator.serviceWorker : undefined,
);
