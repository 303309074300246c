import { defineTexts, useText } from '@client/lib/ui-language';
import type { OutboxText } from './outbox-text-en';

export type { OutboxText };

// One module per language, loaded on demand: the page does not carry the language not shown.
const texts = defineTexts<OutboxText>({
  en: () => import('./outbox-text-en').then((m) => m.outboxTextEn),
  fr: () => import('./outbox-text-fr').then((m) => m.outboxTextFr),
});

export function useOutboxText(): OutboxText {
  return useText(texts);
}
