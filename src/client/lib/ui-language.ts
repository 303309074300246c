import { use, useSyncExternalStore } from 'react';
import { onLoadRetry } from './lazy-with-retry';

export type UiLanguage = 'fr' | 'en';

export const UI_LANGUAGES: readonly UiLanguage[] = ['fr', 'en'];

/** Where the canvasser's own choice is kept: it outlives sign-outs and reloads, since a shared
 * tablet usually stays with one team. */
export const LANGUAGE_STORAGE_KEY = 'doorstep.language';

export function pickUiLanguage(browserLanguage: string | undefined): UiLanguage {
  return browserLanguage?.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

/** A promise that React's `use` can read without suspending once it has settled: React reads
 * the `status` and `value` it finds on a thenable. */
type Tracked<T> = Promise<T> & { status?: string; value?: T; reason?: unknown };

/** One feature's texts, one module per language: only the language on screen is loaded, so the
 * page's first load does not carry the other one. */
export interface TextTable<T> {
  load: Record<UiLanguage, () => Promise<T>>;
  loading: Partial<Record<UiLanguage, Tracked<T>>>;
}

const tables: TextTable<unknown>[] = [];

/** Declares a feature's text table, its languages loaded on demand. The English entry gives the
 * type, so that a missing French string fails the type check. */
export function defineTexts<T>(load: { en: () => Promise<T>; fr: () => Promise<NoInfer<T>> }): TextTable<T> {
  const table: TextTable<T> = { load, loading: {} };
  tables.push(table as TextTable<unknown>);
  return table;
}

function textsOf<T>(table: TextTable<T>, language: UiLanguage): Tracked<T> {
  let promise = table.loading[language];
  if (!promise) {
    const tracked: Tracked<T> = table.load[language]();
    tracked.status = 'pending';
    tracked.then(
      (value) => Object.assign(tracked, { status: 'fulfilled', value }),
      (reason: unknown) => {
        // Kept as it failed until the failed loads are tried again (back online, or the error
        // boundary's Try again): a render that started a new load each time would never end.
        // The reason is what `use` throws, to the error boundary around the part
        // (components/load-boundary.tsx).
        Object.assign(tracked, { status: 'rejected', reason });
        onLoadRetry(() => {
          if (table.loading[language] === tracked) delete table.loading[language];
        });
      },
    );
    table.loading[language] = promise = tracked;
  }
  return promise;
}

/** Whether every declared table has its texts in `language` already (then a switch needs no wait). */
function textsLoaded(language: UiLanguage): boolean {
  return tables.every((table) => table.loading[language]?.status === 'fulfilled');
}

/** Loads every declared table in a language, so that switching to it shows no empty screen. */
export function loadTexts(language: UiLanguage): Promise<unknown> {
  return Promise.all(tables.map((table) => textsOf(table, language)));
}

function storage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    // Some browsers throw on access when storage is disabled.
    return undefined;
  }
}

function readChoice(): UiLanguage | undefined {
  const stored = storage()?.getItem(LANGUAGE_STORAGE_KEY);
  return stored === 'fr' || stored === 'en' ? stored : undefined;
}

/**
 * The interface language, as a small store that every component reads through `useUiLanguage`,
 * so that the switch re-renders everything at once. Precedence: the canvasser's explicit choice,
 * then the campaign's language, then the browser's. A new language shows once its texts are
 * loaded.
 */
function createLanguageStore() {
  const listeners = new Set<() => void>();
  let choice = readChoice();
  let campaignLanguage: UiLanguage | undefined;
  const browser = pickUiLanguage(typeof navigator === 'undefined' ? undefined : navigator.language);
  let current: UiLanguage = choice ?? browser;
  let wanted = current;

  const show = (language: UiLanguage) => {
    current = language;
    // Screen readers pronounce by this attribute; index.html cannot know the reader's language.
    if (typeof document !== 'undefined') document.documentElement.lang = language;
    listeners.forEach((listener) => listener());
  };

  const update = () => {
    const next = choice ?? campaignLanguage ?? browser;
    if (next === wanted) return;
    wanted = next;
    // Before the first render there is nothing on screen to keep, and with the texts there already
    // nothing to wait for: switch at once.
    if (!listeners.size || textsLoaded(next)) {
      show(next);
      return;
    }
    loadTexts(next).then(
      () => {
        if (wanted === next && current !== next) show(next);
      },
      () => {
        // Offline before this language was ever loaded: stay in the one on screen.
        if (wanted === next) wanted = current;
      },
    );
  };

  if (typeof document !== 'undefined') document.documentElement.lang = current;

  return {
    get: (): UiLanguage => current,
    subscribe(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** The switch: the canvasser's choice wins over the campaign and the browser, and is kept. */
    choose(language: UiLanguage): void {
      choice = language;
      try {
        storage()?.setItem(LANGUAGE_STORAGE_KEY, language);
      } catch {
        // Storage full or refused: the choice still holds for this visit.
      }
      update();
    },
    /** The campaign's language, used when the canvasser has not chosen. */
    adoptCampaignLanguage(language: UiLanguage | undefined): void {
      campaignLanguage = language;
      update();
    },
  };
}

export const languageStore = createLanguageStore();

export function useUiLanguage(): UiLanguage {
  return useSyncExternalStore(languageStore.subscribe, languageStore.get, languageStore.get);
}

/** The current language's entry of a text table. The first render waits (Suspense) for the
 * language's module; after that it is read at once. */
export function useText<T>(table: TextTable<T>): T {
  return use(textsOf(table, useUiLanguage()) as Promise<T>);
}
