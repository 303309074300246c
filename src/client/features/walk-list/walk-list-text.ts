import { defineTexts, useText } from '@client/lib/ui-language';
import type { WalkListText } from './walk-list-text-en';

export type { WalkListText };

// One module per language, loaded on demand: the page does not carry the language not shown.
const texts = defineTexts<WalkListText>({
  en: () => import('./walk-list-text-en').then((m) => m.walkListTextEn),
  fr: () => import('./walk-list-text-fr').then((m) => m.walkListTextFr),
});

export function useWalkListText(): WalkListText {
  return useText(texts);
}
