import { describe, it, expect } from 'vitest';
import type * as z from 'zod/mini';
import { contactUpsertSchema } from './contact-upsert-schema';
import { locationToFieldPath, toQomonErrors } from './qomon-errors';

type Issue = z.core.$ZodIssue;

function errorsFor(input: unknown) {
  const result = contactUpsertSchema.safeParse(input);
  expect(result.success).toBe(false);
  return toQomonErrors(result.error!.issues, input);
}

describe('locationToFieldPath', () => {
  it.each([
    ['body.data.address.postalcode', 'address.postalcode'],
    ['body.data.custom_fields.2.value', 'custom_fields.2.value'],
    ['body.data.mail', 'mail'],
    ['body.data.notes.0.content', 'notes.0.content'],
    ['data.consents.1.id', 'consents.1.id'],
    ['body.data', ''],
    ['data', ''],
  ])('%s → "%s"', (loc, path) => {
    expect(locationToFieldPath(loc)).toBe(path);
  });

  it.each(['body.kind', 'body', 'body.database', 'query.data.mail', 'header.authorization', ''])(
    '%s is outside the contact data',
    (loc) => {
      expect(locationToFieldPath(loc)).toBeUndefined();
    },
  );
});

describe('toQomonErrors', () => {
  it('carries the value sent at each location', () => {
    const input = {
      kind: 'contact',
      data: {
        firstname: 'Camille',
        mail: 'camille@',
        age_category: '3',
        address: { postalcode: 69007, street: 'Rue de Marseille' },
        consents: [{ id: 101, value: true }],
      },
    };
    const errors = errorsFor(input);
    const byLocation = Object.fromEntries(errors.map((e) => [e.location, e.value]));
    expect(byLocation).toEqual({
      'body.data.mail': 'camille@',
      'body.data.age_category': '3',
      'body.data.address.postalcode': 69007,
      'body.data.consents.0.value': true,
    });
    for (const e of errors) expect(e.message).toEqual(expect.any(String));
  });

  it('carries the whole object or array when that is what is wrong', () => {
    const errors = errorsFor({ kind: 'contact', data: { firstname: 'Camille', address: 'Rue de Marseille', tags: ['logement'] } });
    expect(errors).toEqual([
      { location: 'body.data.address', message: expect.any(String), value: 'Rue de Marseille' },
      { location: 'body.data.tags.0', message: expect.any(String), value: 'logement' },
    ]);
  });

  it('gives each unknown key an error of its own, with its value', () => {
    const input = {
      kind: 'contact',
      data: { firstname: 'Camille', foo: 1, address: { street: 'Rue de Marseille', zip: '69007', lat: 45.7 } },
    };
    const errors = errorsFor(input);
    expect(errors).toEqual(
      expect.arrayContaining([
        { location: 'body.data.foo', message: 'Unknown field', value: 1 },
        { location: 'body.data.address.zip', message: 'Unknown field', value: '69007' },
        { location: 'body.data.address.lat', message: 'Unknown field', value: 45.7 },
      ]),
    );
    expect(errors).toHaveLength(3);
  });

  it('leaves value undefined for a missing field, and never echoes an object back', () => {
    const missingKind = errorsFor({ data: { firstname: 'Camille' } });
    expect(missingKind).toEqual([{ location: 'body.kind', message: expect.any(String), value: undefined }]);

    const data = { tags: [{ name: 'logement' }] };
    const unidentified = errorsFor({ kind: 'contact', data });
    expect(unidentified).toEqual([{ location: 'body.data', message: expect.any(String), value: undefined }]);
  });

  it('echoes a long string cut short, and survives a 10,000-deep value (found by the HTTP fuzz)', () => {
    const long = errorsFor({ kind: 'contact', data: { firstname: 'x'.repeat(5000) } });
    expect(long[0]!.location).toBe('body.data.firstname');
    expect(long[0]!.value).toBe(`${'x'.repeat(200)}…`);

    const deep = JSON.parse(`{"kind":"contact","data":${'['.repeat(10_000)}${']'.repeat(10_000)}}`);
    const errors = errorsFor(deep);
    expect(errors[0]!.location).toBe('body.data');
    expect(() => JSON.stringify(errors)).not.toThrow();
  });

  it('roots locations at the prefix, or at nothing with an empty prefix', () => {
    const issues = [{ code: 'custom', path: ['data', 'notes', 0, 'content'], message: 'Trop long', input: 'x' }] as unknown as Issue[];
    const input = { data: { notes: [{ content: 'x' }] } };
    expect(toQomonErrors(issues, input)).toEqual([{ location: 'body.data.notes.0.content', message: 'Trop long', value: 'x' }]);
    expect(toQomonErrors(issues, input, 'request')[0]!.location).toBe('request.data.notes.0.content');
    expect(toQomonErrors(issues, input, '')[0]!.location).toBe('data.notes.0.content');
  });

  it('reads only own properties of the input, never inherited ones', () => {
    const issues = [{ code: 'custom', path: ['data', 'constructor'], message: 'x', input: undefined }] as unknown as Issue[];
    expect(toQomonErrors(issues, { data: {} })[0]!.value).toBeUndefined();
    const throughString = [{ code: 'custom', path: ['data', 'length'], message: 'x', input: undefined }] as unknown as Issue[];
    expect(toQomonErrors(throughString, { data: 'abc' })[0]!.value).toBeUndefined();
  });

  it('gives locations that map back onto form paths', () => {
    const errors = errorsFor({
      kind: 'contact',
      data: { firstname: 'Camille', address: { postalcode: 69007 }, custom_fields: [{ id: 1, value: 2 }] },
    });
    expect(errors.map((e) => locationToFieldPath(e.location))).toEqual(['address.postalcode', 'custom_fields.0.value']);
  });

  it('returns no errors for no issues', () => {
    expect(toQomonErrors([], { kind: 'contact' })).toEqual([]);
  });
});
