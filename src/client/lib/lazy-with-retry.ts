import { type ComponentProps, type ComponentType, createElement, lazy, useState } from 'react';

// The app's parts loaded on demand can fail to load: the network went before they were fetched
// (a first visit, the service worker still caching the app). React.lazy keeps the rejected
// promise of its first try for good (https://react.dev/reference/react/lazy: "both the returned
// Promise and the Promise's resolved value will be cached"), so a part that failed once would fail
// for the rest of the visit. These helpers keep a success and forget a failure: the next call (an
// error boundary trying again, the network back) imports anew. Chromium does not keep a failed
// dynamic import either, so a new import() fetches the chunk again.

/** `load`, called at most once while it is pending or has succeeded; a failure is forgotten, so
 * that the next call tries again. */
export function retryableLoad<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    }));
}

const failedParts = new Set<() => void>();

/** Every lazy part whose load failed loads again at its next render: called by the error
 * boundary that shows its failure, before it renders it again, and when the network is back (a
 * part that failed while nothing showed it, such as a part of a screen no longer on screen). */
export function retryFailedLoads(): void {
  const resets = [...failedParts];
  failedParts.clear();
  for (const reset of resets) reset();
}

/** A failed load of some other kind (a text table) is tried again with the lazy parts: until then
 * it stays failed, so that a render does not start a new load each time, without end. */
export function onLoadRetry(reset: () => void): void {
  failedParts.add(reset);
}

if (typeof window !== 'undefined') window.addEventListener('online', retryFailedLoads);

/** Tries `load` now, and again each time the browser says the network is back, until it succeeds:
 * what a part will need later (the form's checks, the confirmation) is fetched while it can be,
 * not when it is needed. */
export function prefetch(load: () => Promise<unknown>, target: Pick<Window, 'addEventListener' | 'removeEventListener'> = window): void {
  load().catch(() => {
    const again = () => {
      target.removeEventListener('online', again);
      prefetch(load, target);
    };
    target.addEventListener('online', again);
  });
}

export type LazyWithRetry<P> = ComponentType<P> & {
  /** Loads the part ahead of its first render; rejects when it could not (tried again later). */
  preload(): Promise<void>;
};

/** React.lazy, but a part that failed to load is imported again once `retryFailedLoads` is called
 * (its error boundary does, when the network is back or on "Try again"). */
// The same constraint as React.lazy's own: any component, its props inferred from it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function lazyWithRetry<T extends ComponentType<any>>(load: () => Promise<{ default: T }>): LazyWithRetry<ComponentProps<T>> {
  // Once loaded, a part mounted anew renders at once, without suspending: a first screen whose
  // part main.tsx loaded before the first render (app-shell.tsx) then never commits a fallback,
  // which would hold its content back by React's 300 ms reveal throttle (main.tsx).
  let loaded: T | undefined;
  const get = retryableLoad(() =>
    load().then((module) => {
      loaded = module.default;
      return module;
    }),
  );
  const make = () =>
    lazy(() =>
      get().catch((error: unknown) => {
        failedParts.add(reset);
        throw error;
      }),
    );
  // A new lazy component: the old one holds its rejection.
  const reset = () => (current = make());
  let current = make();
  const Retrying = (props: ComponentProps<T>) => {
    // Chosen once per mount: the same instance switching from the lazy wrapper to the component
    // would be a new element type, and React would remount it (a form losing what was typed).
    const [loadedAtMount] = useState(() => loaded);
    return createElement(loadedAtMount ?? current, props);
  };
  return Object.assign(Retrying, { preload: () => get().then(() => undefined) });
}

/** A part the app needs has not loaded (yet): said instead of waiting for it without end. */
export class PartNotLoadedError extends Error {
  override readonly name = 'PartNotLoadedError';
}

// Chromium, Safari and Firefox say it each their own way.
const IMPORT_FAILED = /dynamically imported module|Importing a module script failed|error loading dynamically imported module/i;

/** Whether `error` is a part of the app that could not be loaded (a failed dynamic import), rather
 * than a fault of the app. */
export function isLoadFailure(error: unknown): boolean {
  return error instanceof PartNotLoadedError || (error instanceof TypeError && IMPORT_FAILED.test(error.message));
}
