import { describe, expect, it } from 'vitest';
import { codeOfFragment, signInLink } from './console-schema';

describe('sign-in links', () => {
  it('carry the code in the fragment, and give it back', () => {
    const link = signInLink('https://canvass.example.org', 'abcde-fghjk');
    expect(link).toBe('https://canvass.example.org/#code=abcde-fghjk');
    const url = new URL(link);
    expect(url.pathname + url.search).toBe('/');
    expect(codeOfFragment(url.hash)).toBe('abcde-fghjk');
    // What the app's first load matches (main.tsx), without URLSearchParams.
    expect(decodeURIComponent(/^#code=([^&]+)/.exec(url.hash)![1]!)).toBe('abcde-fghjk');
    expect(codeOfFragment('')).toBeUndefined();
    expect(codeOfFragment('#other=1')).toBeUndefined();
  });
});
