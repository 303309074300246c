import { describe, expect, it } from 'vitest';
import { createOfflineReadinessStore } from './offline-readiness-store';

/** A service worker container whose `ready` the test resolves, with a worker in `state`. */
function container() {
  let resolve!: (registration: ServiceWorkerRegistration) => void;
  const ready = new Promise<ServiceWorkerRegistration>((r) => (resolve = r));
  const worker = Object.assign(new EventTarget(), { state: 'activating' as ServiceWorkerState });
  const activate = (state: ServiceWorkerState) => {
    worker.state = state;
    worker.dispatchEvent(new Event('statechange'));
  };
  return { ready, resolve: () => resolve({ active: worker } as unknown as ServiceWorkerRegistration), worker, activate };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('offline readiness', () => {
  it('is "not yet" until a worker is active and has finished activating (its precache stored)', async () => {
    const sw = container();
    const store = createOfflineReadinessStore(sw);
    const seen: string[] = [];
    store.subscribe(() => seen.push(store.get()));
    expect(store.get()).toBe('not-yet');
    sw.resolve();
    await settle();
    expect(store.get()).toBe('not-yet');
    sw.activate('activated');
    expect(store.get()).toBe('ready');
    expect(seen).toEqual(['ready']);
  });

  it('is ready at once when the worker is activated already (a later visit)', async () => {
    const sw = container();
    sw.worker.state = 'activated';
    const store = createOfflineReadinessStore(sw);
    sw.resolve();
    await settle();
    expect(store.get()).toBe('ready');
  });

  it('stays "not yet" while no worker becomes active (its install failed: the network went)', async () => {
    const store = createOfflineReadinessStore({ ready: new Promise(() => undefined) });
    await settle();
    expect(store.get()).toBe('not-yet');
  });

  it('says "unsupported" without service workers', () => {
    expect(createOfflineReadinessStore(undefined).get()).toBe('unsupported');
  });
});
