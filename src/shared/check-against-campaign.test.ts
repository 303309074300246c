import { describe, it, expect } from 'vitest';
import exampleCampaignJson from '@config/example-campaign.json';
import { campaignSchema, type Campaign, type CampaignInput } from './campaign-schema';
import { campaignFields, checkAgainstCampaign } from './check-against-campaign';
import { contactDataSchema, type ContactData } from './contact-upsert-schema';

const example: Campaign = campaignSchema.parse(exampleCampaignJson);

function campaign(input: Partial<CampaignInput>): Campaign {
  return campaignSchema.parse({ name: 'Test', country: 'FR', language: 'fr', ...input });
}

/** A contact as the server holds it after the upsert schema: parsed, trimmed, compacted. */
function contact(data: Record<string, unknown>): ContactData {
  return contactDataSchema.parse({ firstname: 'Camille', ...data });
}

const locations = (data: ContactData, c: Campaign = example) => checkAgainstCampaign(data, c).map((e) => e.location);

describe('checkAgainstCampaign with the example campaign', () => {
  it('passes a contact with only a name (no custom field is required)', () => {
    expect(checkAgainstCampaign(contact({}), example)).toEqual([]);
  });

  it('passes a contact using valid ids and values of every group', () => {
    const data = contact({
      consents: [
        { id: 101, label: 'E-mails', value: 'consent_email' },
        { id: 102, value: 'consent_sms' },
        { id: 103, value: 'consent_phone' },
      ],
      name_presences: [{ id: 201, value: 'present' }],
      status: [{ id: 301, value: 'soutien_fort' }],
      forms: [
        { id: 401, value: 'proprete' },
        { id: 402, value: 'bibliotheque' },
        { id: 402, value: 'marche' },
        { id: 403, value: 'yes' },
        { id: 404, value: 'Plus de poubelles rue Béchevelin, svp !' },
      ],
      actions: [
        { id: 501, value: 'yes' },
        { id: 502, value: 'peut_porter' },
        { id: 503, value: 'no' },
      ],
      custom_fields: [
        { id: 601, value: 'Infirmière' },
        { id: 602, value: '4' },
        { id: 603, value: '2019-09-01' },
        { id: 604, value: 'locataire_social' },
        { id: 605, value: 'porte_a_porte' },
        { id: 605, value: 'assesseur' },
        { id: 606, value: 'no' },
      ],
      age_category: 3,
      tags: [{ name: 'logement' }, { name: 'un tag hors liste' }],
    });
    expect(checkAgainstCampaign(data, example)).toEqual([]);
  });

  it('accepts every age category of the campaign', () => {
    for (const { id } of example.ageCategories) {
      expect(locations(contact({ age_category: id }))).toEqual([]);
    }
  });

  it('rejects an unknown consent id at its id', () => {
    const errors = checkAgainstCampaign(
      contact({
        consents: [
          { id: 101, value: 'consent_email' },
          { id: 999, value: 'consent_email' },
        ],
      }),
      example,
    );
    expect(errors).toEqual([{ location: 'body.data.consents.1.id', message: expect.any(String), value: 999 }]);
  });

  it("rejects a consent whose value is not the campaign's exact value", () => {
    const errors = checkAgainstCampaign(contact({ consents: [{ id: 101, value: 'consent_sms' }] }), example);
    expect(errors).toEqual([
      { location: 'body.data.consents.0.value', message: expect.stringContaining('consent_email'), value: 'consent_sms' },
    ]);
    expect(locations(contact({ consents: [{ id: 102, value: 'Consent_SMS' }] }))).toEqual(['body.data.consents.0.value']);
    expect(locations(contact({ consents: [{ id: 103, value: 'yes' }] }))).toEqual(['body.data.consents.0.value']);
  });

  it('rejects an unknown custom field id at its id', () => {
    const errors = checkAgainstCampaign(
      contact({
        custom_fields: [
          { id: 601, value: 'Boulanger' },
          { id: 4242, value: 'x' },
        ],
      }),
      example,
    );
    expect(errors).toEqual([{ location: 'body.data.custom_fields.1.id', message: expect.any(String), value: 4242 }]);
  });

  it('rejects an id that belongs to another group', () => {
    // 301 is the support level, not a custom field; 101 is a consent, not a task.
    expect(locations(contact({ custom_fields: [{ id: 301, value: 'soutien_fort' }] }))).toEqual(['body.data.custom_fields.0.id']);
    expect(locations(contact({ actions: [{ id: 101, value: 'consent_email' }] }))).toEqual(['body.data.actions.0.id']);
  });

  it.each([
    ['forms', 4000],
    ['actions', 5000],
    ['status', 3000],
    ['name_presences', 2000],
  ])('rejects an unknown %s id at its id', (key, id) => {
    const errors = checkAgainstCampaign(contact({ [key]: [{ id, value: 'yes' }] }), example);
    expect(errors).toEqual([{ location: `body.data.${key}.0.id`, message: expect.any(String), value: id }]);
  });

  it('rejects a value not among the options of a single choice field', () => {
    const errors = checkAgainstCampaign(contact({ custom_fields: [{ id: 604, value: 'squatteur' }] }), example);
    expect(errors).toEqual([{ location: 'body.data.custom_fields.0.value', message: expect.any(String), value: 'squatteur' }]);
  });

  it('matches option values exactly, not their labels', () => {
    expect(locations(contact({ custom_fields: [{ id: 604, value: 'Propriétaire' }] }))).toEqual(['body.data.custom_fields.0.value']);
    expect(locations(contact({ custom_fields: [{ id: 604, value: 'proprietaire' }] }))).toEqual([]);
  });

  it('rejects a value not among the options of a multiple choice field', () => {
    const data = contact({
      custom_fields: [
        { id: 605, value: 'tractage' },
        { id: 605, value: 'collage_affiches' },
      ],
    });
    const errors = checkAgainstCampaign(data, example);
    expect(errors).toEqual([{ location: 'body.data.custom_fields.1.value', message: expect.any(String), value: 'collage_affiches' }]);
  });

  it.each([
    ['name_presences', 201, 'pas_la'],
    ['status', 301, 'tres_favorable'],
    ['forms', 401, 'pistes_cyclables'],
    ['forms', 402, 'stade'],
    ['actions', 502, 'oui'],
  ])('rejects a %s value outside the options of field %i', (key, id, value) => {
    expect(locations(contact({ [key]: [{ id, value }] }))).toEqual([`body.data.${key}.0.value`]);
  });

  it('rejects two answers to a single choice field at the second one', () => {
    const data = contact({
      custom_fields: [
        { id: 604, value: 'proprietaire' },
        { id: 601, value: 'Médecin' },
        { id: 604, value: 'heberge' },
      ],
    });
    const errors = checkAgainstCampaign(data, example);
    expect(errors).toEqual([{ location: 'body.data.custom_fields.2.id', message: expect.any(String), value: 604 }]);
  });

  it('rejects two door outcomes, two support levels and two answers to one question', () => {
    expect(
      locations(
        contact({
          name_presences: [
            { id: 201, value: 'absent' },
            { id: 201, value: 'refus' },
          ],
        }),
      ),
    ).toEqual(['body.data.name_presences.1.id']);
    expect(
      locations(
        contact({
          status: [
            { id: 301, value: 'indecis' },
            { id: 301, value: 'oppose' },
          ],
        }),
      ),
    ).toEqual(['body.data.status.1.id']);
    expect(
      locations(
        contact({
          forms: [
            { id: 403, value: 'yes' },
            { id: 403, value: 'no' },
          ],
        }),
      ),
    ).toEqual(['body.data.forms.1.id']);
    expect(
      locations(
        contact({
          forms: [
            { id: 404, value: 'a' },
            { id: 404, value: 'b' },
          ],
        }),
      ),
    ).toEqual(['body.data.forms.1.id']);
  });

  it('reports every extra answer to a single choice field', () => {
    const data = contact({
      status: [
        { id: 301, value: 'indecis' },
        { id: 301, value: 'oppose' },
        { id: 301, value: 'soutien_fort' },
      ],
    });
    expect(locations(data)).toEqual(['body.data.status.1.id', 'body.data.status.2.id']);
  });

  it('allows several answers to a multiple choice field', () => {
    const data = contact({
      custom_fields: [
        { id: 605, value: 'porte_a_porte' },
        { id: 605, value: 'tractage' },
        { id: 605, value: 'phoning' },
      ],
      forms: [
        { id: 402, value: 'piscine' },
        { id: 402, value: 'creche' },
      ],
    });
    expect(checkAgainstCampaign(data, example)).toEqual([]);
  });

  it.each(['0', '3', '12', '2.5', '-1'])('accepts the number %s', (value) => {
    expect(locations(contact({ custom_fields: [{ id: 602, value }] }))).toEqual([]);
  });

  it.each(['trois', '3,5', '12abc', '1e3', '.5', '+3', '0x10'])('rejects %s as a number', (value) => {
    const errors = checkAgainstCampaign(contact({ custom_fields: [{ id: 602, value }] }), example);
    expect(errors).toEqual([{ location: 'body.data.custom_fields.0.value', message: expect.stringContaining('number'), value }]);
  });

  it.each(['2019-09-01', '2024-02-29'])('accepts the date %s', (value) => {
    expect(locations(contact({ custom_fields: [{ id: 603, value }] }))).toEqual([]);
  });

  it.each(['01/09/2019', '2019-02-30', '2019-9-1', 'septembre 2019', '2019-09-01T10:00'])('rejects %s as a date', (value) => {
    const errors = checkAgainstCampaign(contact({ custom_fields: [{ id: 603, value }] }), example);
    expect(errors).toEqual([{ location: 'body.data.custom_fields.0.value', message: expect.stringContaining('YYYY-MM-DD'), value }]);
  });

  it('accepts yes and no for a yes/no field', () => {
    expect(locations(contact({ custom_fields: [{ id: 606, value: 'yes' }] }))).toEqual([]);
    expect(locations(contact({ custom_fields: [{ id: 606, value: 'no' }] }))).toEqual([]);
    expect(locations(contact({ actions: [{ id: 501, value: 'yes' }] }))).toEqual([]);
  });

  it.each(['oui', 'non', 'true', 'false', '1', 'Yes'])('rejects %s for a yes/no field', (value) => {
    expect(locations(contact({ custom_fields: [{ id: 606, value }] }))).toEqual(['body.data.custom_fields.0.value']);
    expect(locations(contact({ actions: [{ id: 503, value }] }))).toEqual(['body.data.actions.0.value']);
    expect(locations(contact({ forms: [{ id: 403, value }] }))).toEqual(['body.data.forms.0.value']);
  });

  it('accepts any text for a text field', () => {
    expect(locations(contact({ custom_fields: [{ id: 601, value: 'Chauffeur TCL, 3 enfants — à revoir en mai' }] }))).toEqual([]);
  });

  it('rejects an unknown age category', () => {
    const errors = checkAgainstCampaign(contact({ age_category: 9 }), example);
    expect(errors).toEqual([{ location: 'body.data.age_category', message: expect.any(String), value: 9 }]);
  });

  it('reports several problems of one contact together, in a stable order', () => {
    const data = contact({
      consents: [{ id: 102, value: 'consent_email' }],
      custom_fields: [{ id: 602, value: 'beaucoup' }],
      status: [{ id: 302, value: 'indecis' }],
      age_category: 6,
    });
    expect(locations(data)).toEqual([
      'body.data.consents.0.value',
      'body.data.custom_fields.0.value',
      'body.data.status.0.id',
      'body.data.age_category',
    ]);
  });

  it('roots locations at the prefix it is given', () => {
    const errors = checkAgainstCampaign(contact({ consents: [{ id: 999, value: 'consent_email' }], age_category: 9 }), example, 'data');
    expect(errors.map((e) => e.location)).toEqual(['data.consents.0.id', 'data.age_category']);
  });
});

describe('checkAgainstCampaign with hand-built campaigns', () => {
  const withRequired = campaign({
    customFields: [
      {
        id: 1,
        label: 'Quartier',
        type: 'single',
        required: true,
        options: [
          { value: 'guillotiere', label: 'Guillotière' },
          { value: 'gerland', label: 'Gerland' },
        ],
      },
      { id: 2, label: 'Profession', type: 'text' },
      { id: 3, label: 'Adhérent', type: 'yesno', required: true },
    ],
  });

  it('rejects a contact missing required custom fields, once per field, at custom_fields', () => {
    const errors = checkAgainstCampaign(contact({ custom_fields: [{ id: 2, value: 'Boulanger' }] }), withRequired);
    expect(errors).toEqual([
      { location: 'body.data.custom_fields', message: expect.stringContaining('Quartier'), value: 1 },
      { location: 'body.data.custom_fields', message: expect.stringContaining('Adhérent'), value: 3 },
    ]);
    expect(locations(contact({}), withRequired)).toEqual(['body.data.custom_fields', 'body.data.custom_fields']);
  });

  it('passes once the required custom fields are answered', () => {
    const data = contact({
      custom_fields: [
        { id: 1, value: 'gerland' },
        { id: 3, value: 'no' },
      ],
    });
    expect(checkAgainstCampaign(data, withRequired)).toEqual([]);
  });

  it('counts a required field left blank as missing (the blank is dropped by the schema)', () => {
    const data = contact({
      custom_fields: [
        { id: 1, value: '  ' },
        { id: 3, value: 'yes' },
      ],
    });
    expect(locations(data, withRequired)).toEqual(['body.data.custom_fields']);
  });

  it('still checks the value of an answered required field', () => {
    const data = contact({
      custom_fields: [
        { id: 1, value: 'croix_rousse' },
        { id: 3, value: 'yes' },
      ],
    });
    expect(locations(data, withRequired)).toEqual(['body.data.custom_fields.0.value']);
  });

  it('rejects every campaign-bound id against an empty campaign', () => {
    const empty = campaign({});
    const data = contact({
      consents: [{ id: 1, value: 'consent_email' }],
      custom_fields: [{ id: 1, value: 'x' }],
      forms: [{ id: 1, value: 'x' }],
      status: [{ id: 1, value: 'x' }],
      actions: [{ id: 1, value: 'x' }],
      name_presences: [{ id: 1, value: 'x' }],
      age_category: 1,
    });
    expect(locations(data, empty).sort()).toEqual(
      [
        'body.data.actions.0.id',
        'body.data.age_category',
        'body.data.consents.0.id',
        'body.data.custom_fields.0.id',
        'body.data.forms.0.id',
        'body.data.name_presences.0.id',
        'body.data.status.0.id',
      ].sort(),
    );
    expect(checkAgainstCampaign(contact({ tags: [{ name: 'logement' }] }), empty)).toEqual([]);
  });

  it('finds survey questions in every survey of the campaign', () => {
    const twoSurveys = campaign({
      surveys: [
        { label: 'Logement', questions: [{ id: 10, label: 'Loyer trop cher ?', type: 'yesno' }] },
        {
          label: 'Mobilité',
          questions: [
            {
              id: 20,
              label: 'Trajet',
              type: 'multiple',
              options: [
                { value: 'velo', label: 'Vélo' },
                { value: 'tram', label: 'Tram' },
              ],
            },
          ],
        },
      ],
    });
    expect(
      locations(
        contact({
          forms: [
            { id: 10, value: 'yes' },
            { id: 20, value: 'velo' },
            { id: 20, value: 'tram' },
          ],
        }),
        twoSurveys,
      ),
    ).toEqual([]);
    expect(locations(contact({ forms: [{ id: 20, value: 'bus' }] }), twoSurveys)).toEqual(['body.data.forms.0.value']);
  });

  it('applies the same type rules to door outcomes, support levels and tasks', () => {
    const c = campaign({
      doorOutcomes: [{ id: 7, label: 'Revenir le', type: 'date' }],
      supportLevels: [{ id: 8, label: 'Note de 0 à 10', type: 'number' }],
      tasks: [{ id: 9, label: 'Envoyer une affiche', type: 'multiple', options: [{ value: 'A3', label: 'A3' }] }],
    });
    expect(
      locations(
        contact({ name_presences: [{ id: 7, value: '2026-03-14' }], status: [{ id: 8, value: '7' }], actions: [{ id: 9, value: 'A3' }] }),
        c,
      ),
    ).toEqual([]);
    expect(
      locations(
        contact({ name_presences: [{ id: 7, value: 'samedi' }], status: [{ id: 8, value: 'sept' }], actions: [{ id: 9, value: 'A4' }] }),
        c,
      ),
    ).toEqual(['body.data.actions.0.value', 'body.data.name_presences.0.value', 'body.data.status.0.value']);
  });
});

describe('campaignFields', () => {
  it('maps each upsert array to its campaign group', () => {
    const f = campaignFields(example);
    expect(f.custom_fields.map((x) => x.id)).toEqual([601, 602, 603, 604, 605, 606]);
    expect(f.forms.map((x) => x.id)).toEqual([401, 402, 403, 404]);
    expect(f.name_presences.map((x) => x.id)).toEqual([201]);
    expect(f.status.map((x) => x.id)).toEqual([301]);
    expect(f.actions.map((x) => x.id)).toEqual([501, 502, 503]);
  });
});
