import { describe, expect, it } from 'vitest';
import exampleCampaignJson from '@config/example-campaign.json';
import { type Campaign, campaignSchema } from '@shared/campaign-schema';
import { consentProofNote, PROOF_CLOCK_SKEW_MS, PROOF_MAX_AGE_DAYS } from './consent-proof-note';

const campaign: Campaign = campaignSchema.parse(exampleCampaignJson);
const now = Date.parse('2026-12-03T12:00:00.000Z');
const jeanne = { id: 'c_1a2b3c4d', name: 'Jeanne Martin' };

describe('consentProofNote', () => {
  it('is a pinned note in the campaign language: canvasser, notice link, one line per answer', () => {
    const made = consentProofNote(
      [
        { id: 101, answer: 'yes', noticeVersion: '2027-01', at: '2026-12-03T11:50:00+01:00' },
        { id: 103, answer: 'no', noticeVersion: '2027-01', at: '2026-12-03T10:51:00.000Z' },
      ],
      campaign,
      jeanne,
      now,
    );
    expect(made).toEqual({
      note: {
        pinned: true,
        content: [
          'Preuve de consentement (Doorstep)',
          'Recueilli par : Jeanne Martin (c_1a2b3c4d)',
          'Notice 2027-01 : https://ensemble-guillotiere.fr/confidentialite',
          '- Accepte de recevoir des e-mails de la liste (consent_email) : oui, 2026-12-03T10:50:00.000Z, notice 2027-01',
          "- Accepte d'être rappelé·e par téléphone (consent_phone) : non, 2026-12-03T10:51:00.000Z, notice 2027-01",
        ].join('\n'),
      },
    });
  });

  it('in English for an English campaign; no link for a version that is not the current one', () => {
    const english = { ...campaign, language: 'en' as const };
    const made = consentProofNote([{ id: 101, answer: 'yes', noticeVersion: '2026-09', at: '2026-12-01T09:00:00Z' }], english, jeanne, now);
    expect('note' in made && made.note.content.split('\n')).toEqual([
      'Consent proof (Doorstep)',
      'Collected by: Jeanne Martin (c_1a2b3c4d)',
      '- Accepte de recevoir des e-mails de la liste (consent_email): yes, 2026-12-01T09:00:00.000Z, notice 2026-09',
    ]);
  });

  it(`keeps a time up to ${PROOF_CLOCK_SKEW_MS / 60_000} minutes ahead; further ahead, records the time received and says so`, () => {
    const within = new Date(now + PROOF_CLOCK_SKEW_MS).toISOString();
    const kept = consentProofNote([{ id: 101, answer: 'yes', noticeVersion: '2027-01', at: within }], campaign, jeanne, now);
    expect('note' in kept && kept.note.content).toContain(`oui, ${within}, notice`);

    const ahead = new Date(now + PROOF_CLOCK_SKEW_MS + 1000).toISOString();
    const clamped = consentProofNote([{ id: 101, answer: 'yes', noticeVersion: '2027-01', at: ahead }], campaign, jeanne, now);
    expect('note' in clamped && clamped.note.content).toContain(
      `oui, heure de réception : l’horloge de l’appareil avançait (${ahead}) 2026-12-03T12:00:00.000Z, notice`,
    );
  });

  it(`refuses a time more than ${PROOF_MAX_AGE_DAYS} days old, naming the answer`, () => {
    const old = new Date(now - PROOF_MAX_AGE_DAYS * 86_400_000 - 1000).toISOString();
    const oldest = new Date(now - PROOF_MAX_AGE_DAYS * 86_400_000).toISOString();
    expect(
      consentProofNote(
        [
          { id: 101, answer: 'yes', noticeVersion: '2027-01', at: oldest },
          { id: 102, answer: 'yes', noticeVersion: '2027-01', at: old },
        ],
        campaign,
        jeanne,
        now,
      ),
    ).toEqual({ errors: [{ location: 'body.consentProof.1.at', message: expect.stringMatching(/400 days/), value: old }] });
  });
});
