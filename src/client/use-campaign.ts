import { useQuery } from '@tanstack/react-query';
import { type Campaign, campaignSchema } from '../shared/campaign-schema';
import { apiJson } from './api-fetch';

export const campaignQueryKey = ['campaign'] as const;

const parseCampaign = (body: unknown): Campaign => campaignSchema.parse(body);

/** The campaign the form is built from. Lives beside the shell, not in a feature, because the
 * shell and several features read it. */
export function useCampaign() {
  return useQuery({
    queryKey: campaignQueryKey,
    queryFn: ({ signal }) => apiJson('/api/campaign', parseCampaign, { signal }),
    staleTime: 10 * 60_000,
  });
}
