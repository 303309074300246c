import { contractMessageCode, type ContractMessageCode } from '@shared/contract-messages';
import type { UiLanguage } from '@client/lib/ui-language';

// The contract's messages in French, by code (src/shared/contract-messages.ts holds the English,
// for the server and Qomon's side): a code without its French text fails the type check. Loaded
// with the form's validation, not with the page.
const FR: Record<ContractMessageCode, string> = {
  email: 'Saisissez une adresse e-mail, comme nom@exemple.fr.',
  calendarDate: 'Saisissez une date qui existe.',
  after1900: 'La date doit être après le 1er janvier 1900.',
  notInFuture: 'La date ne peut pas être dans le futur.',
  phone: 'Saisissez un numéro de téléphone.',
  decimal: 'Saisissez un nombre décimal.',
  latitudeRange: 'Doit être compris entre -90 et 90.',
  longitudeRange: 'Doit être compris entre -180 et 180.',
  identify: 'Un contact doit avoir un nom, un e-mail, un téléphone, un portable ou une rue.',
};

/** A message of the contract (or of the server, which speaks English) in the interface language;
 * a message it does not know stays as it is. */
export function translateContractMessage(message: string, language: UiLanguage): string {
  const code = language === 'fr' ? contractMessageCode(message) : undefined;
  return code ? FR[code] : message;
}
