// Walk-list tests over HTTP: a campaign file with walk lists tuned by the test, and POSTing a
// visit with its Idempotency-Key.

import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { EXAMPLE_CAMPAIGN_FILE } from '@server/env';
import type { TestClient, TestResponse } from './test-client';

export type CampaignJson = Record<string, any>;

/** The example campaign, changed by `change`, written to `dir/name`; returns the file's path. */
export function writeCampaign(dir: string, name: string, change: (c: CampaignJson) => void): string {
  const campaign = JSON.parse(readFileSync(EXAMPLE_CAMPAIGN_FILE, 'utf8')) as CampaignJson;
  change(campaign);
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(campaign, null, 2));
  return file;
}

/** POST /api/turfs/:turfId/visits with an Idempotency-Key (a fresh UUID unless given; null: none). */
export async function postVisit(
  client: TestClient,
  turfId: string,
  body: unknown,
  opts: { key?: string | null; headers?: Record<string, string> } = {},
): Promise<TestResponse & { key: string }> {
  const key = opts.key === undefined ? randomUUID() : opts.key;
  const headers: Record<string, string> = { ...opts.headers };
  if (key !== null) headers['idempotency-key'] = key;
  const res = await client.request(`/api/turfs/${encodeURIComponent(turfId)}/visits`, { method: 'POST', body, headers });
  return { ...res, key: key ?? '' };
}
