import { readFileSync } from 'node:fs';
import { campaignSchema, type Campaign } from '@shared/campaign-schema';

export class CampaignFileError extends Error {
  override name = 'CampaignFileError';
}

/** Reads and validates the campaign file; every failure names the file and, for a schema
 * error, the JSON path of each bad value. */
export function loadCampaign(file: string): Campaign {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new CampaignFileError(`CAMPAIGN_FILE: cannot read ${file} (${(err as NodeJS.ErrnoException).code})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new CampaignFileError(`CAMPAIGN_FILE: ${file} is not valid JSON (${(err as Error).message})`);
  }
  const parsed = campaignSchema.safeParse(json);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new CampaignFileError(`CAMPAIGN_FILE: ${file} does not match the campaign schema:\n  ${lines.join('\n  ')}`);
  }
  return parsed.data;
}
