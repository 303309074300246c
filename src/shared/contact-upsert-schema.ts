import * as z from 'zod/mini';
import { CONTRACT_MESSAGES } from './contract-messages';

// The contract of Qomon's POST /contacts/upsert body (Qomon's reference page is kept in
// docs/qomon-contacts-upsert.txt; see docs/decisions/0002-one-shared-zod-contract.md). Written with zod/mini so that the browser bundle stays small;
// the server imports the very same schema.

export const LIMITS = {
  name: 100,
  text: 200,
  addressInfos: 500,
  note: 5000,
  value: 1000,
  mail: 254,
  phone: 25,
  items: 100,
  notes: 50,
  tags: 50,
} as const;

/** Trims, and turns a blank string into `undefined`, so that no empty value ever goes upstream
 * (Qomon would store it over a value it already holds). */
function optionalText<T extends z.ZodMiniType<unknown, string>>(inner: T) {
  return z.optional(
    z.pipe(
      z.pipe(
        z.string(),
        z.transform((s: string) => {
          const t = s.trim();
          return t === '' ? undefined : t;
        }),
      ),
      z.optional(inner),
    ),
  );
}

const text = (max: number = LIMITS.name) => optionalText(z.string().check(z.maxLength(max)));

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written YYYY-MM-DD. */
export function isCalendarDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** Today's date in the timezone that is furthest ahead (UTC+14), so that nobody born "today"
 * anywhere on earth is refused. */
function latestToday(now = Date.now()): string {
  return new Date(now + 14 * 3600_000).toISOString().slice(0, 10);
}

const birthdate = optionalText(
  z.string().check(
    // abort: a string that is no date at all gets one message, not three.
    z.refine(isCalendarDate, { message: CONTRACT_MESSAGES.calendarDate, abort: true }),
    z.refine((s) => s >= '1900-01-01', CONTRACT_MESSAGES.after1900),
    z.refine((s) => s <= latestToday(), CONTRACT_MESSAGES.notInFuture),
  ),
);

const PHONE_RE = /^\+?[0-9 ().\-/]+$/;
const phone = optionalText(
  z.string().check(
    z.maxLength(LIMITS.phone),
    z.regex(PHONE_RE, CONTRACT_MESSAGES.phone),
    z.refine((s) => s.replace(/\D/g, '').length >= 4, CONTRACT_MESSAGES.phone),
  ),
);

function coordinate(limit: 90 | 180) {
  return optionalText(
    z.string().check(
      z.regex(/^-?\d{1,3}(\.\d{1,12})?$/, CONTRACT_MESSAGES.decimal),
      z.refine((s) => Math.abs(Number(s)) <= limit, limit === 90 ? CONTRACT_MESSAGES.latitudeRange : CONTRACT_MESSAGES.longitudeRange),
    ),
  );
}

const positiveInt = z.int().check(z.positive());

/** One `{id, label, value}` item of actions, consents, custom_fields, forms, name_presences and
 * status. Qomon wants `value` as a string, always. */
export const fieldValueSchema = z.strictObject({
  id: positiveInt,
  label: text(LIMITS.text),
  value: optionalText(z.string().check(z.maxLength(LIMITS.value))),
});

const fieldValues = z.optional(z.array(fieldValueSchema).check(z.maxLength(LIMITS.items)));

export const addressSchema = z.strictObject({
  addition: text(20),
  building: text(),
  city: text(),
  citycode: text(10),
  country: text(),
  county: text(),
  door: text(20),
  floor: text(20),
  housenumber: text(20),
  id: z.optional(positiveInt),
  infos: text(LIMITS.addressInfos),
  latitude: coordinate(90),
  longitude: coordinate(180),
  pollingstation: text(),
  postalcode: text(20),
  state: text(),
  street: text(LIMITS.text),
});

export const noteSchema = z.strictObject({
  content: optionalText(z.string().check(z.maxLength(LIMITS.note))),
  id: z.optional(positiveInt),
  pinned: z._default(z.boolean(), false),
});

export const tagSchema = z.strictObject({ name: text(LIMITS.text) });

const contactDataShape = z.strictObject({
  actions: fieldValues,
  address: z.optional(addressSchema),
  age_category: z.optional(positiveInt),
  birthcity: text(),
  birthcountry: text(),
  birthdate,
  birthdept: text(),
  black_list: z.optional(z.boolean()),
  consents: fieldValues,
  custom_fields: fieldValues,
  firstname: text(),
  forms: fieldValues,
  id: z.optional(positiveInt),
  mail: optionalText(z.email(CONTRACT_MESSAGES.email).check(z.maxLength(LIMITS.mail))),
  married_name: text(),
  mobile: phone,
  name_presences: fieldValues,
  nationality: text(),
  nationbuilderid: z.optional(positiveInt),
  notes: z.optional(z.array(noteSchema).check(z.maxLength(LIMITS.notes))),
  phone,
  status: fieldValues,
  surname: text(),
  tags: z.optional(z.array(tagSchema).check(z.maxLength(LIMITS.tags))),
});

type ContactDataParsed = z.output<typeof contactDataShape>;

/** Removes what must not go upstream: keys left `undefined` by blank strings, items that lost their
 * value, name or content that way, and objects or arrays left empty. */
export function compactContactData(data: ContactDataParsed): ContactDataParsed {
  return compact(data, '') as ContactDataParsed;
}

const REQUIRED_IN_ITEM: Record<string, string> = { notes: 'content', tags: 'name' };
const FIELD_VALUE_ARRAYS = new Set(['actions', 'consents', 'custom_fields', 'forms', 'name_presences', 'status']);

function compact(value: unknown, key: string): unknown {
  if (Array.isArray(value)) {
    const required = REQUIRED_IN_ITEM[key] ?? (FIELD_VALUE_ARRAYS.has(key) ? 'value' : undefined);
    const items = value
      .filter((item) => !required || (item as Record<string, unknown>)[required] !== undefined)
      .map((item) => compact(item, ''))
      .filter((item) => item !== undefined);
    return items.length ? items : undefined;
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const c = compact(v, k);
      if (c !== undefined) out[k] = c;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return value;
}

/** Whether a contact names someone Qomon can match or create: a name, an email, a phone, a
 * mobile, a street address, or an existing contact's id. */
export function identifiesSomeone(d: ContactDataParsed): boolean {
  return Boolean(d.firstname || d.surname || d.married_name || d.mail || d.phone || d.mobile || d.address?.street || d.id);
}

export const IDENTIFY_MESSAGE = CONTRACT_MESSAGES.identify;

export const contactDataSchema = z
  .pipe(
    contactDataShape,
    z.transform((d: ContactDataParsed) => compactContactData(d) ?? {}),
  )
  .check(z.refine(identifiesSomeone, IDENTIFY_MESSAGE));

export const contactUpsertSchema = z.strictObject({
  kind: z.literal('contact'),
  data: contactDataSchema,
});

/** What the form and API clients may send. */
export type ContactUpsertInput = z.input<typeof contactUpsertSchema>;
/** What goes upstream: trimmed, empty values removed. */
export type ContactUpsert = z.output<typeof contactUpsertSchema>;
export type ContactData = ContactUpsert['data'];
export type FieldValue = z.output<typeof fieldValueSchema>;
