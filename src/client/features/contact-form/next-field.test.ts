import { describe, expect, it } from 'vitest';
import { nextField } from './next-field';

describe('nextField', () => {
  const fields = ['street', 'housenumber', 'hidden', 'city'];

  it('is the next field that is accepted, skipping the others', () => {
    expect(nextField(fields, 'housenumber', (f) => f !== 'hidden')).toBe('city');
    expect(nextField(fields, 'street', () => true)).toBe('housenumber');
  });

  it('is none after the last field', () => {
    expect(nextField(fields, 'city', () => true)).toBeUndefined();
  });

  it('never goes back to the field itself or one before it', () => {
    expect(nextField(fields, 'hidden', (f) => f === 'street' || f === 'hidden')).toBeUndefined();
  });
});
