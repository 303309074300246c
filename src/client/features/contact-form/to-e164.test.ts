import { describe, expect, it } from 'vitest';
import { toE164 } from './to-e164';

describe('toE164', () => {
  it('reads national numbers with the campaign country', () => {
    expect(toE164('06 12 34 56 78', 'FR')).toBe('+33612345678');
    expect(toE164('04.78.12.34.56', 'FR')).toBe('+33478123456');
    expect(toE164('0612345678', 'FR')).toBe('+33612345678');
  });

  it('keeps the country a + prefix names', () => {
    expect(toE164('+44 20 7946 0958', 'FR')).toBe('+442079460958');
    expect(toE164('+33 6 12 34 56 78', 'GB')).toBe('+33612345678');
  });

  it('refuses what is no number of that country', () => {
    expect(toE164('12345', 'FR')).toBeUndefined();
    expect(toE164('06 12 34', 'FR')).toBeUndefined();
    expect(toE164('not a phone', 'FR')).toBeUndefined();
    expect(toE164('', 'FR')).toBeUndefined();
  });
});
