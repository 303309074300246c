// RFC 7807 problem details, in the shape Qomon uses, shared by the server that writes them and
// the app that reads them.

export interface QomonError {
  /** A path such as `body.data.address.postalcode`. */
  location: string;
  message: string;
  value?: unknown;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: QomonError[];
}

const BASE = 'https://doorstep.invalid/problems/';

/** Problem `type` URIs, so that the app can tell "your data is wrong" from "the server is
 * misconfigured" without parsing prose. */
export const PROBLEM_TYPES = {
  validation: `${BASE}validation`,
  campaign: `${BASE}campaign-mismatch`,
  malformed: `${BASE}malformed-request`,
  unauthenticated: `${BASE}unauthenticated`,
  forbidden: `${BASE}forbidden`,
  /** An item sent for another canvasser whose author token does not hold (forged, expired, made
   * for another device): it waits on the device for its author. */
  onBehalfRefused: `${BASE}on-behalf-refused`,
  misdirected: `${BASE}misdirected-request`,
  notFound: `${BASE}not-found`,
  conflict: `${BASE}conflict`,
  methodNotAllowed: `${BASE}method-not-allowed`,
  tooLarge: `${BASE}payload-too-large`,
  unsupportedMediaType: `${BASE}unsupported-media-type`,
  idempotencyKeyReused: `${BASE}idempotency-key-reused`,
  inFlight: `${BASE}request-in-flight`,
  rateLimited: `${BASE}rate-limited`,
  upstreamUnavailable: `${BASE}upstream-unavailable`,
  upstreamAuth: `${BASE}upstream-refused-api-key`,
  upstreamRateLimited: `${BASE}upstream-rate-limited`,
  upstreamTimeout: `${BASE}upstream-timeout`,
  unavailable: `${BASE}service-unavailable`,
  internal: `${BASE}internal`,
} as const;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
