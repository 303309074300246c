import { describe, expect, it } from 'vitest';
import bootSource from './boot.ts?raw';
import { CAMPAIGN_STALE_MS, CAMPAIGN_STORAGE_KEY } from '@client/features/campaign/use-campaign';
import { SESSION_STORAGE_KEY } from '@client/features/session/kept-session';

// boot.ts imports nothing (it must run before anything else arrives), so it keeps its own copies
// of two values of use-campaign.ts and one of kept-session.ts: they must stay the same, or boot.ts would ask for a campaign
// the app then ignores, or skip one the app needs.
describe('boot.ts', () => {
  it('reads the kept campaign under the key and with the age use-campaign.ts uses', () => {
    const key = bootSource.match(/const CAMPAIGN_STORAGE_KEY = '([^']+)'/)?.[1];
    const stale = bootSource.match(/const CAMPAIGN_STALE_MS = ([\d_ *]+);/)?.[1];
    expect(key).toBe(CAMPAIGN_STORAGE_KEY);
    expect(stale?.split('*').reduce((product, factor) => product * Number(factor.trim().replaceAll('_', '')), 1)).toBe(CAMPAIGN_STALE_MS);
  });

  it('reads the kept session under the key kept-session.ts writes', () => {
    expect(bootSource.match(/const SESSION_STORAGE_KEY = '([^']+)'/)?.[1]).toBe(SESSION_STORAGE_KEY);
  });
});
