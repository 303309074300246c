import type { FastifyInstance } from 'fastify';
import type { Campaign } from '@shared/campaign-schema';
import { PROBLEM_TYPES } from '@shared/problem';
import type { SessionGuard } from '@server/auth/session-guard';
import { sendProblem } from '@server/http/send-problem';

export interface CampaignRouteOptions {
  campaign: () => Campaign;
  guard: SessionGuard;
}

export async function campaignRoute(app: FastifyInstance, opts: CampaignRouteOptions): Promise<void> {
  app.get('/api/campaign', async (request, reply) => {
    if (!(await opts.guard.canvasser(request)))
      return sendProblem(reply, { type: PROBLEM_TYPES.unauthenticated, title: 'Not signed in', status: 401 });
    reply.header('cache-control', 'private, no-cache');
    return opts.campaign();
  });
}
