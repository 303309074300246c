import { describe, expect, it } from 'vitest';
import exampleCampaignJson from '@config/example-campaign.json';
import { type Campaign, campaignSchema } from './campaign-schema';
import { CANVASSER_SET_BY_SERVER, checkConsentProof, contactRequestSchema, PROOF_MESSAGES } from './consent-proof';

const campaign: Campaign = campaignSchema.parse(exampleCampaignJson);
const at = '2026-12-03T10:15:00+01:00';
const email = { id: 101, label: 'E-mails', value: 'consent_email' };

function request(consentProof: unknown, consents: unknown[] = [email]) {
  return { kind: 'contact', data: { firstname: 'Marie', consents }, consentProof };
}

function check(consentProof: unknown, consents?: unknown[]) {
  return checkConsentProof(contactRequestSchema.parse(request(consentProof, consents)), campaign);
}

describe('contactRequestSchema', () => {
  it("takes Qomon's body with or without a proof", () => {
    expect(contactRequestSchema.safeParse(request(undefined)).success).toBe(true);
    expect(contactRequestSchema.safeParse(request([{ id: 101, answer: 'yes', noticeVersion: '2027-01', at }])).success).toBe(true);
  });

  it('refuses a proof that names its canvasser, with a message saying the server sets it', () => {
    for (const key of ['canvasser', 'canvasserId']) {
      const result = contactRequestSchema.safeParse(request([{ id: 101, answer: 'yes', noticeVersion: '2027-01', at, [key]: 'c_1' }]));
      expect(result.success).toBe(false);
      expect(result.error!.issues).toEqual([expect.objectContaining({ path: ['consentProof', 0, key], message: CANVASSER_SET_BY_SERVER })]);
    }
  });

  it.each([
    ['an answer that is not yes or no', { answer: 'maybe' }, 'answer'],
    ['a time without a zone', { at: '2026-12-03T10:15:00' }, 'at'],
    ['a date alone', { at: '2026-12-03' }, 'at'],
    ['an empty notice version', { noticeVersion: '' }, 'noticeVersion'],
    ['a notice version over 50 characters', { noticeVersion: 'v'.repeat(51) }, 'noticeVersion'],
    ['an id that is not a positive integer', { id: 0 }, 'id'],
  ])('refuses %s', (_what, change, key) => {
    const result = contactRequestSchema.safeParse(request([{ id: 101, answer: 'yes', noticeVersion: '2027-01', at, ...change }]));
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual([`consentProof.0.${key}`]);
  });

  it('refuses a key Qomon and Doorstep do not know beside kind, data and consentProof', () => {
    expect(contactRequestSchema.safeParse({ ...request(undefined), proof: [] }).success).toBe(false);
  });
});

describe('checkConsentProof', () => {
  it('passes a consent given with its proof, and a refusal with its own', () => {
    expect(
      check([
        { id: 101, answer: 'yes', noticeVersion: '2027-01', at },
        { id: 102, answer: 'no', noticeVersion: '2027-01', at },
      ]),
    ).toEqual([]);
  });

  it('accepts a notice version the campaign has moved on from: the answer keeps the one shown', () => {
    expect(check([{ id: 101, answer: 'yes', noticeVersion: '2026-09', at }])).toEqual([]);
  });

  it('names a consent given without a proof, or with only a proof of no', () => {
    expect(check(undefined)).toEqual([{ location: 'body.data.consents.0', message: PROOF_MESSAGES.missing, value: 101 }]);
    expect(check([{ id: 101, answer: 'no', noticeVersion: '2027-01', at }])).toEqual([
      { location: 'body.consentProof.0.answer', message: PROOF_MESSAGES.refused, value: 'no' },
      { location: 'body.data.consents.0', message: PROOF_MESSAGES.missing, value: 101 },
    ]);
  });

  it('refuses a proof of yes with no consent given, one for an unknown consent, and two for one consent', () => {
    expect(check([{ id: 102, answer: 'yes', noticeVersion: '2027-01', at }], [])).toEqual([
      { location: 'body.consentProof.0.answer', message: PROOF_MESSAGES.notGiven, value: 'yes' },
    ]);
    expect(check([{ id: 999, answer: 'no', noticeVersion: '2027-01', at }], [])).toEqual([
      { location: 'body.consentProof.0.id', message: PROOF_MESSAGES.unknown, value: 999 },
    ]);
    expect(
      check([
        { id: 101, answer: 'yes', noticeVersion: '2027-01', at },
        { id: 101, answer: 'yes', noticeVersion: '2027-01', at },
      ]),
    ).toEqual([{ location: 'body.consentProof.1.id', message: PROOF_MESSAGES.twice, value: 101 }]);
  });

  it('asks no proof of a campaign without a notice (it asks no consent either)', () => {
    const bare = campaignSchema.parse({ name: 'X', country: 'FR', language: 'fr' });
    expect(checkConsentProof(contactRequestSchema.parse(request(undefined, [])), bare)).toEqual([]);
  });
});
