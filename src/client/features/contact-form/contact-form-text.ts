import { defineTexts, useText } from '@client/lib/ui-language';
import type { ContactFormText } from './contact-form-text-en';

export type { ContactFormText };

// One module per language, loaded on demand: the page does not carry the language not shown.
const texts = defineTexts<ContactFormText>({
  en: () => import('./contact-form-text-en').then((m) => m.contactFormTextEn),
  fr: () => import('./contact-form-text-fr').then((m) => m.contactFormTextFr),
});

export function useContactFormText(): ContactFormText {
  return useText(texts);
}
