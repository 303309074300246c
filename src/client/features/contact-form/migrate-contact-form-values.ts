import type { Campaign } from '@shared/campaign-schema';
import { type ContactFormValues, emptyContactFormValues, emptyNote, FORM_VERSION } from './contact-form-values';

// Reading values that an older (or the same) version of the form kept on the device: apart from
// the form, since only a resumed draft or a contact opened again needs it.

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** What of `stored` fits `template`, field by field: a value of the wrong type, or a field the
 * form no longer has (a campaign question removed since), gives way to the template's. */
function fitInto<T>(template: T, stored: unknown): T {
  if (Array.isArray(template)) {
    if (!Array.isArray(stored)) return template;
    const [first] = template as unknown[];
    // Lists of records (notes) are fitted item by item; lists of strings (tags, choices) keep strings.
    if (isRecord(first)) return stored.filter(isRecord).map((item) => fitInto(first, item)) as T;
    return stored.filter((item) => typeof item === 'string') as T;
  }
  if (isRecord(template)) {
    if (!isRecord(stored)) return template;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(template)) out[key] = fitInto(value, stored[key]);
    return out as T;
  }
  return typeof stored === typeof template ? (stored as T) : template;
}

/** Values kept on the device (a draft, an outbox item) by form version `fromVersion`, in this
 * form's shape for `campaign`; undefined when they cannot be read (made by a newer version of the
 * app, or not a form's values at all), and then the caller keeps them untouched. Version 2 added
 * `consentProofs`: a version 1 draft has none, so its consents keep their answers with empty
 * proofs, and the form asks for each given one to be tapped again with the notice shown (a proof
 * is never made up after the fact). */
export function migrateContactFormValues(stored: unknown, fromVersion: number, campaign: Campaign): ContactFormValues | undefined {
  if (!isRecord(stored) || fromVersion > FORM_VERSION || fromVersion < 1) return undefined;
  const values = fitInto(emptyContactFormValues(campaign), stored);
  // An empty list of notes would leave the form without its note field.
  if (!values.notes.length) values.notes = [emptyNote()];
  return values;
}
