import type { ContactFormValues } from './contact-form-values';

/** Who and where, in one line, for the confirmation: "Marie Dupont · 12 bis rue Béchevelin, Lyon". */
export function describeContact(values: ContactFormValues): string {
  const a = values.address;
  const join = (parts: string[], separator: string) =>
    parts
      .map((s) => s.trim())
      .filter(Boolean)
      .join(separator);
  const name = join([values.firstname, values.surname || values.married_name], ' ');
  const street = join([join([a.housenumber, a.addition], ' '), a.street], ' ');
  return join([name || values.mail || values.mobile || values.phone, join([street, a.city], ', ')], ' · ');
}
