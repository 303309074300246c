import type { Campaign, CampaignField } from '@shared/campaign-schema';
import type { ConsentProofItem, ContactRequestInput } from '@shared/consent-proof';
import {
  ADDRESS_KEYS,
  campaignFieldGroups,
  type ContactFormValues,
  type FieldGroup,
  fieldKey,
  PERSON_TEXT_KEYS,
  REACH_TEXT_KEYS,
} from './contact-form-values';

export interface BuiltUpsert {
  body: ContactRequestInput;
  /** The form field behind each path of `body.data` (`custom_fields.2` → `answers.custom_fields_604`),
   * so that an error about the body, from zod, the campaign check or the server, lands on the
   * field the canvasser filled. */
  origins: Record<string, string>;
}

type Item = { id: number; label: string; value: string };

/** Whole numbers become numbers; anything else is passed as typed, for the contract to refuse
 * with a message on its field rather than be silently dropped here. */
function toInteger(text: string): number | string {
  return /^\d+$/.test(text) ? Number(text) : text;
}

/** A French keyboard writes 2,5: Qomon's number fields want 2.5. */
function toDecimal(text: string): string {
  return /^-?\d+,\d+$/.test(text) ? text.replace(',', '.') : text;
}

function answerItems(field: CampaignField, answer: string | string[] | undefined): Item[] {
  const item = (value: string): Item => ({ id: field.id, label: field.label, value });
  if (Array.isArray(answer)) {
    // One item per chosen value, in the campaign's order rather than the order of the taps, so the
    // same answers always make the same body (and the same idempotency hash).
    const chosen = new Set(answer);
    return (field.options ?? []).filter((o) => chosen.has(o.value)).map((o) => item(o.value));
  }
  const text = (answer ?? '').trim();
  if (text === '') return [];
  return [item(field.type === 'number' ? toDecimal(text) : text)];
}

/**
 * Turns what the form holds into Qomon's upsert body: empty fields left out, numbers coerced,
 * multiple-choice answers as one `{id, label, value}` item per chosen value, consents only when
 * given (with the campaign's exact value) and the proof of each consent answered, labels from
 * the campaign. Pure: the same values and
 * campaign always give the same body.
 */
export function buildUpsertBody(values: ContactFormValues, campaign: Campaign): BuiltUpsert {
  const origins: Record<string, string> = {};
  const data: Record<string, unknown> = {};

  const address: Record<string, string> = {};
  for (const key of ADDRESS_KEYS) {
    const text = values.address[key].trim();
    if (text === '') continue;
    address[key] = text;
    origins[`address.${key}`] = `address.${key}`;
  }
  if (Object.keys(address).length) data.address = address;

  for (const key of [...PERSON_TEXT_KEYS, ...REACH_TEXT_KEYS]) {
    const text = values[key].trim();
    if (text === '') continue;
    data[key] = text;
    origins[key] = key;
  }

  for (const key of ['age_category', 'id', 'nationbuilderid'] as const) {
    const text = values[key].trim();
    if (text === '') continue;
    data[key] = toInteger(text);
    origins[key] = key;
  }

  // Unticked means "not asked", not "may be contacted": sending false could undo a refusal that
  // Qomon already holds.
  if (values.black_list) {
    data.black_list = true;
    origins.black_list = 'black_list';
  }

  const consents: Item[] = [];
  const consentProof: ConsentProofItem[] = [];
  for (const consent of campaign.consents) {
    const key = fieldKey('consents', consent.id);
    const answer = values.consents[key];
    const proof = values.consentProofs[key];
    // An answer without a proof (a draft from before proofs) goes without one: the shared check
    // then asks for the consent to be given again, rather than a proof being made up now.
    if ((answer === 'yes' || answer === 'no') && proof?.noticeVersion && proof.at) {
      consentProof.push({ id: consent.id, answer, noticeVersion: proof.noticeVersion, at: proof.at });
    }
    if (answer !== 'yes') continue;
    origins[`consents.${consents.length}`] = `consents.${key}`;
    consents.push({ id: consent.id, label: consent.label, value: consent.value });
  }
  if (consents.length) data.consents = consents;

  for (const [group, fields] of Object.entries(campaignFieldGroups(campaign)) as [FieldGroup, CampaignField[]][]) {
    const items: Item[] = [];
    for (const field of fields) {
      const key = fieldKey(group, field.id);
      for (const item of answerItems(field, values.answers[key])) {
        origins[`${group}.${items.length}`] = `answers.${key}`;
        items.push(item);
      }
    }
    if (items.length) data[group] = items;
  }

  const seen = new Set<string>();
  const tags: { name: string }[] = [];
  for (const tag of values.tags) {
    const name = tag.trim();
    // Tags differing only in case are one tag to a person reading them.
    if (name === '' || seen.has(name.toLowerCase())) continue;
    seen.add(name.toLowerCase());
    origins[`tags.${tags.length}`] = 'tags';
    tags.push({ name });
  }
  if (tags.length) {
    data.tags = tags;
    origins.tags = 'tags';
  }

  const notes: { content: string; pinned: boolean }[] = [];
  values.notes.forEach((note, index) => {
    const content = note.content.trim();
    if (content === '') return;
    origins[`notes.${notes.length}`] = `notes.${index}.content`;
    notes.push({ content, pinned: note.pinned });
  });
  if (notes.length) data.notes = notes;

  const body: ContactRequestInput = { kind: 'contact', data: data as ContactRequestInput['data'] };
  if (consentProof.length) body.consentProof = consentProof;
  return { body, origins };
}

/** The form field an error at `path` (relative to `body.data`, such as `custom_fields.2.value`)
 * belongs to: the origin of the path, or of its nearest parent that has one. */
export function fieldForPath(path: string, origins: Record<string, string>): string | undefined {
  const parts = path.split('.');
  for (let n = parts.length; n > 0; n--) {
    const origin = origins[parts.slice(0, n).join('.')];
    if (origin) return origin;
  }
  return undefined;
}
