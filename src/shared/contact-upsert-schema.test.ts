import { describe, it, expect } from 'vitest';
import { IDENTIFY_MESSAGE, LIMITS, contactUpsertSchema, isCalendarDate, type ContactUpsertInput } from './contact-upsert-schema';
import { toQomonErrors } from './qomon-errors';

/** The keys of `data` on Qomon's reference page for POST /contacts/upsert. */
const REFERENCE_DATA_KEYS = [
  'actions',
  'address',
  'age_category',
  'birthcity',
  'birthcountry',
  'birthdate',
  'birthdept',
  'black_list',
  'consents',
  'custom_fields',
  'firstname',
  'forms',
  'id',
  'mail',
  'married_name',
  'mobile',
  'name_presences',
  'nationality',
  'nationbuilderid',
  'notes',
  'phone',
  'status',
  'surname',
  'tags',
];
/** The keys of `data.address` on the reference page. */
const REFERENCE_ADDRESS_KEYS = [
  'addition',
  'building',
  'city',
  'citycode',
  'country',
  'county',
  'door',
  'floor',
  'housenumber',
  'id',
  'infos',
  'latitude',
  'longitude',
  'pollingstation',
  'postalcode',
  'state',
  'street',
];
const FIELD_VALUE_KEYS = ['actions', 'consents', 'custom_fields', 'forms', 'name_presences', 'status'] as const;

/** A body touching every field of the reference page, each with a valid value of its type. */
function completeBody() {
  return {
    kind: 'contact' as const,
    data: {
      actions: [
        { id: 501, label: 'Rappeler', value: 'yes' },
        { id: 502, label: 'Procuration', value: 'besoin_procuration' },
      ],
      address: {
        addition: 'bis',
        building: 'Bâtiment B',
        city: 'Lyon',
        citycode: '69387',
        country: 'France',
        county: 'Rhône',
        door: 'Porte gauche',
        floor: '3',
        housenumber: '24',
        id: 8812,
        infos: 'Digicode 4521B, interphone au nom de Martin',
        latitude: '45.751240',
        longitude: '4.842170',
        pollingstation: 'Bureau 712 — École Gilbert Dru',
        postalcode: '69007',
        state: 'Auvergne-Rhône-Alpes',
        street: 'Rue de Marseille',
      },
      age_category: 3,
      birthcity: 'Villeurbanne',
      birthcountry: 'France',
      birthdate: '1984-06-12',
      birthdept: '69',
      black_list: false,
      consents: [
        { id: 101, label: 'Accepte de recevoir des e-mails de la liste', value: 'consent_email' },
        { id: 102, label: 'Accepte de recevoir des SMS', value: 'consent_sms' },
      ],
      custom_fields: [
        { id: 602, label: 'Nombre de personnes au foyer', value: '3' },
        { id: 605, label: "Souhaite s'engager pour", value: 'porte_a_porte' },
      ],
      firstname: 'Camille',
      forms: [
        { id: 401, label: 'Quel sujet compte le plus pour vous dans le quartier ?', value: 'logement' },
        { id: 404, label: 'Un message pour la liste ?', value: 'Plus de bancs place Mazagran' },
      ],
      id: 123456,
      mail: 'camille.martin@example.fr',
      married_name: 'Durand',
      mobile: '+33 6 12 34 56 78',
      name_presences: [{ id: 201, label: 'Résultat à la porte', value: 'present' }],
      nationality: 'Française',
      nationbuilderid: 98765,
      notes: [{ content: 'Très intéressée par le projet de cantine bio.', id: 7, pinned: true }],
      phone: '04 78 12 34 56',
      status: [{ id: 301, label: 'Niveau de soutien', value: 'plutot_favorable' }],
      surname: 'Martin',
      tags: [{ name: 'logement' }, { name: 'écoles' }],
    },
  };
}

function parse(input: unknown) {
  return contactUpsertSchema.safeParse(input);
}

/** A valid body with `data` merged over a contact named only by a first name. */
function withData(data: Record<string, unknown>): unknown {
  return { kind: 'contact', data: { firstname: 'Camille', ...data } };
}

/** The distinct Qomon locations of the errors a body yields (empty when it is accepted). */
function locationsOf(input: unknown): string[] {
  const result = parse(input);
  if (result.success) return [];
  return [...new Set(toQomonErrors(result.error.issues, input).map((e) => e.location))];
}

function expectAccepted(input: unknown) {
  const result = parse(input);
  expect(result.error?.issues).toBeUndefined();
  expect(result.success).toBe(true);
  return result.data!;
}

describe('contactUpsertSchema: every field of the reference page', () => {
  it('the complete body covers every key of the reference page', () => {
    const body = completeBody();
    expect(Object.keys(body).sort()).toEqual(['data', 'kind']);
    expect(Object.keys(body.data).sort()).toEqual([...REFERENCE_DATA_KEYS].sort());
    expect(Object.keys(body.data.address).sort()).toEqual([...REFERENCE_ADDRESS_KEYS].sort());
  });

  it('accepts the complete body and gives it back unchanged', () => {
    const body = completeBody();
    const out = expectAccepted(body);
    expect(out).toEqual(body);
    expect(JSON.stringify(out)).toBe(JSON.stringify(body));
  });

  it.each(REFERENCE_DATA_KEYS)('keeps %s with its type', (key) => {
    const body = completeBody();
    const out = expectAccepted(body);
    const sent = (body.data as Record<string, unknown>)[key];
    const got = (out.data as Record<string, unknown>)[key];
    expect(got).toEqual(sent);
    expect(typeof got).toBe(typeof sent);
  });

  it('keeps integers as numbers and latitude/longitude as strings', () => {
    const out = expectAccepted(completeBody());
    expect(out.data.age_category).toBe(3);
    expect(out.data.nationbuilderid).toBe(98765);
    expect(out.data.id).toBe(123456);
    expect(out.data.address?.id).toBe(8812);
    expect(out.data.address?.latitude).toBe('45.751240');
    expect(out.data.address?.longitude).toBe('4.842170');
    expect(out.data.black_list).toBe(false);
  });

  it.each(FIELD_VALUE_KEYS)('accepts %s as {id, label, value} with a string value', (key) => {
    const input = withData({ [key]: [{ id: 7, label: 'Libellé', value: 'oui' }] });
    const out = expectAccepted(input);
    expect((out.data as Record<string, unknown>)[key]).toEqual([{ id: 7, label: 'Libellé', value: 'oui' }]);
  });

  it.each(FIELD_VALUE_KEYS)('accepts %s items without a label', (key) => {
    const out = expectAccepted(withData({ [key]: [{ id: 7, value: 'oui' }] }));
    expect(JSON.stringify((out.data as Record<string, unknown>)[key])).toBe('[{"id":7,"value":"oui"}]');
  });

  it('accepts black_list true and false', () => {
    expect(expectAccepted(withData({ black_list: true })).data.black_list).toBe(true);
    expect(expectAccepted(withData({ black_list: false })).data.black_list).toBe(false);
  });

  it('accepts coordinates at their limits and negative ones', () => {
    const out = expectAccepted(withData({ address: { latitude: '-90', longitude: '180' } }));
    expect(out.data.address).toEqual({ latitude: '-90', longitude: '180' });
    expect(locationsOf(withData({ address: { latitude: '-33.8688', longitude: '-151.2093' } }))).toEqual([]);
  });

  it('accepts a birthdate of 1900-01-01 and of today', () => {
    expect(locationsOf(withData({ birthdate: '1900-01-01' }))).toEqual([]);
    const today = new Date().toISOString().slice(0, 10);
    expect(locationsOf(withData({ birthdate: today }))).toEqual([]);
  });

  it('accepts common French phone notations', () => {
    for (const phone of ['0478123456', '04 78 12 34 56', '04.78.12.34.56', '+33 (0)4 78 12 34 56', '+33612345678']) {
      expect(locationsOf(withData({ phone, mobile: phone })), phone).toEqual([]);
    }
  });
});

describe("contactUpsertSchema: the reference page's example body", () => {
  // The reference page's example with realistic values in place of `<string>`, some of them
  // padded with the spaces a tablet keyboard leaves behind.
  const example = {
    data: {
      actions: [{ id: 1, label: ' Rappeler ', value: 'yes' }],
      address: {
        addition: 'ter',
        building: 'Résidence Les Tilleuls',
        city: ' Lyon ',
        citycode: '69387',
        country: 'France',
        county: 'Rhône',
        door: 'A',
        floor: '2',
        housenumber: '5',
        id: 1,
        infos: 'Sonner deux fois',
        latitude: '45.7485',
        longitude: '4.8467',
        pollingstation: 'Bureau 705',
        postalcode: ' 69007',
        state: 'Auvergne-Rhône-Alpes',
        street: 'Grande Rue de la Guillotière ',
      },
      age_category: 123,
      birthcity: 'Lyon',
      birthcountry: 'France',
      birthdate: '1990-04-27',
      birthdept: '69',
      black_list: true,
      consents: [{ id: 1, label: 'E-mails', value: 'consent_email' }],
      custom_fields: [{ id: 1, label: 'Profession', value: ' Infirmière ' }],
      firstname: '  Jeanne',
      forms: [{ id: 1, label: 'Sujet prioritaire', value: 'logement' }],
      id: 1,
      mail: 'jsmith@example.com',
      married_name: 'Smith',
      mobile: '06 12 34 56 78',
      name_presences: [{ id: 1, label: 'Résultat à la porte', value: 'present' }],
      nationality: 'Française',
      nationbuilderid: 123,
      notes: [{ content: ' Habite au 2e, préfère être contactée le soir. ', id: 1, pinned: true }],
      phone: '04 72 00 00 00',
      status: [{ id: 1, label: 'Niveau de soutien', value: 'indecis' }],
      surname: 'Dupont  ',
      tags: [{ name: ' logement' }],
    },
    kind: 'contact',
  };

  const expected = {
    data: {
      actions: [{ id: 1, label: 'Rappeler', value: 'yes' }],
      address: {
        addition: 'ter',
        building: 'Résidence Les Tilleuls',
        city: 'Lyon',
        citycode: '69387',
        country: 'France',
        county: 'Rhône',
        door: 'A',
        floor: '2',
        housenumber: '5',
        id: 1,
        infos: 'Sonner deux fois',
        latitude: '45.7485',
        longitude: '4.8467',
        pollingstation: 'Bureau 705',
        postalcode: '69007',
        state: 'Auvergne-Rhône-Alpes',
        street: 'Grande Rue de la Guillotière',
      },
      age_category: 123,
      birthcity: 'Lyon',
      birthcountry: 'France',
      birthdate: '1990-04-27',
      birthdept: '69',
      black_list: true,
      consents: [{ id: 1, label: 'E-mails', value: 'consent_email' }],
      custom_fields: [{ id: 1, label: 'Profession', value: 'Infirmière' }],
      firstname: 'Jeanne',
      forms: [{ id: 1, label: 'Sujet prioritaire', value: 'logement' }],
      id: 1,
      mail: 'jsmith@example.com',
      married_name: 'Smith',
      mobile: '06 12 34 56 78',
      name_presences: [{ id: 1, label: 'Résultat à la porte', value: 'present' }],
      nationality: 'Française',
      nationbuilderid: 123,
      notes: [{ content: 'Habite au 2e, préfère être contactée le soir.', id: 1, pinned: true }],
      phone: '04 72 00 00 00',
      status: [{ id: 1, label: 'Niveau de soutien', value: 'indecis' }],
      surname: 'Dupont',
      tags: [{ name: 'logement' }],
    },
    kind: 'contact',
  };

  it('is accepted, trimmed, and otherwise unchanged', () => {
    const out = expectAccepted(example);
    expect(out).toStrictEqual(expected);
  });

  it('is also accepted as JSON text parsed the way the server reads it', () => {
    const input: unknown = JSON.parse(JSON.stringify(example));
    expect(JSON.stringify(expectAccepted(input).data)).toBe(JSON.stringify(expected.data));
  });
});

describe('contactUpsertSchema: violations at their Qomon location', () => {
  it.each([
    ['age_category as a string', { age_category: '3' }, 'body.data.age_category'],
    ['age_category as 0', { age_category: 0 }, 'body.data.age_category'],
    ['nationbuilderid as a string', { nationbuilderid: '98765' }, 'body.data.nationbuilderid'],
    ['id as 1.5', { id: 1.5 }, 'body.data.id'],
    ['id as a negative number', { id: -4 }, 'body.data.id'],
    ['black_list as "true"', { black_list: 'true' }, 'body.data.black_list'],
    ['black_list as 1', { black_list: 1 }, 'body.data.black_list'],
    ['a bad email', { mail: 'camille.martin@' }, 'body.data.mail'],
    ['an email without a domain dot', { mail: 'camille@localhost' }, 'body.data.mail'],
    ['a phone of letters', { phone: 'zéro quatre' }, 'body.data.phone'],
    ['a mobile with too few digits', { mobile: '06' }, 'body.data.mobile'],
    ['a mobile over its length', { mobile: '+33 6 12 34 56 78 90 12 34 56' }, 'body.data.mobile'],
    ['firstname as a number', { firstname: 42 }, 'body.data.firstname'],
    ['surname as null', { surname: null }, 'body.data.surname'],
    ['an unknown key in data', { foo: 'bar' }, 'body.data.foo'],
    ['latitude as a number', { address: { latitude: 45.75 } }, 'body.data.address.latitude'],
    ['longitude as a number', { address: { longitude: 4.84 } }, 'body.data.address.longitude'],
    ['latitude out of range', { address: { latitude: '91.5' } }, 'body.data.address.latitude'],
    ['longitude out of range', { address: { longitude: '-180.01' } }, 'body.data.address.longitude'],
    ['latitude with a decimal comma', { address: { latitude: '45,75' } }, 'body.data.address.latitude'],
    ['address id as a string', { address: { id: '12' } }, 'body.data.address.id'],
    ['postalcode as a number', { address: { postalcode: 69007 } }, 'body.data.address.postalcode'],
    ['an unknown key in address', { address: { street: 'Rue de Marseille', foo: 'bar' } }, 'body.data.address.foo'],
    ['address as a string', { address: '24 rue de Marseille' }, 'body.data.address'],
    ['consents value not a string', { consents: [{ id: 101, value: true }] }, 'body.data.consents.0.value'],
    ['custom_fields value as a number', { custom_fields: [{ id: 602, value: 3 }] }, 'body.data.custom_fields.0.value'],
    ['status id as a string', { status: [{ id: '301', value: 'indecis' }] }, 'body.data.status.0.id'],
    ['forms id missing', { forms: [{ label: 'Question', value: 'oui' }] }, 'body.data.forms.0.id'],
    ['actions id as 0', { actions: [{ id: 0, value: 'yes' }] }, 'body.data.actions.0.id'],
    [
      'an unknown key in a name_presences item',
      { name_presences: [{ id: 201, value: 'absent', extra: 1 }] },
      'body.data.name_presences.0.extra',
    ],
    ['consents as an object', { consents: { id: 101, value: 'consent_email' } }, 'body.data.consents'],
    ['tags as strings', { tags: ['logement'] }, 'body.data.tags.0'],
    ['an unknown key in a tag', { tags: [{ name: 'logement', color: 'red' }] }, 'body.data.tags.0.color'],
    ['a note pinned as "yes"', { notes: [{ content: 'Rappeler', pinned: 'yes' }] }, 'body.data.notes.0.pinned'],
    ['a note id as 2.5', { notes: [{ content: 'Rappeler', id: 2.5 }] }, 'body.data.notes.0.id'],
  ])('rejects %s', (_name, data, location) => {
    expect(locationsOf(withData(data))).toEqual([location]);
  });

  it.each(['2023-02-30', '1850-01-01', '1899-12-31', '01/02/1990', '1990-1-2', '1990-13-01', '19900102'])(
    'rejects the birthdate %s',
    (birthdate) => {
      expect(locationsOf(withData({ birthdate }))).toEqual(['body.data.birthdate']);
    },
  );

  it('gives a string that is no date at all one message, not one per rule', () => {
    const result = parse(withData({ birthdate: '01/02/1990' }));
    expect(result.error?.issues.map((i) => i.message)).toEqual(['Must be a real date written YYYY-MM-DD']);
  });

  it('rejects a birthdate in the future', () => {
    const nextYear = `${new Date().getUTCFullYear() + 1}-01-15`;
    expect(locationsOf(withData({ birthdate: nextYear }))).toEqual(['body.data.birthdate']);
    const result = parse(withData({ birthdate: nextYear }));
    expect(result.error?.issues.map((i) => i.message)).toContain('Must not be in the future');
  });

  it('rejects kind other than "contact" at body.kind', () => {
    expect(locationsOf({ kind: 'person', data: { firstname: 'Camille' } })).toEqual(['body.kind']);
    expect(locationsOf({ kind: 'Contact', data: { firstname: 'Camille' } })).toEqual(['body.kind']);
    expect(locationsOf({ data: { firstname: 'Camille' } })).toEqual(['body.kind']);
  });

  it('rejects a body without data, or a body that is not an object', () => {
    expect(locationsOf({ kind: 'contact' })).toEqual(['body.data']);
    expect(locationsOf({ kind: 'contact', data: [] })).toEqual(['body.data']);
    expect(locationsOf('contact')).toEqual(['body']);
    expect(locationsOf(null)).toEqual(['body']);
  });

  it('rejects an unknown key beside kind and data', () => {
    expect(locationsOf({ kind: 'contact', data: { firstname: 'Camille' }, id: 4 })).toEqual(['body.id']);
  });

  it('rejects a contact with nothing identifying at body.data', () => {
    const input = { kind: 'contact', data: { tags: [{ name: 'logement' }], age_category: 2, black_list: false } };
    expect(locationsOf(input)).toEqual(['body.data']);
    const result = parse(input);
    expect(result.error?.issues[0]?.message).toBe(IDENTIFY_MESSAGE);
  });

  it('rejects an empty data object, and one whose only names are blank', () => {
    expect(locationsOf({ kind: 'contact', data: {} })).toEqual(['body.data']);
    expect(locationsOf({ kind: 'contact', data: { firstname: '  ', surname: '', mail: ' ', address: { city: 'Lyon' } } })).toEqual([
      'body.data',
    ]);
  });

  it.each([
    ['a surname', { surname: 'Martin' }],
    ['a married name', { married_name: 'Durand' }],
    ['an email', { mail: 'camille@example.fr' }],
    ['a phone', { phone: '04 78 12 34 56' }],
    ['a mobile', { mobile: '06 12 34 56 78' }],
    ['a street', { address: { street: 'Rue de Marseille' } }],
    ['an existing contact id', { id: 42 }],
  ])('accepts a contact identified only by %s', (_name, data) => {
    expect(locationsOf({ kind: 'contact', data })).toEqual([]);
  });

  it.each([
    ['firstname', { firstname: 'x'.repeat(LIMITS.name + 1) }, 'body.data.firstname'],
    ['surname', { surname: 'x'.repeat(LIMITS.name + 1) }, 'body.data.surname'],
    ['street', { address: { street: 'x'.repeat(LIMITS.text + 1) } }, 'body.data.address.street'],
    ['postalcode', { address: { postalcode: '6'.repeat(21) } }, 'body.data.address.postalcode'],
    ['address infos', { address: { infos: 'x'.repeat(LIMITS.addressInfos + 1) } }, 'body.data.address.infos'],
    ['mail', { mail: `${'a'.repeat(LIMITS.mail)}@example.fr` }, 'body.data.mail'],
    ['a note', { notes: [{ content: 'x'.repeat(LIMITS.note + 1) }] }, 'body.data.notes.0.content'],
    ['a tag', { tags: [{ name: 'x'.repeat(LIMITS.text + 1) }] }, 'body.data.tags.0.name'],
    ['a custom field value', { custom_fields: [{ id: 601, value: 'x'.repeat(LIMITS.value + 1) }] }, 'body.data.custom_fields.0.value'],
    [
      'a consent label',
      { consents: [{ id: 101, label: 'x'.repeat(LIMITS.text + 1), value: 'consent_sms' }] },
      'body.data.consents.0.label',
    ],
  ])('rejects %s over its maximum length', (_name, data, location) => {
    expect(locationsOf(withData(data))).toEqual([location]);
  });

  it('accepts a string at its maximum length, counted after trimming', () => {
    const firstname = `  ${'x'.repeat(LIMITS.name)}  `;
    const out = expectAccepted(withData({ firstname }));
    expect(out.data.firstname).toBe('x'.repeat(LIMITS.name));
  });

  it('rejects too many items in an array at the array', () => {
    const tags = Array.from({ length: LIMITS.tags + 1 }, (_, i) => ({ name: `tag ${i}` }));
    expect(locationsOf(withData({ tags }))).toEqual(['body.data.tags']);
    const notes = Array.from({ length: LIMITS.notes + 1 }, (_, i) => ({ content: `note ${i}` }));
    expect(locationsOf(withData({ notes }))).toEqual(['body.data.notes']);
    const consents = Array.from({ length: LIMITS.items + 1 }, (_, i) => ({ id: i + 1, value: 'consent_email' }));
    expect(locationsOf(withData({ consents }))).toEqual(['body.data.consents']);
  });

  it('reports each violation of one body at its own location, with the value sent', () => {
    const input = {
      kind: 'contact',
      data: { firstname: 'Camille', mail: 'camille@', address: { latitude: 45.75, zip: '69007' }, id: 1.5 },
    };
    const result = parse(input);
    expect(result.success).toBe(false);
    const errors = toQomonErrors(result.error!.issues, input);
    expect(errors.map((e) => e.location).sort()).toEqual([
      'body.data.address.latitude',
      'body.data.address.zip',
      'body.data.id',
      'body.data.mail',
    ]);
    expect(errors.find((e) => e.location === 'body.data.mail')?.value).toBe('camille@');
    expect(errors.find((e) => e.location === 'body.data.address.latitude')?.value).toBe(45.75);
    expect(errors.find((e) => e.location === 'body.data.address.zip')?.value).toBe('69007');
    expect(errors.find((e) => e.location === 'body.data.id')?.value).toBe(1.5);
  });
});

describe('contactUpsertSchema: blank strings are dropped and strings trimmed', () => {
  it('drops blank and whitespace-only strings from the output', () => {
    const input = withData({ surname: '', married_name: '   ', mail: ' \t ', phone: '\n', birthdate: '  ', nationality: '' });
    const out = expectAccepted(input);
    expect(JSON.stringify(out)).toBe('{"kind":"contact","data":{"firstname":"Camille"}}');
    expect(Object.keys(out.data)).toEqual(['firstname']);
  });

  it('trims every string it keeps', () => {
    const out = expectAccepted({
      kind: 'contact',
      data: {
        firstname: '  Camille ',
        mail: ' camille@example.fr ',
        mobile: ' 06 12 34 56 78 ',
        birthdate: ' 1984-06-12 ',
        address: { street: '\tRue de Marseille ', latitude: ' 45.75 ' },
        consents: [{ id: 101, label: ' E-mails ', value: ' consent_email ' }],
      },
    });
    expect(out.data).toEqual({
      firstname: 'Camille',
      mail: 'camille@example.fr',
      mobile: '06 12 34 56 78',
      birthdate: '1984-06-12',
      address: { street: 'Rue de Marseille', latitude: '45.75' },
      consents: [{ id: 101, label: 'E-mails', value: 'consent_email' }],
    });
  });

  it('drops an address whose every field is blank', () => {
    const out = expectAccepted(withData({ address: { street: ' ', city: '', postalcode: '  ', latitude: '' } }));
    expect(JSON.stringify(out.data)).toBe('{"firstname":"Camille"}');
    const empty = expectAccepted(withData({ address: {} }));
    expect(JSON.stringify(empty.data)).toBe('{"firstname":"Camille"}');
  });

  it('keeps only the filled fields of an address', () => {
    const out = expectAccepted(withData({ address: { street: 'Rue de Marseille', city: ' ', postalcode: '69007', door: '' } }));
    // Keys come out in the schema's (alphabetical) order.
    expect(JSON.stringify(out.data.address)).toBe('{"postalcode":"69007","street":"Rue de Marseille"}');
  });

  it('keeps an address that only has an id', () => {
    const out = expectAccepted(withData({ address: { id: 12, street: '' } }));
    expect(JSON.stringify(out.data.address)).toBe('{"id":12}');
  });

  it('removes tags with a blank name, and the tags array when none is left', () => {
    const out = expectAccepted(withData({ tags: [{ name: ' ' }, { name: ' logement ' }, { name: '' }] }));
    expect(out.data.tags).toEqual([{ name: 'logement' }]);
    const none = expectAccepted(withData({ tags: [{ name: ' ' }, { name: '' }] }));
    expect(JSON.stringify(none.data)).toBe('{"firstname":"Camille"}');
  });

  it('removes notes with blank content, even pinned or with an id', () => {
    const out = expectAccepted(
      withData({ notes: [{ content: '   ', pinned: true }, { content: ' Rappeler après 18h ' }, { content: '', id: 4 }] }),
    );
    expect(JSON.stringify(out.data.notes)).toBe('[{"content":"Rappeler après 18h","pinned":false}]');
    const none = expectAccepted(withData({ notes: [{ content: '\n' }] }));
    expect('notes' in none.data).toBe(false);
  });

  it('defaults pinned to false and keeps pinned true', () => {
    const out = expectAccepted(withData({ notes: [{ content: 'A' }, { content: 'B', pinned: true }, { content: 'C', pinned: false }] }));
    expect(out.data.notes?.map((n) => n.pinned)).toEqual([false, true, false]);
  });

  it.each(FIELD_VALUE_KEYS)('removes %s items whose value is blank, and the array when none is left', (key) => {
    const out = expectAccepted(
      withData({
        [key]: [
          { id: 1, label: 'A', value: ' ' },
          { id: 2, label: 'B', value: ' ok ' },
        ],
      }),
    );
    expect((out.data as Record<string, unknown>)[key]).toEqual([{ id: 2, label: 'B', value: 'ok' }]);
    const none = expectAccepted(withData({ [key]: [{ id: 1, label: 'A', value: '' }] }));
    expect(JSON.stringify(none.data)).toBe('{"firstname":"Camille"}');
  });

  it('drops a blank label but keeps its item', () => {
    const out = expectAccepted(withData({ status: [{ id: 301, label: '  ', value: 'indecis' }] }));
    expect(JSON.stringify(out.data.status)).toBe('[{"id":301,"value":"indecis"}]');
  });

  it('drops empty arrays', () => {
    const out = expectAccepted(withData({ tags: [], notes: [], consents: [], forms: [] }));
    expect(JSON.stringify(out.data)).toBe('{"firstname":"Camille"}');
  });

  it('keeps black_list false and does not invent keys that were not sent', () => {
    const out = expectAccepted(withData({ black_list: false }));
    expect(JSON.stringify(out)).toBe('{"kind":"contact","data":{"black_list":false,"firstname":"Camille"}}');
  });

  it('does not change the input object', () => {
    const input = withData({ surname: '  ', tags: [{ name: ' ' }] });
    const before = JSON.stringify(input);
    expectAccepted(input);
    expect(JSON.stringify(input)).toBe(before);
  });
});

describe('isCalendarDate', () => {
  it.each([
    ['2024-02-29', true],
    ['2023-02-28', true],
    ['2000-02-29', true],
    ['2023-02-29', false],
    ['1900-02-29', false],
    ['2023-02-30', false],
    ['2023-04-31', false],
    ['2023-00-10', false],
    ['2023-12-00', false],
    ['01/02/1990', false],
    ['1990-01-02T00:00:00Z', false],
    ['', false],
  ])('%s → %s', (s, ok) => {
    expect(isCalendarDate(s)).toBe(ok);
  });
});

// Type-level check: the complete body is what a client may send.
const _typed: ContactUpsertInput = completeBody();
void _typed;
