import { describe, expect, it } from 'vitest';
import exampleCampaignJson from '@config/example-campaign.json';
import { type Campaign, campaignSchema } from '@shared/campaign-schema';
import { contactUpsertSchema } from '@shared/contact-upsert-schema';
import { checkConsentProof, contactRequestSchema } from '@shared/consent-proof';
import { buildUpsertBody, fieldForPath } from './build-upsert-body';
import { type ContactFormValues, emptyContactFormValues } from './contact-form-values';

const campaign: Campaign = campaignSchema.parse(exampleCampaignJson);

function values(change: (v: ContactFormValues) => void): ContactFormValues {
  const v = emptyContactFormValues(campaign);
  change(v);
  return v;
}

describe('buildUpsertBody', () => {
  it('leaves every empty field out, the default country apart', () => {
    const { body, origins } = buildUpsertBody(emptyContactFormValues(campaign), campaign);
    expect(body).toEqual({ kind: 'contact', data: { address: { country: 'France' } } });
    expect(origins).toEqual({ 'address.country': 'address.country' });
  });

  it('trims text, and drops what is only blanks', () => {
    const { body } = buildUpsertBody(
      values((v) => {
        v.firstname = '  Marie ';
        v.surname = '   ';
        v.address.street = ' rue Béchevelin ';
        v.address.country = ' ';
        v.mail = '\tmarie@example.org\n';
      }),
      campaign,
    );
    expect(body.data).toEqual({ firstname: 'Marie', mail: 'marie@example.org', address: { street: 'rue Béchevelin' } });
  });

  it('coerces the age category and the ids to numbers, and passes anything else on for the contract to refuse', () => {
    const good = buildUpsertBody(
      values((v) => Object.assign(v, { age_category: '3', id: '12345', nationbuilderid: ' 77 ' })),
      campaign,
    );
    expect(good.body.data).toMatchObject({ age_category: 3, id: 12345, nationbuilderid: 77 });
    const bad = buildUpsertBody(
      values((v) => Object.assign(v, { id: 'abc', nationbuilderid: '1.5' })),
      campaign,
    );
    expect(bad.body.data).toMatchObject({ id: 'abc', nationbuilderid: '1.5' });
    expect(contactUpsertSchema.safeParse(bad.body).success).toBe(false);
  });

  it('sends black_list only when ticked', () => {
    expect(
      buildUpsertBody(
        values((v) => (v.black_list = true)),
        campaign,
      ).body.data.black_list,
    ).toBe(true);
    expect(
      buildUpsertBody(
        values((v) => (v.black_list = false)),
        campaign,
      ).body.data,
    ).not.toHaveProperty('black_list');
  });

  it('sends a consent only when given, with the campaign’s exact value and label', () => {
    const { body, origins } = buildUpsertBody(
      values((v) => {
        v.consents.consents_101 = 'no';
        v.consents.consents_102 = 'yes';
        v.consents.consents_103 = '';
      }),
      campaign,
    );
    expect(body.data.consents).toEqual([{ id: 102, label: 'Accepte de recevoir des SMS', value: 'consent_sms' }]);
    expect(origins['consents.0']).toBe('consents.consents_102');
  });

  it('makes one {id, label, value} item per chosen value of a multiple choice, in the campaign’s order', () => {
    const { body, origins } = buildUpsertBody(
      values((v) => {
        v.answers.custom_fields_605 = ['phoning', 'porte_a_porte'];
        v.answers.forms_402 = [];
      }),
      campaign,
    );
    expect(body.data.custom_fields).toEqual([
      { id: 605, label: "Souhaite s'engager pour", value: 'porte_a_porte' },
      { id: 605, label: "Souhaite s'engager pour", value: 'phoning' },
    ]);
    expect(body.data).not.toHaveProperty('forms');
    expect(origins['custom_fields.1']).toBe('answers.custom_fields_605');
  });

  it('writes every answer as a string: yes/no, numbers (a French comma becomes a point), dates', () => {
    const { body } = buildUpsertBody(
      values((v) => {
        v.answers.actions_501 = 'yes';
        v.answers.forms_403 = 'no';
        v.answers.custom_fields_602 = '2,5';
        v.answers.custom_fields_603 = '2019-09-01';
        v.answers.status_301 = 'indecis';
        v.answers.name_presences_201 = 'present';
      }),
      campaign,
    );
    expect(body.data).toMatchObject({
      actions: [{ id: 501, label: 'Rappeler', value: 'yes' }],
      forms: [{ id: 403, label: 'Comptez-vous voter à l’élection partielle de février 2027 ?', value: 'no' }],
      custom_fields: [
        { id: 602, label: 'Nombre de personnes au foyer', value: '2.5' },
        { id: 603, label: "Date d'arrivée dans le quartier", value: '2019-09-01' },
      ],
      status: [{ id: 301, label: 'Niveau de soutien', value: 'indecis' }],
      name_presences: [{ id: 201, label: 'Résultat à la porte', value: 'present' }],
    });
  });

  it('sends tags as {name}, once each whatever their case, and notes with their pin, empty ones left out', () => {
    const { body, origins } = buildUpsertBody(
      values((v) => {
        v.tags = ['logement', ' Logement ', '', 'voisins vigilants'];
        v.notes = [
          { content: '  ', pinned: true },
          { content: 'Rappeler après 18 h', pinned: true },
          { content: 'Chien dans la cour', pinned: false },
        ];
      }),
      campaign,
    );
    expect(body.data.tags).toEqual([{ name: 'logement' }, { name: 'voisins vigilants' }]);
    expect(body.data.notes).toEqual([
      { content: 'Rappeler après 18 h', pinned: true },
      { content: 'Chien dans la cour', pinned: false },
    ]);
    // The first note sent is the form's second.
    expect(origins['notes.0']).toBe('notes.1.content');
  });

  it('builds a body the shared contract accepts unchanged', () => {
    const { body } = buildUpsertBody(
      values((v) => {
        v.firstname = 'Marie';
        v.address.street = 'rue Béchevelin';
        v.address.latitude = '45.750000';
        v.answers.custom_fields_605 = ['tractage'];
        v.consents.consents_101 = 'yes';
        v.notes = [{ content: 'Note', pinned: false }];
      }),
      campaign,
    );
    expect(contactUpsertSchema.parse(body)).toEqual(body);
  });
});

describe('fieldForPath', () => {
  const origins = { 'custom_fields.2': 'answers.custom_fields_604', mail: 'mail', 'address.street': 'address.street' };

  it('finds the field of a path, or of its nearest parent', () => {
    expect(fieldForPath('mail', origins)).toBe('mail');
    expect(fieldForPath('custom_fields.2.value', origins)).toBe('answers.custom_fields_604');
    expect(fieldForPath('address.street', origins)).toBe('address.street');
  });

  it('finds nothing for a path no field gave', () => {
    expect(fieldForPath('custom_fields.5.value', origins)).toBeUndefined();
    expect(fieldForPath('', origins)).toBeUndefined();
  });
});

describe('buildUpsertBody: the proof of consent answers', () => {
  const at = '2026-12-03T10:15:00.000Z';

  it('sends the proof of each answer given, yes and no, with the notice version it was given under', () => {
    const { body } = buildUpsertBody(
      values((v) => {
        v.firstname = 'Marie';
        v.consents.consents_101 = 'yes';
        v.consentProofs.consents_101 = { noticeVersion: '2027-01', at };
        v.consents.consents_102 = 'no';
        v.consentProofs.consents_102 = { noticeVersion: '2026-09', at };
        // Answered, then cleared: no answer, so no proof.
        v.consentProofs.consents_103 = { noticeVersion: '2027-01', at };
      }),
      campaign,
    );
    expect(body.consentProof).toEqual([
      { id: 101, answer: 'yes', noticeVersion: '2027-01', at },
      { id: 102, answer: 'no', noticeVersion: '2026-09', at },
    ]);
    expect(body.data.consents).toEqual([{ id: 101, label: 'Accepte de recevoir des e-mails de la liste', value: 'consent_email' }]);
    expect(contactRequestSchema.safeParse(body).success).toBe(true);
    expect(checkConsentProof(contactRequestSchema.parse(body), campaign)).toEqual([]);
  });

  it('sends no proof for an answer that has none (a draft from before proofs): the shared check then names the consent', () => {
    const { body, origins } = buildUpsertBody(
      values((v) => {
        v.firstname = 'Marie';
        v.consents.consents_101 = 'yes';
      }),
      campaign,
    );
    expect(body.consentProof).toBeUndefined();
    const errors = checkConsentProof(contactRequestSchema.parse(body), campaign);
    expect(errors).toEqual([{ location: 'body.data.consents.0', message: expect.stringMatching(/without its proof/), value: 101 }]);
    expect(fieldForPath('consents.0', origins)).toBe('consents.consents_101');
  });

  it('leaves consentProof out when nothing was answered', () => {
    expect(
      buildUpsertBody(
        values((v) => (v.firstname = 'Marie')),
        campaign,
      ).body,
    ).not.toHaveProperty('consentProof');
  });
});
