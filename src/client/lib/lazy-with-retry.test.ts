import { createElement, Suspense } from 'react';
import { renderToString } from 'react-dom/server';
import { prerender } from 'react-dom/static';
import { describe, expect, it, vi } from 'vitest';
import { lazyWithRetry, prefetch, retryableLoad, retryFailedLoads } from './lazy-with-retry';

const offline = () => Promise.reject(new TypeError('Failed to fetch dynamically imported module'));

/** What React renders of `element` once everything it waits for has settled: a part that fails
 * to load leaves its Suspense fallback. */
async function rendered(element: ReturnType<typeof createElement>): Promise<string> {
  const { prelude } = await prerender(createElement(Suspense, { fallback: 'not loaded' }, element), { onError: () => undefined });
  return new Response(prelude).text();
}

describe('retryableLoad', () => {
  it('keeps a success, and forgets a failure so that the next call loads again', async () => {
    const load = vi.fn<() => Promise<string>>().mockImplementationOnce(offline).mockResolvedValue('module');
    const get = retryableLoad(load);
    await expect(get()).rejects.toThrow('Failed to fetch');
    await expect(get()).resolves.toBe('module');
    await expect(get()).resolves.toBe('module');
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('shares one load while it is pending', async () => {
    const load = vi.fn(() => Promise.resolve(1));
    const get = retryableLoad(load);
    await Promise.all([get(), get()]);
    expect(load).toHaveBeenCalledTimes(1);
  });
});

describe('lazyWithRetry', () => {
  it('renders a part that failed to load once the failed loads are retried, where React.lazy would keep the failure', async () => {
    const Part = ({ who }: { who: string }) => createElement('p', null, `hello ${who}`);
    const load = vi.fn<() => Promise<{ default: typeof Part }>>().mockImplementationOnce(offline).mockResolvedValue({ default: Part });
    const Lazy = lazyWithRetry(load);

    expect(await rendered(createElement(Lazy, { who: 'Marie' }))).toContain('not loaded');
    // Not retried: the failed part stays failed (and is not imported again).
    expect(await rendered(createElement(Lazy, { who: 'Marie' }))).toContain('not loaded');
    expect(load).toHaveBeenCalledTimes(1);

    retryFailedLoads();
    expect(await rendered(createElement(Lazy, { who: 'Marie' }))).toContain('hello Marie');
    expect(load).toHaveBeenCalledTimes(2);
    // Loaded: a later retry of other parts changes nothing for this one.
    retryFailedLoads();
    expect(await rendered(createElement(Lazy, { who: 'Paul' }))).toContain('hello Paul');
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('preloads: a failed preload is forgotten, and a preloaded part renders without loading again', async () => {
    const Part = () => createElement('p', null, 'ready');
    const load = vi.fn<() => Promise<{ default: typeof Part }>>().mockImplementationOnce(offline).mockResolvedValue({ default: Part });
    const Lazy = lazyWithRetry(load);
    await expect(Lazy.preload()).rejects.toThrow('Failed to fetch');
    await Lazy.preload();
    expect(await rendered(createElement(Lazy))).toContain('ready');
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('renders a part already loaded at once, where React.lazy would suspend on its first render', async () => {
    const Part = () => createElement('p', null, 'ready');
    const Lazy = lazyWithRetry(() => Promise.resolve({ default: Part }));
    await Lazy.preload();
    // renderToString gives what one pass renders: a part that suspends is its fallback.
    expect(renderToString(createElement(Suspense, { fallback: 'not loaded' }, createElement(Lazy)))).toContain('ready');
  });
});

describe('prefetch', () => {
  it('tries again each time the network is back, until the load succeeds', async () => {
    const target = new EventTarget();
    const load = vi.fn<() => Promise<void>>().mockImplementationOnce(offline).mockImplementationOnce(offline).mockResolvedValue();
    const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
    prefetch(load, target);
    await settle();
    expect(load).toHaveBeenCalledTimes(1);
    for (const expected of [2, 3, 3]) {
      target.dispatchEvent(new Event('online'));
      await settle();
      expect(load).toHaveBeenCalledTimes(expected);
    }
  });
});
