import { defineTexts, useText } from '@client/lib/ui-language';
import type { SessionText } from './session-text-en';

export type { SessionText };

// One module per language, loaded on demand: the page does not carry the language not shown.
const texts = defineTexts<SessionText>({
  en: () => import('./session-text-en').then((m) => m.sessionTextEn),
  fr: () => import('./session-text-fr').then((m) => m.sessionTextFr),
});

export function useSessionText(): SessionText {
  return useText(texts);
}
