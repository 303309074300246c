import { defineTexts, useText } from '@client/lib/ui-language';
import type { ConsoleText } from './console-text-en';

export type { ConsoleText };

// One module per language, loaded on demand, and only with the console.
const texts = defineTexts<ConsoleText>({
  en: () => import('./console-text-en').then((m) => m.consoleTextEn),
  fr: () => import('./console-text-fr').then((m) => m.consoleTextFr),
});

export function useConsoleText(): ConsoleText {
  return useText(texts);
}
