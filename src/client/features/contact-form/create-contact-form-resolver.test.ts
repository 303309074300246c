import { describe, expect, it } from 'vitest';
import exampleCampaignJson from '@config/example-campaign.json';
import { type Campaign, type CampaignInput, campaignSchema } from '@shared/campaign-schema';
import { IDENTIFY_MESSAGE } from '@shared/contact-upsert-schema';
import { contactFormTextEn } from './contact-form-text-en';
import { contactFormTextFr } from './contact-form-text-fr';
import { type ContactFormValues, emptyContactFormValues } from './contact-form-values';
import { createContactFormResolver } from './create-contact-form-resolver';
import { flattenErrors } from './flatten-errors';
import { mapQomonErrors } from './map-qomon-errors';
import { toE164 } from './to-e164';

const example: Campaign = campaignSchema.parse(exampleCampaignJson);

function resolverFor(campaign: Campaign, language: 'en' | 'fr' = 'en', loadToE164 = async () => toE164) {
  const text = language === 'en' ? contactFormTextEn : contactFormTextFr;
  return createContactFormResolver({ campaign, text, language, loadToE164, countryName: 'France' });
}

async function errorsOf(values: ContactFormValues, campaign = example, language: 'en' | 'fr' = 'en'): Promise<Record<string, string>> {
  const result = await resolverFor(campaign, language)(values, undefined, { fields: {}, shouldUseNativeValidation: false });
  return Object.fromEntries(flattenErrors(result.errors));
}

function values(change: (v: ContactFormValues) => void, campaign = example): ContactFormValues {
  const v = emptyContactFormValues(campaign);
  change(v);
  return v;
}

describe('the contact form resolver', () => {
  it('passes a valid contact, giving back the form values', async () => {
    const v = values((x) => {
      x.surname = 'Dupont';
      x.mobile = '06 12 34 56 78';
    });
    const result = await resolverFor(example)(v, undefined, { fields: {}, shouldUseNativeValidation: false });
    expect(result.errors).toEqual({});
    expect(result.values).toBe(v);
  });

  it('puts the contract’s errors on the fields they come from', async () => {
    const errors = await errorsOf(
      values((x) => {
        x.surname = 'Dupont';
        x.mail = 'not-an-email';
        x.address.postalcode = 'x'.repeat(21);
        x.id = 'abc';
        x.birthdate = '1850-01-01';
        x.notes = [
          { content: '', pinned: false },
          { content: 'y'.repeat(5001), pinned: true },
        ];
      }),
    );
    expect(errors).toEqual({
      mail: 'Must be an email address',
      'address.postalcode': 'At most 20 characters.',
      id: 'Write a whole number.',
      birthdate: 'Must be after 1900-01-01',
      // The form's second note: the first, empty, is not sent.
      'notes.1.content': 'At most 5000 characters.',
    });
  });

  it('says in French what the contract says in English', async () => {
    const errors = await errorsOf(
      values((x) => Object.assign(x, { surname: 'Dupont', mail: 'nope', nationbuilderid: '-3' })),
      example,
      'fr',
    );
    expect(errors).toEqual({
      mail: 'Saisissez une adresse e-mail, comme nom@exemple.fr.',
      nationbuilderid: 'Saisissez un nombre entier.',
    });
  });

  it('asks for someone to identify, as an error about the whole contact', async () => {
    expect(await errorsOf(emptyContactFormValues(example))).toEqual({ 'root.e0': IDENTIFY_MESSAGE });
    expect(await errorsOf(emptyContactFormValues(example), example, 'fr')).toEqual({
      'root.e0': 'Un contact doit avoir un nom, un e-mail, un téléphone, un portable ou une rue.',
    });
  });

  it('checks the answers against the campaign: numbers, and required custom fields', async () => {
    const input: CampaignInput = {
      ...(exampleCampaignJson as CampaignInput),
      customFields: [
        { id: 602, label: 'Nombre de personnes au foyer', type: 'number' },
        { id: 606, label: 'Inscrit·e sur les listes', type: 'yesno', required: true },
      ],
    };
    const campaign = campaignSchema.parse(input);
    const errors = await errorsOf(
      values((x) => {
        x.surname = 'Dupont';
        x.answers.custom_fields_602 = 'deux';
      }, campaign),
      campaign,
    );
    expect(errors).toEqual({
      'answers.custom_fields_602': 'Write a number, such as 3 or 2.5.',
      'answers.custom_fields_606': 'Answer this question.',
    });
  });

  it('asks for a consent given without its proof (a draft from before proofs) to be given again, on that consent', async () => {
    const v = values((x) => {
      x.surname = 'Dupont';
      x.consents.consents_102 = 'yes';
    });
    expect(await errorsOf(v)).toEqual({ 'consents.consents_102': contactFormTextEn.errors.consentProof });
    expect(await errorsOf(v, example, 'fr')).toEqual({ 'consents.consents_102': contactFormTextFr.errors.consentProof });
    v.consentProofs.consents_102 = { noticeVersion: '2027-01', at: new Date().toISOString() };
    expect(await errorsOf(v)).toEqual({});
  });

  it('refuses a phone number that cannot exist in the campaign’s country, and takes one that can', async () => {
    const errors = await errorsOf(values((x) => Object.assign(x, { surname: 'Dupont', phone: '12345', mobile: '+44 20 7946 0958' })));
    expect(errors).toEqual({ phone: 'Not a valid phone number (France). For another country, start with + and its code.' });
  });

  it('holds the contact back when the phone library cannot load, rather than fail', async () => {
    const offline = resolverFor(example, 'en', () => Promise.reject(new Error('offline')));
    const result = await offline(
      values((x) => Object.assign(x, { surname: 'Dupont', phone: '12345' })),
      undefined,
      { fields: {}, shouldUseNativeValidation: false },
    );
    // The contract's own check stands: digits enough to be a number.
    expect(result.errors).toEqual({});
  });
});

describe('mapQomonErrors (the server’s 422)', () => {
  const origins = { mail: 'mail', 'custom_fields.0': 'answers.custom_fields_604' };
  const v = emptyContactFormValues(example);

  it('puts each error on its field by location', () => {
    expect(
      mapQomonErrors(
        [
          { location: 'body.data.mail', message: 'This address is refused by Qomon' },
          { location: 'body.data.custom_fields.0.value', message: 'Unknown value' },
        ],
        origins,
        v,
      ),
    ).toEqual([
      { field: 'mail', message: 'This address is refused by Qomon' },
      { field: 'answers.custom_fields_604', message: 'Unknown value' },
    ]);
  });

  it('finds a required field by the id the campaign check gives, and a field the body left out by its name', () => {
    expect(
      mapQomonErrors(
        [
          { location: 'body.data.custom_fields', message: '"Profession" is required', value: 601 },
          { location: 'body.data.address.city', message: 'City required' },
        ],
        origins,
        v,
      ),
    ).toEqual([
      { field: 'answers.custom_fields_601', message: '"Profession" is required' },
      { field: 'address.city', message: 'City required' },
    ]);
  });

  it('leaves an error about no field to the summary', () => {
    expect(
      mapQomonErrors(
        [
          { location: 'body.data', message: 'Refused' },
          { location: 'header.idempotency-key', message: 'Must be a UUID' },
        ],
        origins,
        v,
      ),
    ).toEqual([
      { field: undefined, message: 'Refused' },
      { field: undefined, message: 'Must be a UUID' },
    ]);
  });
});
