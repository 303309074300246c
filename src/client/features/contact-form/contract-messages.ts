import { IDENTIFY_MESSAGE } from '@shared/contact-upsert-schema';
import type { UiLanguage } from '@client/lib/ui-language';

// The contract's own messages, by their English text: the shared schema holds them, in English,
// for the server and Qomon's side. Loaded with the form's validation, not with the page.
const FR: Record<string, string> = {
  'Must be an email address': 'Saisissez une adresse e-mail, comme nom@exemple.fr.',
  'Must be a real date written YYYY-MM-DD': 'Saisissez une date qui existe.',
  'Must be after 1900-01-01': 'La date doit être après le 1er janvier 1900.',
  'Must not be in the future': 'La date ne peut pas être dans le futur.',
  'Must be a phone number': 'Saisissez un numéro de téléphone.',
  'Must be a decimal number written as a string': 'Saisissez un nombre décimal.',
  'Must be between -90 and 90': 'Doit être compris entre -90 et 90.',
  'Must be between -180 and 180': 'Doit être compris entre -180 et 180.',
  [IDENTIFY_MESSAGE]: 'Un contact doit avoir un nom, un e-mail, un téléphone, un portable ou une rue.',
};

/** A message of the contract (or of the server, which speaks English) in the interface language;
 * a message it does not know stays as it is. */
export function translateContractMessage(message: string, language: UiLanguage): string {
  return language === 'fr' ? (FR[message] ?? message) : message;
}
