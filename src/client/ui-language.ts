export type UiLanguage = 'fr' | 'en';

export function pickUiLanguage(browserLanguage: string | undefined): UiLanguage {
  return browserLanguage?.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

/** Chosen once from the browser: the interface does not switch language mid-session. */
export const uiLanguage: UiLanguage = pickUiLanguage(typeof navigator === 'undefined' ? undefined : navigator.language);

/** Picks the current language's entry of a text table. Each feature keeps its own table, typed
 * from its English entry so that a missing French string fails the type check. */
export function pickText<T>(table: { en: T; fr: NoInfer<T> }): T {
  return table[uiLanguage];
}
