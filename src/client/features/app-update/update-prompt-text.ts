import { defineTexts, useText } from '@client/lib/ui-language';
import type { UpdatePromptText } from './update-prompt-text-en';

export type { UpdatePromptText };

// One module per language, loaded on demand: the page does not carry the language not shown.
const texts = defineTexts<UpdatePromptText>({
  en: () => import('./update-prompt-text-en').then((m) => m.updatePromptTextEn),
  fr: () => import('./update-prompt-text-fr').then((m) => m.updatePromptTextFr),
});

export function useUpdatePromptText(): UpdatePromptText {
  return useText(texts);
}
