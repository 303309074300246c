import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXAMPLE_CAMPAIGN_FILE } from '@server/env';
import { CampaignFileError, loadCampaign } from './load-campaign';
import { tempDir } from '@test-support/temp-dir';

const dir = tempDir('doorstep-campaign-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function failure(file: string): CampaignFileError {
  try {
    loadCampaign(file);
  } catch (err) {
    expect(err).toBeInstanceOf(CampaignFileError);
    return err as CampaignFileError;
  }
  throw new Error('loadCampaign accepted a bad file');
}

describe('loadCampaign', () => {
  it('loads the shipped example campaign', () => {
    const campaign = loadCampaign(EXAMPLE_CAMPAIGN_FILE);
    expect(campaign.country).toBe('FR');
    expect(campaign.consents.map((c) => c.value)).toContain('consent_email');
  });

  it('names CAMPAIGN_FILE and the path when the file is missing', () => {
    const file = path.join(dir, 'missing.json');
    const err = failure(file);
    expect(err.message).toContain('CAMPAIGN_FILE');
    expect(err.message).toContain(file);
  });

  it('names CAMPAIGN_FILE and the path when the file is not JSON', () => {
    const file = path.join(dir, 'broken.json');
    writeFileSync(file, '{"name": "Municipales",');
    const err = failure(file);
    expect(err.message).toContain('CAMPAIGN_FILE');
    expect(err.message).toContain(file);
  });

  it('names the path and the JSON path of each bad value when the schema fails', () => {
    const file = path.join(dir, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({
        name: 'Municipales',
        country: 'France',
        language: 'fr',
        consents: [{ id: 'x', label: 'E-mails', value: 'consent_email' }],
      }),
    );
    const err = failure(file);
    expect(err.message).toContain('CAMPAIGN_FILE');
    expect(err.message).toContain(file);
    expect(err.message).toContain('country');
    expect(err.message).toContain('consents.0.id');
  });
});
