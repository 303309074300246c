import { type QueryClient, useQuery } from '@tanstack/react-query';
import type { Campaign } from '@shared/campaign-schema';
import { apiJson } from '@client/lib/api-fetch';
import { peekEarlyAnswer } from '@client/lib/early-start';
import { languageStore } from '@client/lib/ui-language';

export const campaignQueryKey = ['campaign'] as const;

/** The last campaign the server gave, so that the form can be built with no network. It holds
 * no personal data: every canvasser of the server gets the same campaign. */
export const CAMPAIGN_STORAGE_KEY = 'doorstep.campaign';
/** A kept campaign younger than this is used without asking the server (boot.ts keeps a copy). */
export const CAMPAIGN_STALE_MS = 10 * 60_000;

/** Bumped when the campaign schema changes shape: a copy kept by an older release is then left
 * unused rather than read as something it is not. */
export const STORED_CAMPAIGN_VERSION = 1;

interface StoredCampaign {
  version: number;
  savedAt: number;
  campaign: Campaign;
}

function safeLocalStorage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}

/** The stored copy, read without zod (which is kept off the path to the first screen): it was
 * checked by the campaign schema before it was stored, and the version guards its shape. */
export function readStoredCampaign(
  storage: Pick<Storage, 'getItem'> | undefined = safeLocalStorage(),
): Omit<StoredCampaign, 'version'> | undefined {
  try {
    const stored = JSON.parse(storage?.getItem(CAMPAIGN_STORAGE_KEY) ?? 'null') as Partial<StoredCampaign> | null;
    const campaign = stored?.campaign;
    if (
      stored?.version !== STORED_CAMPAIGN_VERSION ||
      typeof stored.savedAt !== 'number' ||
      typeof campaign?.name !== 'string' ||
      !Array.isArray(campaign.consents) ||
      !Array.isArray(campaign.surveys)
    ) {
      return undefined;
    }
    return { campaign, savedAt: stored.savedAt };
  } catch {
    return undefined;
  }
}

export function storeCampaign(
  campaign: Campaign,
  storage: Pick<Storage, 'setItem'> | undefined = safeLocalStorage(),
  now = Date.now(),
): void {
  try {
    const stored: StoredCampaign = { version: STORED_CAMPAIGN_VERSION, savedAt: now, campaign };
    storage?.setItem(CAMPAIGN_STORAGE_KEY, JSON.stringify(stored));
  } catch {
    // Quota or private mode: the form still works while online.
  }
}

async function fetchCampaign(signal: AbortSignal): Promise<Campaign> {
  // The schema (and zod with it) loads while the request is on its way.
  const [{ campaignSchema }, body] = await Promise.all([import('@shared/campaign-schema'), apiJson('/api/campaign', (b) => b, { signal })]);
  const campaign = campaignSchema.parse(body);
  storeCampaign(campaign);
  // The campaign's language, before the form first renders: the form then comes up in it, rather
  // than in the browser's and again in the campaign's (the shell adopts it too, for a kept copy).
  languageStore.adoptCampaignLanguage(campaign.language);
  return campaign;
}

/** The campaign the form is built from. Lives beside the shell, not in a feature, because the
 * shell and several features read it. Starts from the stored copy (dated when it was saved, so
 * that TanStack Query refreshes it once stale) and keeps it when the network fails. */
export function useCampaign() {
  return useQuery(campaignQuery);
}

const campaignQuery = {
  queryKey: campaignQueryKey,
  queryFn: ({ signal }: { signal: AbortSignal }) => fetchCampaign(signal),
  initialData: () => readStoredCampaign()?.campaign,
  initialDataUpdatedAt: () => readStoredCampaign()?.savedAt,
  staleTime: CAMPAIGN_STALE_MS,
};

/** When boot.ts got the campaign (signed in), it is read and checked at once, while the session is
 * still being looked at: the form then renders as soon as the session is known. A refusal (signed
 * out) is left alone: the campaign is asked for again after sign-in. */
export function prefetchCampaign(client: QueryClient): void {
  peekEarlyAnswer('/api/campaign')?.then(
    (response) => {
      if (response.ok) void client.prefetchQuery(campaignQuery);
    },
    () => undefined,
  );
}
