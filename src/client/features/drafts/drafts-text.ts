import { defineTexts, useText } from '@client/lib/ui-language';
import type { DraftsText } from './drafts-text-en';

export type { DraftsText };

// One module per language, loaded on demand: the page does not carry the language not shown.
const texts = defineTexts<DraftsText>({
  en: () => import('./drafts-text-en').then((m) => m.draftsTextEn),
  fr: () => import('./drafts-text-fr').then((m) => m.draftsTextFr),
});

export function useDraftsText(): DraftsText {
  return useText(texts);
}
