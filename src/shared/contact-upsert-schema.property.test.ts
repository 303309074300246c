import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contactUpsertSchema, LIMITS } from './contact-upsert-schema';
import { toQomonErrors } from './qomon-errors';

// Property tests of the contract: whatever valid contact is generated passes and keeps its values;
// whatever single field is then broken fails, and the error names that field's location.

const RUNS = 300;

const word = (max: number) =>
  fc
    .string({ unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzéèàçôÉ-' ".split('')), minLength: 1, maxLength: max })
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
// Odd but legal text: any Unicode, including emoji and combining marks, trimmed non-empty.
const text = (max: number) =>
  fc
    .string({ unit: 'grapheme', minLength: 1, maxLength: Math.min(max, 40) })
    .map((s) => s.trim())
    .filter((s) => s.length > 0 && s.length <= max);
const email = fc
  .tuple(
    fc.stringMatching(/^[a-z0-9]([a-z0-9._-]{0,20}[a-z0-9])?$/),
    fc.stringMatching(/^[a-z0-9]{1,12}$/),
    fc.constantFrom('fr', 'com', 'org', 'eu'),
  )
  .filter(([local]) => !local.includes('..'))
  .map(([l, d, t]) => `${l}@${d}.${t}`);
const phone = fc.stringMatching(/^\+?[0-9]{2}( ?[0-9]{2}){3,5}$/);
const date = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2008-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const coordinate = (limit: number) => fc.double({ min: -limit, max: limit, noNaN: true }).map((n) => n.toFixed(6));
const id = fc.integer({ min: 1, max: 2 ** 31 });
const item = fc.record({ id, label: word(50), value: text(60) });
const items = fc.array(item, { minLength: 1, maxLength: 4 });

const address = fc.record(
  {
    addition: word(10),
    building: word(30),
    city: word(40),
    citycode: fc.stringMatching(/^[0-9]{5}$/),
    country: word(30),
    county: word(30),
    door: word(10),
    floor: fc.stringMatching(/^[0-9]{1,2}$/),
    housenumber: fc.stringMatching(/^[0-9]{1,4}$/),
    id,
    infos: text(200),
    latitude: coordinate(90),
    longitude: coordinate(180),
    pollingstation: word(30),
    postalcode: fc.stringMatching(/^[0-9]{5}$/),
    state: word(30),
    street: word(60),
  },
  { requiredKeys: ['street'] },
);

const data = fc.record(
  {
    actions: items,
    address,
    age_category: id,
    birthcity: word(40),
    birthcountry: word(40),
    birthdate: date,
    birthdept: word(40),
    black_list: fc.boolean(),
    consents: items,
    custom_fields: items,
    firstname: word(LIMITS.name),
    forms: items,
    id,
    mail: email,
    married_name: word(40),
    mobile: phone,
    name_presences: items,
    nationality: word(40),
    nationbuilderid: id,
    notes: fc.array(fc.record({ content: text(200), id, pinned: fc.boolean() }), { minLength: 1, maxLength: 3 }),
    phone,
    status: items,
    surname: word(LIMITS.name),
    tags: fc.array(fc.record({ name: word(30) }), { minLength: 1, maxLength: 5 }),
  },
  // Any subset of fields, as long as a name identifies the person.
  { requiredKeys: ['firstname'] },
);

const body = data.map((d) => ({ kind: 'contact' as const, data: d }));

describe('the contact contract, by property', () => {
  it('accepts every generated valid contact and keeps each value as given', () => {
    fc.assert(
      fc.property(body, (b) => {
        const result = contactUpsertSchema.safeParse(b);
        if (!result.success) throw new Error(JSON.stringify(toQomonErrors(result.error.issues, b)));
        expect(JSON.parse(JSON.stringify(result.data))).toEqual(b);
      }),
      { numRuns: RUNS },
    );
  });

  // One way to break each kind of field, and where the error must point.
  const breakers: [string, (d: Record<string, unknown>) => string][] = [
    ['a string field given a number', (d) => ((d.surname = 42), 'body.data.surname')],
    ['an integer given a string', (d) => ((d.age_category = '3'), 'body.data.age_category')],
    ['an integer given a fraction', (d) => ((d.nationbuilderid = 1.5), 'body.data.nationbuilderid')],
    ['a boolean given a string', (d) => ((d.black_list = 'true'), 'body.data.black_list')],
    ['an email without @', (d) => ((d.mail = 'jeanne.example.fr'), 'body.data.mail')],
    ['a birthdate that is no date', (d) => ((d.birthdate = '2001-02-29'), 'body.data.birthdate')],
    ['an unknown key', (d) => ((d.favourite_colour = 'blue'), 'body.data.favourite_colour')],
    ['a __proto__-like key', (d) => ((d['constructor'] = 'x'), 'body.data.constructor')],
    ['latitude as a number', (d) => ((d.address = { street: 'Rue A', latitude: 45.7 }), 'body.data.address.latitude')],
    [
      'a consent value that is not a string',
      (d) => ((d.consents = [{ id: 1, label: 'E-mail', value: true }]), 'body.data.consents.0.value'),
    ],
    ['a tag without a string name', (d) => ((d.tags = [{ name: 7 }]), 'body.data.tags.0.name')],
    ['a string over its limit', (d) => ((d.firstname = 'x'.repeat(LIMITS.name + 1)), 'body.data.firstname')],
  ];

  it('rejects each broken field of any valid contact, at that field’s location', () => {
    fc.assert(
      fc.property(body, fc.constantFrom(...breakers), (b, [, breakIt]) => {
        const broken = structuredClone(b) as { kind: 'contact'; data: Record<string, unknown> };
        const location = breakIt(broken.data);
        const result = contactUpsertSchema.safeParse(broken);
        expect(result.success).toBe(false);
        expect(toQomonErrors(result.error!.issues, broken).map((e) => e.location)).toContain(location);
      }),
      { numRuns: RUNS },
    );
  });
});
