import type { Campaign } from '@shared/campaign-schema';
import type { ConsentProofItem } from '@shared/consent-proof';
import type { QomonError } from '@shared/problem';

/** A device clock a few minutes fast is ordinary; more, and its time would put the answer after
 * the contact reached the server. */
export const PROOF_CLOCK_SKEW_MS = 5 * 60_000;
/** Older than this, the device's clock was wrong (a reset phone says 1970 or 2000), not the
 * contact slow: a contact waits days in an outbox, not a year. */
export const PROOF_MAX_AGE_DAYS = 400;

export interface ProofCanvasser {
  id: string;
  name: string;
}

const WORDS = {
  fr: {
    title: 'Preuve de consentement (Doorstep)',
    by: 'Recueilli par',
    notice: 'Notice',
    yes: 'oui',
    no: 'non',
    colon: ' :',
    clockAhead: (device: string) => `heure de réception : l’horloge de l’appareil avançait (${device})`,
  },
  en: {
    title: 'Consent proof (Doorstep)',
    by: 'Collected by',
    notice: 'Notice',
    yes: 'yes',
    no: 'no',
    colon: ':',
    clockAhead: (device: string) => `time received: the device's clock was ahead (${device})`,
  },
} as const;

export type ProofNoteResult = { note: { content: string; pinned: true } } | { errors: QomonError[] };

/**
 * The pinned note that carries a contact's consent proof into Qomon: who collected the answers
 * (the session's canvasser, never the body's), and for each answer its consent, yes or no, its
 * time and the notice version it was given under, in the campaign's language. A time ahead of the
 * server's clock (beyond the skew) is replaced by the time received, and says so; one older than
 * `PROOF_MAX_AGE_DAYS` is refused.
 */
export function consentProofNote(
  proofs: readonly ConsentProofItem[],
  campaign: Campaign,
  canvasser: ProofCanvasser,
  now: number,
): ProofNoteResult {
  const words = WORDS[campaign.language];
  const errors: QomonError[] = [];
  const lines: string[] = [];
  proofs.forEach((proof, i) => {
    const at = Date.parse(proof.at);
    if (at < now - PROOF_MAX_AGE_DAYS * 86_400_000) {
      errors.push({
        location: `body.consentProof.${i}.at`,
        message: `More than ${PROOF_MAX_AGE_DAYS} days ago: the device's clock is wrong`,
        value: proof.at,
      });
      return;
    }
    const time =
      at > now + PROOF_CLOCK_SKEW_MS ? words.clockAhead(proof.at) + ' ' + new Date(now).toISOString() : new Date(at).toISOString();
    const consent = campaign.consents.find((c) => c.id === proof.id);
    const answer = proof.answer === 'yes' ? words.yes : words.no;
    lines.push(
      `- ${consent?.label ?? proof.id} (${consent?.value ?? proof.id})${words.colon} ${answer}, ${time}, ${words.notice.toLowerCase()} ${proof.noticeVersion}`,
    );
  });
  if (errors.length) return { errors };
  const notice = campaign.notice;
  const header = [words.title, `${words.by}${words.colon} ${canvasser.name} (${canvasser.id})`];
  if (notice && proofs.some((p) => p.noticeVersion === notice.version))
    header.push(`${words.notice} ${notice.version}${words.colon} ${notice.url}`);
  return { note: { content: [...header, ...lines].join('\n'), pinned: true } };
}
