import * as z from 'zod/mini';

// The campaign file: what the form offers and the Qomon ids behind each choice. The server
// checks every advanced field of a contact against it, because Qomon answers 202 and then
// silently drops a contact whose id or value it does not know.

const id = z.int().check(z.positive());
const label = z.string().check(z.trim(), z.minLength(1), z.maxLength(200));

export const optionSchema = z.strictObject({ value: z.string().check(z.minLength(1), z.maxLength(1000)), label });

export const FIELD_TYPES = ['text', 'number', 'date', 'single', 'multiple', 'yesno'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export { YES_NO_VALUES } from './yes-no-values';

export const fieldSchema = z
  .strictObject({
    id,
    label,
    type: z.enum(FIELD_TYPES),
    required: z._default(z.boolean(), false),
    options: z.optional(z.array(optionSchema).check(z.minLength(1), z.maxLength(200))),
    help: z.optional(z.string().check(z.maxLength(500))),
  })
  .check(
    z.refine((f) => (f.type === 'single' || f.type === 'multiple') === Boolean(f.options?.length), {
      message: 'Choice fields (single, multiple) need options; other types take none',
      path: ['options'],
    }),
  );

export const consentSchema = z.strictObject({
  id,
  label,
  /** The exact string Qomon expects, such as `consent_email`. */
  value: z.string().check(z.minLength(1), z.maxLength(200)),
  help: z.optional(z.string().check(z.maxLength(500))),
});

const noticeText = z.string().check(z.trim(), z.minLength(1), z.maxLength(2000));

/** What the person is told before the consents are asked (who collects, why, that answering is
 * optional, their rights): a short text per language and a link to the full notice. `version`
 * names this wording; each consent answer's proof keeps the version that was on screen, so a
 * campaign that changes the wording must change the version (and keep the old text on record). */
export const noticeSchema = z.strictObject({
  version: z
    .string()
    .check(z.trim(), z.minLength(1), z.maxLength(50), z.regex(/^[\w.-]+$/, 'Letters, digits, dots, dashes and underscores only')),
  text: z.strictObject({ fr: z.optional(noticeText), en: z.optional(noticeText) }),
  url: z.url({ protocol: /^https?$/, error: 'Must be an http(s) URL' }).check(z.maxLength(500)),
});

export const surveySchema = z.strictObject({
  label,
  questions: z.array(fieldSchema).check(z.minLength(1)),
});

/** What a door outcome means on a walk list. `conversation`: the form opens for the person met
 * (the visit is sent with the contact). `sendContact`: a visit without conversation also goes to
 * Qomon as an address-only contact carrying the outcome (off by default: no empty contacts). */
export const walkListOutcomeSchema = z.strictObject({
  state: z.enum(['absent', 'done', 'refused']),
  conversation: z._default(z.boolean(), false),
  sendContact: z._default(z.boolean(), false),
});

export const walkListSchema = z.strictObject({
  /** The id of the `doorOutcomes` field (type single) whose options are the outcome tiles. */
  outcomeField: id,
  /** One entry per option value of that field. */
  outcomes: z.record(z.string(), walkListOutcomeSchema),
});

export const campaignSchema = z
  .strictObject({
    $schema: z.optional(z.string()),
    name: label,
    /** ISO 3166-1 alpha-2, used for phone numbers and the default country. */
    country: z.string().check(z.regex(/^[A-Z]{2}$/, 'Must be an ISO 3166-1 alpha-2 code such as FR')),
    language: z.enum(['fr', 'en']),
    consents: z._default(z.array(consentSchema), []),
    /** Required when `consents` is not empty. */
    notice: z.optional(noticeSchema),
    /** Sent as `name_presences`. */
    doorOutcomes: z._default(z.array(fieldSchema), []),
    /** Sent as `status`. */
    supportLevels: z._default(z.array(fieldSchema), []),
    /** Their questions are sent as `forms`. */
    surveys: z._default(z.array(surveySchema), []),
    /** Sent as `actions`. */
    tasks: z._default(z.array(fieldSchema), []),
    /** Sent as `custom_fields`. */
    customFields: z._default(z.array(fieldSchema), []),
    ageCategories: z._default(z.array(z.strictObject({ id, label })), []),
    tags: z._default(z.array(z.string().check(z.trim(), z.minLength(1), z.maxLength(200))), []),
    /** Absent: walk lists are not offered (the free form only). */
    walkList: z.optional(walkListSchema),
  })
  .check(
    z.superRefine((c, ctx) => {
      const groups: [string, { id: number }[]][] = [
        ['consents', c.consents],
        ['doorOutcomes', c.doorOutcomes],
        ['supportLevels', c.supportLevels],
        ['surveys', c.surveys.flatMap((s) => s.questions)],
        ['tasks', c.tasks],
        ['customFields', c.customFields],
        ['ageCategories', c.ageCategories],
      ];
      for (const [name, items] of groups) {
        const seen = new Set<number>();
        for (const item of items) {
          if (seen.has(item.id)) {
            ctx.addIssue({ code: 'custom', message: `Duplicate id ${item.id} in ${name}`, path: [name], input: c });
          }
          seen.add(item.id);
        }
      }
      if (c.consents.length && !c.notice) {
        ctx.addIssue({
          code: 'custom',
          message:
            'A campaign that asks consents needs a notice {version, text: {fr, en}, url}: the person must be told who collects, why, that answering is optional, and their rights',
          path: ['notice'],
          input: c,
        });
      }
      if (c.notice && !c.notice.text[c.language]) {
        ctx.addIssue({
          code: 'custom',
          message: `The notice needs a text in the campaign's language (${c.language})`,
          path: ['notice', 'text', c.language],
          input: c,
        });
      }
      if (c.walkList) checkWalkList(c, c.walkList, ctx);
    }),
  );

type CampaignShape = { doorOutcomes: z.output<typeof fieldSchema>[] };
type RefineContext = Parameters<Parameters<typeof z.superRefine<CampaignShape>>[0]>[1];

function checkWalkList(c: CampaignShape, walkList: z.output<typeof walkListSchema>, ctx: RefineContext) {
  const issue = (message: string, path: (string | number)[]) =>
    ctx.addIssue({ code: 'custom', message, path: ['walkList', ...path], input: c });
  const field = c.doorOutcomes.find((f) => f.id === walkList.outcomeField);
  if (!field || field.type !== 'single') {
    issue(`outcomeField ${walkList.outcomeField} must be the id of a doorOutcomes field of type single`, ['outcomeField']);
    return;
  }
  const values = new Set(field.options?.map((o) => o.value));
  for (const value of values) if (!walkList.outcomes[value]) issue(`No entry for the door outcome "${value}"`, ['outcomes']);
  for (const value of Object.keys(walkList.outcomes)) {
    if (!values.has(value)) issue(`"${value}" is not an option of doorOutcomes field ${field.id}`, ['outcomes', value]);
  }
  if (!Object.values(walkList.outcomes).some((o) => o.conversation)) {
    issue('At least one outcome must be a conversation (it opens the form)', ['outcomes']);
  }
}

/** The door outcome field and the meaning of each option, for a campaign with walk lists. */
export function walkListOutcomes(campaign: Campaign): { field: CampaignField; outcomes: WalkListOutcome[] } | undefined {
  const walkList = campaign.walkList;
  const field = walkList && campaign.doorOutcomes.find((f) => f.id === walkList.outcomeField);
  if (!walkList || !field?.options) return undefined;
  return { field, outcomes: field.options.map((o) => ({ ...o, ...walkList.outcomes[o.value]! })) };
}

export type WalkListOutcome = z.output<typeof optionSchema> & z.output<typeof walkListOutcomeSchema>;

export type Campaign = z.output<typeof campaignSchema>;
export type CampaignInput = z.input<typeof campaignSchema>;
export type CampaignField = z.output<typeof fieldSchema>;
export type Consent = z.output<typeof consentSchema>;
export type Notice = z.output<typeof noticeSchema>;
