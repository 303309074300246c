import { zodResolver } from '@hookform/resolvers/zod';
import { type FieldErrors, type Resolver, set } from 'react-hook-form';
import type { Campaign, CampaignField } from '@shared/campaign-schema';
import { checkAgainstCampaign } from '@shared/check-against-campaign';
import type { ContactData } from '@shared/contact-upsert-schema';
import { checkConsentProof, contactRequestSchema } from '@shared/consent-proof';
import type { QomonError } from '@shared/problem';
import { buildUpsertBody } from './build-upsert-body';
import { describeContact } from './describe-contact';
import { flattenErrors } from './flatten-errors';
import type { ContactFormText } from './contact-form-text';
import { campaignFieldGroups, type ContactFormValues, type FieldGroup, PHONE_KEYS } from './contact-form-values';
import type { UiLanguage } from '@client/lib/ui-language';
import { translateContractMessage } from './contract-messages';
import type { ToE164 } from './load-to-e164';
import { type FormError, mapQomonErrors } from './map-qomon-errors';
import { newIdempotencyKey } from './new-idempotency-key';

interface ZodIssueLike {
  code?: string;
  origin?: string;
  expected?: string;
  maximum?: unknown;
}

/** Messages for zod's own checks (zod/mini carries no locale: it would say "Invalid input");
 * the contract's own messages are translated after, by their text. */
function builtInMessage(issue: ZodIssueLike, text: ContactFormText): string {
  switch (issue.code) {
    case 'too_big':
      return issue.origin === 'string' ? text.errors.tooLong(Number(issue.maximum)) : text.errors.tooMany(Number(issue.maximum));
    case 'invalid_type':
    case 'too_small':
      return issue.expected === 'number' || issue.origin === 'number' ? text.errors.wholeNumber : text.errors.invalid;
    default:
      return text.errors.invalid;
  }
}

/** What the campaign check says, in the interface language: its messages are English sentences
 * naming the campaign's label, which the field the error lands on already shows. */
function campaignMessage(error: QomonError, field: CampaignField | undefined, text: ContactFormText): string {
  const m = /^body\.data\.([a-z_]+)(?:\.\d+\.(\w+))?$/.exec(error.location);
  if (!m) return error.message;
  const [, group, part] = m;
  if (part === undefined) return group === 'age_category' ? text.errors.choice : text.errors.required;
  if (part !== 'value') return text.errors.choice;
  switch (field?.type) {
    case 'number':
      return text.errors.number;
    case 'date':
      return text.errors.date;
    case 'text':
    case undefined:
      return error.message;
    default:
      return text.errors.choice;
  }
}

export interface ContactFormResolverOptions {
  campaign: Campaign;
  text: ContactFormText;
  language: UiLanguage;
  /** The phone library, loaded on first use. */
  loadToE164: () => Promise<ToE164>;
  /** The country's name in the interface language, for the phone message. */
  countryName: string;
}

/**
 * The form's only validation: builds the upsert body from the form's values, checks it with the
 * shared contract (through zodResolver) and against the campaign, as the server will, and puts
 * each error back on the form field it came from. Beyond the contract it only asks the phone
 * library whether a phone number can exist.
 */
export function createContactFormResolver(options: ContactFormResolverOptions): Resolver<ContactFormValues> {
  const { campaign, text } = options;
  const schemaResolver = zodResolver(contactRequestSchema, { error: (issue: ZodIssueLike) => builtInMessage(issue, text) });
  const fields = new Map<string, CampaignField>();
  for (const [group, list] of Object.entries(campaignFieldGroups(campaign)) as [FieldGroup, CampaignField[]][]) {
    for (const field of list) fields.set(`${group}_${field.id}`, field);
  }
  const translate = (message: string) => translateContractMessage(message, options.language);

  return async (values, context, resolverOptions) => {
    const { body, origins } = buildUpsertBody(values, campaign);
    const found: QomonError[] = [];

    const parsed = await schemaResolver(body, context, {
      ...resolverOptions,
      // The body's paths are not the form's: no field refs, no native validation.
      fields: {},
      names: undefined,
      shouldUseNativeValidation: false,
    });
    for (const [path, message] of flattenErrors(parsed.errors)) found.push({ location: `body.${path}`, message });

    const formErrors: FormError[] = mapQomonErrors(found, origins, values, translate);

    // The campaign check reads the body as the contract would give it; the form already trimmed it
    // and left out what is empty, so it has that shape, valid or not.
    for (const error of checkAgainstCampaign(body.data as ContactData, campaign)) {
      const [mapped] = mapQomonErrors([error], origins, values);
      const key = mapped?.field?.startsWith('answers.') ? mapped.field.slice('answers.'.length) : undefined;
      formErrors.push({ field: mapped?.field, message: campaignMessage(error, key ? fields.get(key) : undefined, text) });
    }
    // The form makes the proof itself, so the one refusal a canvasser can meet here is a consent
    // given in a draft from before proofs: it goes on that consent.
    const request = { data: body.data as ContactData, consentProof: body.consentProof };
    for (const error of checkConsentProof(request, campaign)) {
      const [mapped] = mapQomonErrors([error], origins, values);
      formErrors.push({ field: mapped?.field, message: text.errors.consentProof });
    }

    const phones = PHONE_KEYS.filter((key) => values[key].trim() !== '');
    if (phones.length) {
      try {
        const toE164 = await options.loadToE164();
        for (const key of phones) {
          if (!toE164(values[key], campaign.country)) formErrors.push({ field: key, message: text.errors.phone(options.countryName) });
        }
      } catch {
        // No library (offline before it ever loaded): the contract's own phone check stands alone,
        // and the server normalises nothing either way.
      }
    }

    const errors: FieldErrors<ContactFormValues> = {};
    formErrors.forEach((error, index) => {
      const name = error.field ?? `root.e${index}`;
      // The first error of a field is the one to fix first; the next shows once it is fixed.
      if (!hasError(errors, name)) set(errors, name, { type: error.field ? 'validate' : 'summary', message: error.message });
    });
    return Object.keys(errors).length ? { values: {}, errors } : { values, errors: {} };
  };
}

function hasError(errors: object, name: string): boolean {
  let node: unknown = errors;
  for (const part of name.split('.')) {
    if (node === null || typeof node !== 'object') return false;
    node = (node as Record<string, unknown>)[part];
  }
  return node !== undefined;
}

/** A server's refusals of a contact kept on the device (a 422 in the outbox), on the form's
 * fields, in the interface language: the contact is opened again in the form to be fixed. */
export function serverErrorsOnFields(
  errors: readonly QomonError[],
  values: ContactFormValues,
  campaign: Campaign,
  language: UiLanguage,
): FormError[] {
  const { origins } = buildUpsertBody(values, campaign);
  return mapQomonErrors(errors, origins, values, (message) => translateContractMessage(message, language));
}

// The form reaches these through the one lazy import of this module: building and checking a
// contact, keying it and reading the server's errors are not needed to show the form.
export { buildUpsertBody, describeContact, flattenErrors, newIdempotencyKey };
