import { describe, expect, it } from 'vitest';
import exampleCampaignJson from '@config/example-campaign.json';
import { campaignSchema } from '@shared/campaign-schema';
import { CAMPAIGN_STORAGE_KEY, readStoredCampaign, storeCampaign } from './use-campaign';

const campaign = campaignSchema.parse(exampleCampaignJson);

function memoryStorage(): Pick<Storage, 'getItem' | 'setItem'> & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return { items, getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v) };
}

describe('the stored campaign', () => {
  it('comes back as it was stored, dated', () => {
    const storage = memoryStorage();
    storeCampaign(campaign, storage, 1_700_000_000_000);
    expect(readStoredCampaign(storage)).toEqual({ campaign, savedAt: 1_700_000_000_000 });
  });

  it('is ignored when missing, unreadable, or written by another version', () => {
    const storage = memoryStorage();
    expect(readStoredCampaign(storage)).toBeUndefined();
    storage.setItem(CAMPAIGN_STORAGE_KEY, '{not json');
    expect(readStoredCampaign(storage)).toBeUndefined();
    storage.setItem(CAMPAIGN_STORAGE_KEY, JSON.stringify({ version: 0, savedAt: 1, campaign }));
    expect(readStoredCampaign(storage)).toBeUndefined();
    storage.setItem(CAMPAIGN_STORAGE_KEY, JSON.stringify({ version: 1, savedAt: 1, campaign: { name: 'x' } }));
    expect(readStoredCampaign(storage)).toBeUndefined();
  });

  it('does not break the app when storage refuses', () => {
    const full = {
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
    };
    expect(() => storeCampaign(campaign, full)).not.toThrow();
    expect(
      readStoredCampaign({
        getItem: () => {
          throw new Error('denied');
        },
      }),
    ).toBeUndefined();
  });
});
