import { defineTexts, useText } from '@client/lib/ui-language';
import type { AppShellText } from './app-shell-text-en';

export type { AppShellText };

// One module per language, loaded on demand: the page does not carry the language not shown.
const texts = defineTexts<AppShellText>({
  en: () => import('./app-shell-text-en').then((m) => m.appShellTextEn),
  fr: () => import('./app-shell-text-fr').then((m) => m.appShellTextFr),
});

export function useAppShellText(): AppShellText {
  return useText(texts);
}
