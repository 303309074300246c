import { describe, expect, it } from 'vitest';
import { DEBIAN_CHROMIUM, findChromium } from './find-chromium.mjs';

const BUNDLED = '/root/.cache/ms-playwright/chromium-9999/chrome-linux/chrome';

function only(...paths: string[]) {
  return (path: string) => paths.includes(path);
}

describe('findChromium', () => {
  it('prefers CHROMIUM_PATH, even when it does not exist, so a typo gets reported', () => {
    const found = findChromium({ env: { CHROMIUM_PATH: '/opt/typo' }, exists: only(DEBIAN_CHROMIUM), bundledPath: () => BUNDLED });
    expect(found).toEqual({ path: '/opt/typo', source: 'CHROMIUM_PATH' });
  });

  it('takes Debian’s chromium before Playwright’s download', () => {
    const found = findChromium({ env: {}, exists: only(DEBIAN_CHROMIUM, BUNDLED), bundledPath: () => BUNDLED });
    expect(found).toEqual({ path: DEBIAN_CHROMIUM, source: 'system' });
  });

  it('falls back to Playwright’s own browser when it is downloaded', () => {
    const found = findChromium({ env: { CHROMIUM_PATH: '  ' }, exists: only(BUNDLED), bundledPath: () => BUNDLED });
    expect(found).toEqual({ path: BUNDLED, source: 'playwright' });
  });

  it('finds nothing when no browser exists', () => {
    expect(findChromium({ env: {}, exists: only(), bundledPath: () => BUNDLED })).toBeUndefined();
    expect(
      findChromium({
        env: {},
        exists: only(),
        bundledPath: () => {
          throw new Error('unsupported platform');
        },
      }),
    ).toBeUndefined();
  });
});
