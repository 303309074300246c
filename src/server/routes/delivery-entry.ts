import type { QomonError } from '@shared/problem';
import type { DeliveryEntry } from '@server/stores/delivery-log';
import type { UpstreamOutcome } from '@server/upstream/upstream-client';

// Turns what became of a contact into a line of the deliveries log: the fields at fault are named
// by location only, since an error's value is what the canvasser typed.

type Outcome = Pick<DeliveryEntry, 'result' | 'refusedBy' | 'upstreamStatus' | 'locations'>;

const locationsOf = (errors: readonly QomonError[]) => [...new Set(errors.map((e) => e.location))].slice(0, 50);

/** Refused by this server's own checks before anything was forwarded. */
export function refusedByServer(errors: readonly QomonError[]): Outcome {
  return { result: 'refused', refusedBy: 'server', locations: locationsOf(errors) };
}

export function deliveryOfOutcome(outcome: UpstreamOutcome): Outcome {
  switch (outcome.kind) {
    case 'accepted':
      return { result: 'delivered', upstreamStatus: outcome.status, locations: [] };
    case 'invalid':
      return { result: 'refused', refusedBy: 'qomon', upstreamStatus: outcome.status, locations: locationsOf(outcome.errors) };
    case 'rate-limited':
      return { result: 'failed', upstreamStatus: 429, locations: [] };
    case 'auth-refused':
    case 'server-error':
    case 'unexpected':
      return { result: 'failed', upstreamStatus: outcome.status, locations: [] };
    case 'timeout':
    case 'unreachable':
      return { result: 'failed', locations: [] };
  }
}

/** A turf a contact says it was met on (the walk list sends it): an id, not looked up. */
export const TURF_HEADER = 'doorstep-turf';
const TURF_ID_RE = /^[A-Za-z0-9_-]{1,64}$/;

export function turfOfHeader(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' && TURF_ID_RE.test(value) ? value : undefined;
}
