import { describe, it, expect } from 'vitest';
import exampleCampaignJson from '@config/example-campaign.json';
import { FIELD_TYPES, campaignSchema, walkListOutcomes } from './campaign-schema';

const minimal = { name: 'Municipales 2026 — Lyon 7e', country: 'FR', language: 'fr' };
const notice = {
  version: '2026-03',
  text: { fr: 'La liste X recueille vos réponses pour la campagne ; répondre est facultatif. Vos droits : donnees@x.fr.' },
  url: 'https://x.fr/confidentialite',
};

/** The distinct paths of the issues a campaign yields, dotted (empty when it parses). */
function issuePaths(input: unknown): string[] {
  const result = campaignSchema.safeParse(input);
  if (result.success) return [];
  return [...new Set(result.error.issues.map((i) => i.path.map(String).join('.')))];
}

function issues(input: unknown) {
  const result = campaignSchema.safeParse(input);
  expect(result.success).toBe(false);
  return result.error!.issues;
}

describe('the example campaign (config/example-campaign.json)', () => {
  const result = campaignSchema.safeParse(exampleCampaignJson);
  const c = result.data!;

  it('parses', () => {
    expect(result.error?.issues).toBeUndefined();
    expect(result.success).toBe(true);
  });

  it('is a French municipal campaign', () => {
    expect(c.country).toBe('FR');
    expect(c.language).toBe('fr');
    expect(c.name).toMatch(/Municipale partielle 2027/);
  });

  it("offers consents with Qomon's exact values", () => {
    expect(c.consents.map((x) => x.value)).toEqual(['consent_email', 'consent_sms', 'consent_phone']);
  });

  it('has door outcomes and support levels as single choice fields', () => {
    expect(c.doorOutcomes.length).toBeGreaterThan(0);
    expect(c.supportLevels.length).toBeGreaterThan(0);
    for (const f of [...c.doorOutcomes, ...c.supportLevels]) {
      expect(f.type).toBe('single');
      expect(f.options!.length).toBeGreaterThanOrEqual(4);
    }
    expect(c.doorOutcomes[0]!.options!.map((o) => o.value)).toEqual(expect.arrayContaining(['present', 'absent', 'refus', 'porte_fermee']));
  });

  it('has a survey whose questions cover single, multiple, yes/no and text', () => {
    const types = c.surveys.flatMap((s) => s.questions.map((q) => q.type));
    expect(types).toEqual(expect.arrayContaining(['single', 'multiple', 'yesno', 'text']));
  });

  it('has tasks, including a yes/no and a single choice', () => {
    expect(c.tasks.length).toBeGreaterThanOrEqual(2);
    expect(c.tasks.map((t) => t.type)).toEqual(expect.arrayContaining(['yesno', 'single']));
  });

  it('has a custom field of every type, none required', () => {
    expect(new Set(c.customFields.map((f) => f.type))).toEqual(new Set(FIELD_TYPES));
    expect(c.customFields.every((f) => f.required === false)).toBe(true);
  });

  it('has five age categories and suggested tags', () => {
    expect(c.ageCategories.map((a) => a.label)).toEqual(['18-24 ans', '25-34 ans', '35-49 ans', '50-64 ans', '65 ans et plus']);
    expect(c.tags.length).toBeGreaterThanOrEqual(6);
    expect(c.tags.length).toBeLessThanOrEqual(8);
    expect(new Set(c.tags).size).toBe(c.tags.length);
  });

  it('uses distinct ids across its form fields, so an id never means two things', () => {
    const ids = [
      ...c.consents,
      ...c.doorOutcomes,
      ...c.supportLevels,
      ...c.surveys.flatMap((s) => s.questions),
      ...c.tasks,
      ...c.customFields,
    ].map((x) => x.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('has distinct option values within each choice field', () => {
    const fields = [...c.doorOutcomes, ...c.supportLevels, ...c.surveys.flatMap((s) => s.questions), ...c.tasks, ...c.customFields];
    for (const f of fields.filter((x) => x.options)) {
      const values = f.options!.map((o) => o.value);
      expect(new Set(values).size, f.label).toBe(values.length);
    }
  });
});

describe('campaignSchema', () => {
  it('parses a minimal campaign and fills every group with an empty list', () => {
    expect(campaignSchema.parse(minimal)).toEqual({
      ...minimal,
      consents: [],
      doorOutcomes: [],
      supportLevels: [],
      surveys: [],
      tasks: [],
      customFields: [],
      ageCategories: [],
      tags: [],
    });
  });

  it('defaults required to false and trims labels', () => {
    const c = campaignSchema.parse({ ...minimal, customFields: [{ id: 1, label: '  Profession ', type: 'text' }] });
    expect(c.customFields[0]).toEqual({ id: 1, label: 'Profession', type: 'text', required: false });
  });

  it('accepts a $schema key', () => {
    expect(issuePaths({ ...minimal, $schema: './campaign.schema.json' })).toEqual([]);
  });

  it.each(['single', 'multiple'])('rejects a %s field without options', (type) => {
    expect(issuePaths({ ...minimal, customFields: [{ id: 1, label: 'Logement', type }] })).toEqual(['customFields.0.options']);
    expect(issuePaths({ ...minimal, tasks: [{ id: 1, label: 'Procuration', type, options: [] }] })).toEqual(['tasks.0.options']);
  });

  it('rejects options on a field that takes none', () => {
    const field = { id: 1, label: 'Rappeler', type: 'yesno', options: [{ value: 'yes', label: 'Oui' }] };
    expect(issuePaths({ ...minimal, tasks: [field] })).toEqual(['tasks.0.options']);
  });

  it('rejects a choice field without options inside a survey', () => {
    const surveys = [{ label: 'Priorités', questions: [{ id: 1, label: 'Sujet', type: 'single' }] }];
    expect(issuePaths({ ...minimal, surveys })).toEqual(['surveys.0.questions.0.options']);
  });

  it.each([
    [
      'consents',
      [
        { id: 1, label: 'E-mails', value: 'consent_email' },
        { id: 1, label: 'SMS', value: 'consent_sms' },
      ],
    ],
    [
      'customFields',
      [
        { id: 5, label: 'Profession', type: 'text' },
        { id: 5, label: 'Âge', type: 'number' },
      ],
    ],
    [
      'tasks',
      [
        { id: 2, label: 'Rappeler', type: 'yesno' },
        { id: 2, label: 'Programme', type: 'yesno' },
      ],
    ],
    [
      'doorOutcomes',
      [
        { id: 3, label: 'A', type: 'text' },
        { id: 3, label: 'B', type: 'text' },
      ],
    ],
    [
      'supportLevels',
      [
        { id: 4, label: 'A', type: 'text' },
        { id: 4, label: 'B', type: 'text' },
      ],
    ],
    [
      'ageCategories',
      [
        { id: 1, label: '18-24 ans' },
        { id: 1, label: '25-34 ans' },
      ],
    ],
  ])('rejects a duplicate id in %s', (group, items) => {
    const found = issues({ ...minimal, notice, [group]: items });
    expect(found.map((i) => i.path.join('.'))).toEqual([group]);
    expect(found[0]!.message).toMatch(/Duplicate id/);
  });

  it('rejects a duplicate question id across two surveys', () => {
    const surveys = [
      { label: 'A', questions: [{ id: 9, label: 'Q1', type: 'yesno' }] },
      { label: 'B', questions: [{ id: 9, label: 'Q2', type: 'text' }] },
    ];
    expect(issuePaths({ ...minimal, surveys })).toEqual(['surveys']);
  });

  it('accepts the same id in two different groups', () => {
    const input = {
      ...minimal,
      notice,
      consents: [{ id: 1, label: 'E-mails', value: 'consent_email' }],
      customFields: [{ id: 1, label: 'Profession', type: 'text' }],
      ageCategories: [{ id: 1, label: '18-24 ans' }],
    };
    expect(issuePaths(input)).toEqual([]);
  });

  it.each(['fr', 'FRA', 'F', '', 'F1'])('rejects the country code "%s"', (country) => {
    expect(issuePaths({ ...minimal, country })).toEqual(['country']);
  });

  it('rejects an unsupported language', () => {
    expect(issuePaths({ ...minimal, language: 'de' })).toEqual(['language']);
  });

  it('rejects unknown keys at every level', () => {
    const top = issues({ ...minimal, colour: 'rose' });
    expect(top).toHaveLength(1);
    expect(top[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['colour'], path: [] });

    const inField = issues({ ...minimal, customFields: [{ id: 1, label: 'Profession', type: 'text', placeholder: 'ex. infirmière' }] });
    expect(inField[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['placeholder'], path: ['customFields', 0] });

    const inOption = issues({
      ...minimal,
      supportLevels: [{ id: 1, label: 'Soutien', type: 'single', options: [{ value: 'fort', label: 'Fort', color: 'green' }] }],
    });
    expect(inOption[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['color'], path: ['supportLevels', 0, 'options', 0] });

    const inConsent = issues({ ...minimal, consents: [{ id: 1, label: 'E-mails', value: 'consent_email', default: true }] });
    expect(inConsent[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['default'], path: ['consents', 0] });
  });

  it('rejects a bad field type, a non-positive id and a blank label', () => {
    expect(issuePaths({ ...minimal, customFields: [{ id: 1, label: 'Note', type: 'rating' }] })).toEqual(['customFields.0.type']);
    expect(issuePaths({ ...minimal, customFields: [{ id: 0, label: 'Note', type: 'text' }] })).toEqual(['customFields.0.id']);
    expect(issuePaths({ ...minimal, ageCategories: [{ id: 1.5, label: '18-24 ans' }] })).toEqual(['ageCategories.0.id']);
    expect(issuePaths({ ...minimal, tasks: [{ id: 1, label: '   ', type: 'yesno' }] })).toEqual(['tasks.0.label']);
    expect(issuePaths({ ...minimal, tags: ['logement', ' '] })).toEqual(['tags.1']);
  });

  it('rejects a consent without its exact value, and a survey without questions', () => {
    expect(issuePaths({ ...minimal, notice, consents: [{ id: 1, label: 'E-mails', value: '' }] })).toEqual(['consents.0.value']);
    expect(issuePaths({ ...minimal, notice, consents: [{ id: 1, label: 'E-mails' }] })).toEqual(['consents.0.value']);
    expect(issuePaths({ ...minimal, surveys: [{ label: 'Vide', questions: [] }] })).toEqual(['surveys.0.questions']);
  });

  it('rejects a campaign without a name, a country or a language', () => {
    expect(issuePaths({ country: 'FR', language: 'fr' })).toEqual(['name']);
    expect(issuePaths({ name: 'X', language: 'fr' })).toEqual(['country']);
    expect(issuePaths({ name: 'X', country: 'FR' })).toEqual(['language']);
  });
});

describe('walkList: what each door outcome means on a walk list', () => {
  const outcomeField = {
    id: 201,
    label: 'À la porte',
    type: 'single',
    options: [
      { value: 'present', label: 'Présent' },
      { value: 'absent', label: 'Absent' },
    ],
  };
  const withWalkList = (walkList: unknown) => ({ ...minimal, doorOutcomes: [outcomeField], walkList });
  const valid = { outcomeField: 201, outcomes: { present: { state: 'done', conversation: true }, absent: { state: 'absent' } } };

  it('parses, with conversation and sendContact off unless set', () => {
    const c = campaignSchema.parse(withWalkList(valid));
    expect(walkListOutcomes(c)?.outcomes).toEqual([
      { value: 'present', label: 'Présent', state: 'done', conversation: true, sendContact: false },
      { value: 'absent', label: 'Absent', state: 'absent', conversation: false, sendContact: false },
    ]);
  });

  it('is optional: without it, no walk list', () => {
    expect(walkListOutcomes(campaignSchema.parse(minimal))).toBeUndefined();
  });

  it('names a door outcome field of type single', () => {
    expect(issuePaths(withWalkList({ ...valid, outcomeField: 999 }))).toEqual(['walkList.outcomeField']);
  });

  it('gives every option an entry, and no entry to what is not an option', () => {
    expect(issuePaths(withWalkList({ ...valid, outcomes: { present: valid.outcomes.present } }))).toEqual(['walkList.outcomes']);
    expect(issuePaths(withWalkList({ ...valid, outcomes: { ...valid.outcomes, gone: { state: 'done' } } }))).toEqual([
      'walkList.outcomes.gone',
    ]);
  });

  it('has at least one conversation outcome', () => {
    expect(issues(withWalkList({ ...valid, outcomes: { present: { state: 'done' }, absent: { state: 'absent' } } }))[0]!.message).toMatch(
      /conversation/,
    );
  });

  it('refuses a state that is not absent, done or refused', () => {
    expect(issuePaths(withWalkList({ ...valid, outcomes: { ...valid.outcomes, absent: { state: 'todo' } } }))).toEqual([
      'walkList.outcomes.absent.state',
    ]);
  });

  it('is set in the example campaign, with "present" as the conversation', () => {
    const c = campaignSchema.parse(exampleCampaignJson);
    expect(
      walkListOutcomes(c)
        ?.outcomes.filter((o) => o.conversation)
        .map((o) => o.value),
    ).toEqual(['present']);
  });
});

describe('the campaign notice', () => {
  const consents = [{ id: 1, label: 'E-mails', value: 'consent_email' }];

  it('is required as soon as the campaign asks a consent, named in the error', () => {
    const found = issues({ ...minimal, consents });
    expect(found.map((i) => i.path.join('.'))).toEqual(['notice']);
    expect(found[0]!.message).toMatch(/who collects, why, that answering is optional, and their rights/);
    expect(issuePaths({ ...minimal, consents, notice })).toEqual([]);
  });

  it('is not required of a campaign that asks no consent', () => {
    expect(issuePaths(minimal)).toEqual([]);
  });

  it('needs a text in the campaign language; the other language is optional', () => {
    expect(issuePaths({ ...minimal, consents, notice: { ...notice, text: { en: 'We collect…' } } })).toEqual(['notice.text.fr']);
    expect(issuePaths({ ...minimal, language: 'en', consents, notice: { ...notice, text: { en: 'We collect…' } } })).toEqual([]);
    expect(issuePaths({ ...minimal, consents, notice: { ...notice, text: { fr: 'x', de: 'y' } } })).toEqual(['notice.text']);
  });

  it('refuses a blank version, a version with spaces, and a link that is not http(s)', () => {
    expect(issuePaths({ ...minimal, consents, notice: { ...notice, version: ' ' } })).toEqual(['notice.version']);
    expect(issuePaths({ ...minimal, consents, notice: { ...notice, version: 'v 2' } })).toEqual(['notice.version']);
    expect(issuePaths({ ...minimal, consents, notice: { ...notice, url: 'javascript:alert(1)' } })).toEqual(['notice.url']);
    expect(issuePaths({ ...minimal, consents, notice: { ...notice, url: undefined } })).toEqual(['notice.url']);
  });

  it('is in the example campaign, in French and English, with a link', () => {
    const c = campaignSchema.parse(exampleCampaignJson);
    expect(c.notice?.version).toBe('2027-01');
    expect(c.notice?.text.fr).toMatch(/facultatif/);
    expect(c.notice?.text.en).toMatch(/optional/);
    expect(c.notice?.url).toMatch(/^https:\/\//);
  });
});
