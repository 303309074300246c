import type { Campaign, CampaignField } from '@shared/campaign-schema';

// What the form's inputs hold: plain strings, booleans and arrays only, so that a draft can be
// saved as JSON and given back to the form. Plain fields mirror the upsert body's names; the
// campaign's parts are maps keyed by a stable key per campaign field (`status_301`), because
// their position in the body depends on what was answered.

export const ADDRESS_KEYS = [
  'street',
  'housenumber',
  'addition',
  'building',
  'floor',
  'door',
  'postalcode',
  'city',
  'citycode',
  'county',
  'state',
  'country',
  'pollingstation',
  'infos',
  'latitude',
  'longitude',
] as const;
export type AddressKey = (typeof ADDRESS_KEYS)[number];

export const PERSON_TEXT_KEYS = [
  'firstname',
  'surname',
  'married_name',
  'birthdate',
  'birthcity',
  'birthdept',
  'birthcountry',
  'nationality',
] as const;

export const REACH_TEXT_KEYS = ['mail', 'phone', 'mobile'] as const;
export const PHONE_KEYS = ['phone', 'mobile'] as const;
export type PhoneKey = (typeof PHONE_KEYS)[number];

/** The upsert's `{id, label, value}` arrays that the campaign's fields fill. */
export const FIELD_GROUPS = ['name_presences', 'status', 'forms', 'actions', 'custom_fields'] as const;
export type FieldGroup = (typeof FIELD_GROUPS)[number];

export type ConsentChoice = 'yes' | 'no' | '';

/** When a consent was answered, and under which notice: empty until the person answers. */
export interface ConsentProofValues {
  noticeVersion: string;
  at: string;
}

export interface NoteValues {
  content: string;
  pinned: boolean;
}

export interface ContactFormValues {
  address: Record<AddressKey, string>;
  firstname: string;
  surname: string;
  married_name: string;
  birthdate: string;
  birthcity: string;
  birthdept: string;
  birthcountry: string;
  nationality: string;
  /** The campaign's age category id, as the radio input holds it. */
  age_category: string;
  mail: string;
  phone: string;
  mobile: string;
  black_list: boolean;
  /** Keyed by `consents_<id>`. */
  consents: Record<string, ConsentChoice>;
  /** Keyed as `consents`: the proof of each answer, taken when it is tapped and never rewritten
   * afterwards (a later notice version applies to answers given after it). */
  consentProofs: Record<string, ConsentProofValues>;
  /** Keyed by `<group>_<id>`: a string, or the chosen values of a multiple-choice field. */
  answers: Record<string, string | string[]>;
  tags: string[];
  notes: NoteValues[];
  /** Qomon's contact id and NationBuilder id, typed as text. */
  id: string;
  nationbuilderid: string;
}

export function fieldKey(group: FieldGroup | 'consents', id: number): string {
  return `${group}_${id}`;
}

/** The campaign's fields of each group of the upsert, in the order the form shows them. */
export function campaignFieldGroups(campaign: Campaign): Record<FieldGroup, CampaignField[]> {
  return {
    name_presences: campaign.doorOutcomes,
    status: campaign.supportLevels,
    forms: campaign.surveys.flatMap((survey) => survey.questions),
    actions: campaign.tasks,
    custom_fields: campaign.customFields,
  };
}

export const emptyNote = (): NoteValues => ({ content: '', pinned: false });
export const emptyConsentProof = (): ConsentProofValues => ({ noticeVersion: '', at: '' });

function emptyAddress(campaign: Campaign): Record<AddressKey, string> {
  const address = Object.fromEntries(ADDRESS_KEYS.map((key) => [key, ''])) as Record<AddressKey, string>;
  // Qomon takes the country as free text, as a person writes it: "France", in the campaign's
  // language, rather than the campaign's ISO code.
  address.country = countryName(campaign.country, campaign.language);
  return address;
}

/** A country's name from its ISO code (`FR` → `France`), or the code where the browser has no
 * name for it. */
export function countryName(code: string, language: string): string {
  try {
    return new Intl.DisplayNames([language], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

function emptyPerson(campaign: Campaign): Omit<ContactFormValues, 'address'> {
  const answers: Record<string, string | string[]> = {};
  for (const [group, fields] of Object.entries(campaignFieldGroups(campaign)) as [FieldGroup, CampaignField[]][]) {
    for (const field of fields) answers[fieldKey(group, field.id)] = field.type === 'multiple' ? [] : '';
  }
  return {
    firstname: '',
    surname: '',
    married_name: '',
    birthdate: '',
    birthcity: '',
    birthdept: '',
    birthcountry: '',
    nationality: '',
    age_category: '',
    mail: '',
    phone: '',
    mobile: '',
    black_list: false,
    // None pre-ticked: consent must be an explicit choice (GDPR).
    consents: Object.fromEntries(campaign.consents.map((c) => [fieldKey('consents', c.id), ''])),
    consentProofs: Object.fromEntries(campaign.consents.map((c) => [fieldKey('consents', c.id), emptyConsentProof()])),
    answers,
    tags: [],
    notes: [emptyNote()],
    id: '',
    nationbuilderid: '',
  };
}

export function emptyContactFormValues(campaign: Campaign): ContactFormValues {
  return { address: emptyAddress(campaign), ...emptyPerson(campaign) };
}

/** The next door of the same street: the address stays but for what differs from door to door
 * (number, door, position); the person and what they said are cleared. */
export function nextDoorValues(previous: ContactFormValues, campaign: Campaign): ContactFormValues {
  return {
    address: { ...previous.address, housenumber: '', addition: '', door: '', latitude: '', longitude: '' },
    ...emptyPerson(campaign),
  };
}

/** Someone else living at the same door: the whole address stays, the person is cleared. */
export function sameHouseholdValues(previous: ContactFormValues, campaign: Campaign): ContactFormValues {
  return { address: { ...previous.address }, ...emptyPerson(campaign) };
}

/** The shape of ContactFormValues that drafts and the outbox keep on the device. Raise it when
 * that shape changes, and teach `migrateContactFormValues` to read the older one, so that a
 * draft typed before an update is never stranded. */
export const FORM_VERSION = 2;
