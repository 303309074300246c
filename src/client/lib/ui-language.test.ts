import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

function stubBrowser(language: string, stored?: string) {
  const items = new Map<string, string>(stored ? [['doorstep.language', stored]] : []);
  vi.stubGlobal('navigator', { language });
  vi.stubGlobal('localStorage', { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v) });
  vi.stubGlobal('document', { documentElement: { lang: '' } });
  return items;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the interface language', () => {
  it('starts from the browser, then the campaign, unless the canvasser chose', async () => {
    stubBrowser('fr-FR');
    const { languageStore } = await import('./ui-language');
    expect(languageStore.get()).toBe('fr');
    languageStore.adoptCampaignLanguage('en');
    expect(languageStore.get()).toBe('en');
    expect(document.documentElement.lang).toBe('en');
  });

  it('keeps the canvasser’s choice over the campaign’s, across loads', async () => {
    const items = stubBrowser('en-GB');
    const first = await import('./ui-language');
    first.languageStore.choose('fr');
    expect(items.get('doorstep.language')).toBe('fr');

    vi.resetModules();
    const second = await import('./ui-language');
    second.languageStore.adoptCampaignLanguage('en');
    expect(second.languageStore.get()).toBe('fr');
  });

  it('shows a new language once its texts are loaded, and stays when they cannot load', async () => {
    stubBrowser('en-GB');
    const { defineTexts, languageStore } = await import('./ui-language');
    let failFrench = true;
    defineTexts({
      en: async () => ({ hello: 'Hello' }),
      fr: async () => (failFrench ? Promise.reject(new Error('offline')) : { hello: 'Bonjour' }),
    });
    const seen: string[] = [];
    languageStore.subscribe(() => seen.push(languageStore.get()));

    languageStore.choose('fr');
    expect(languageStore.get()).toBe('en');
    await settle();
    expect(languageStore.get()).toBe('en');

    // Failed, it stays failed (no new load at each render) until the failed loads are tried again,
    // as they are when the network is back.
    failFrench = false;
    languageStore.choose('en');
    languageStore.choose('fr');
    await settle();
    expect(languageStore.get()).toBe('en');
    (await import('./lazy-with-retry')).retryFailedLoads();
    languageStore.choose('en');
    languageStore.choose('fr');
    await settle();
    expect(languageStore.get()).toBe('fr');
    expect(seen).toEqual(['fr']);
  });
});
