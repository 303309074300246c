import * as z from 'zod/mini';
import type { Campaign } from './campaign-schema';
import { contactDataSchema, type ContactData } from './contact-upsert-schema';
import type { QomonError } from './problem';

// The proof of each consent answer (docs/decisions/0010-consent-proof-as-pinned-note.md). Qomon's
// consents are bare `{id, label, value}` items with no room for a proof, so the app sends the proof
// beside Qomon's body, under `consentProof`; the server checks it, adds the canvasser of the
// session, and turns it into a pinned note of the contact before forwarding: the proof reaches
// Qomon with the data, in a field Qomon has.

export const CONSENT_ANSWERS = ['yes', 'no'] as const;
export type ConsentAnswer = (typeof CONSENT_ANSWERS)[number];

export const NOTICE_VERSION_MAX = 50;

export const CANVASSER_SET_BY_SERVER = 'The canvasser is set by the server from the session: leave it out';

export const consentProofItemSchema = z.strictObject({
  /** The campaign's consent id. */
  id: z.int().check(z.positive()),
  /** A refusal is proven too: the person was asked, and said no. */
  answer: z.enum(CONSENT_ANSWERS),
  /** The version of the notice on screen when the answer was given; never the campaign's later one. */
  noticeVersion: z.string().check(z.minLength(1), z.maxLength(NOTICE_VERSION_MAX)),
  /** When the answer was given, by the device's clock (contacts are typed offline). */
  at: z.iso.datetime({ offset: true }),
  // A proof that names its own canvasser is refused rather than believed or quietly rewritten.
  canvasser: z.optional(z.never({ error: CANVASSER_SET_BY_SERVER })),
  canvasserId: z.optional(z.never({ error: CANVASSER_SET_BY_SERVER })),
});

export const consentProofSchema = z.array(consentProofItemSchema).check(z.maxLength(100));

/** What `POST /api/contacts` takes: Qomon's upsert body, and the proof of its consent answers. */
export const contactRequestSchema = z.strictObject({
  kind: z.literal('contact'),
  data: contactDataSchema,
  consentProof: z.optional(consentProofSchema),
});

export type ConsentProofItem = z.output<typeof consentProofItemSchema>;
export type ContactRequestInput = z.input<typeof contactRequestSchema>;
export type ContactRequest = z.output<typeof contactRequestSchema>;

export const PROOF_MESSAGES = {
  missing: 'Consent given without its proof (notice version and time): show the notice and ask again',
  unknown: 'Unknown consent for this campaign',
  twice: 'One answer per consent',
  notGiven: 'A consent answered yes must be in data.consents',
  refused: 'A consent answered no cannot be in data.consents',
} as const;

/**
 * Checks the proof against the contact and the campaign: every consent given has a proof answered
 * yes, every proof names a consent of the campaign once, and a proof says no only for a consent
 * not given. The notice version is not checked against the campaign's: an answer keeps the version
 * that was on screen, even when the campaign has moved on since (a draft, a contact in the outbox).
 */
export function checkConsentProof(
  request: { data: ContactData; consentProof?: readonly ConsentProofItem[] | undefined },
  campaign: Campaign,
  prefix = 'body',
): QomonError[] {
  const errors: QomonError[] = [];
  const proofs = request.consentProof ?? [];
  const given = new Set((request.data.consents ?? []).map((c) => c.id));
  const seen = new Set<number>();
  proofs.forEach((proof, i) => {
    const at = (part: string) => `${prefix}.consentProof.${i}.${part}`;
    if (!campaign.consents.some((c) => c.id === proof.id)) {
      errors.push({ location: at('id'), message: PROOF_MESSAGES.unknown, value: proof.id });
      return;
    }
    if (seen.has(proof.id)) errors.push({ location: at('id'), message: PROOF_MESSAGES.twice, value: proof.id });
    seen.add(proof.id);
    if (proof.answer === 'yes' && !given.has(proof.id))
      errors.push({ location: at('answer'), message: PROOF_MESSAGES.notGiven, value: 'yes' });
    if (proof.answer === 'no' && given.has(proof.id)) errors.push({ location: at('answer'), message: PROOF_MESSAGES.refused, value: 'no' });
  });
  if (campaign.notice) {
    request.data.consents?.forEach((consent, i) => {
      // A consent the campaign does not know is refused by the campaign check already.
      if (!campaign.consents.some((c) => c.id === consent.id)) return;
      if (!proofs.some((p) => p.id === consent.id && p.answer === 'yes')) {
        errors.push({ location: `${prefix}.data.consents.${i}`, message: PROOF_MESSAGES.missing, value: consent.id });
      }
    });
  }
  return errors;
}
