import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/min';

/**
 * A phone number as Qomon should store it: E.164 (`+33612345678`), read with the campaign's
 * country for numbers written the national way (`06 12 34 56 78`). `undefined` when it is no
 * valid number of that country (or of the country its `+` prefix names).
 *
 * Loaded on demand (see load-to-e164.ts): the metadata weighs more than the rest of the form.
 */
export function toE164(raw: string, country: string): string | undefined {
  const number = parsePhoneNumberFromString(raw, country as CountryCode);
  return number?.isValid() ? number.number : undefined;
}
