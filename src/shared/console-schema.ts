import type { DoorState, TurfProgress } from './turf-schema';

// The organiser's console (`/console`) and its JSON routes (`/api/console/…`): what the server
// answers and what the page reads, written once here. Nothing here holds a contact's name, e-mail,
// phone or address, nor an access code except the one answer that creates it.

export const CONSOLE_ROLES = ['canvasser', 'organiser'] as const;
export type ConsoleRole = (typeof CONSOLE_ROLES)[number];

/** `YYYY-MM-DD`, a day in the organiser's time zone. */
export const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

export interface ConsoleCanvasser {
  id: string;
  name: string;
  role: ConsoleRole;
  /** The demo canvasser of sandbox mode (and its organiser): not in the canvassers file, so it
   * can be assigned but neither revoked nor given another role. */
  builtIn?: true;
  /** Ids of the turfs assigned to them. */
  turfs: string[];
}

/** `GET /api/console/canvassers` */
export interface ConsoleCanvasserList {
  canvassers: ConsoleCanvasser[];
}

/** `POST /api/console/canvassers` {name, role?} → 201. The code is shown once: only its hash is kept. */
export interface ConsoleCanvasserAdded {
  canvasser: ConsoleCanvasser;
  code: string;
}

/** The app signs in with a code given in its address's fragment, which no server or proxy log
 * sees: `https://server/#code=abcde-fghjk`. */
export const SIGN_IN_FRAGMENT_KEY = 'code';

export function signInLink(origin: string, code: string): string {
  return `${origin}/#${SIGN_IN_FRAGMENT_KEY}=${encodeURIComponent(code)}`;
}

/** The code of a sign-in link's fragment (`#code=…`), or undefined. */
export function codeOfFragment(hash: string): string | undefined {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const code = params.get(SIGN_IN_FRAGMENT_KEY)?.trim();
  return code ? code : undefined;
}

export type DeliveryResult = 'delivered' | 'refused' | 'failed';

/** One line of `GET /api/console/deliveries`. */
export interface ConsoleDelivery {
  at: string;
  kind: 'contact' | 'visit';
  canvasser: { id: string; name?: string };
  turf?: { id: string; name?: string };
  result: DeliveryResult;
  refusedBy?: 'server' | 'qomon';
  /** What the server answered the app. */
  status: number;
  /** What Qomon answered, when it answered. */
  upstreamStatus?: number;
  /** The fields at fault, by location (`body.data.mail`); never their values. */
  locations: string[];
  /** The contact's Idempotency-Key: the app's outbox and the sandbox name it too. */
  key: string;
}

export interface ConsoleDeliveryList {
  deliveries: ConsoleDelivery[];
  /** How many matched, before `limit`. */
  total: number;
}

export interface ConsoleTurfProgress {
  id: string;
  name: string;
  canvassers: string[];
  /** The turf as it stands: doors, doors visited, doors by state. */
  progress: TurfProgress;
  /** In the range picked: */
  visits: number;
  conversations: number;
  delivered: number;
  refused: number;
  /** Refusals by the field at fault (`body.data.mail`: 3). */
  refusedFields: Record<string, number>;
}

/** Signs that something is wrong with a canvasser's day. */
export type ConsoleGap =
  /** Visits recorded, or a turf assigned, but nothing heard from the device for an hour. */
  | { kind: 'not-synced'; sinceMinutes: number }
  /** Visits a few seconds apart: doors ticked without being knocked at, or a device replaying. */
  | { kind: 'rapid-visits'; count: number; seconds: number };

export interface ConsoleCanvasserProgress {
  id: string;
  name: string;
  /** Doors visited (visits) and conversations in the range. */
  doors: number;
  conversations: number;
  delivered: number;
  refused: number;
  /** The last time the server heard from them in the range (a visit or a contact received). */
  lastSeen?: string;
  gaps: ConsoleGap[];
}

/** `GET /api/console/progress?from=YYYY-MM-DD&to=YYYY-MM-DD&tz=Europe/Paris` */
export interface ConsoleProgress {
  from: string;
  to: string;
  tz: string;
  generatedAt: string;
  totals: { doors: number; visited: number; visits: number; conversations: number; delivered: number; refused: number };
  turfs: ConsoleTurfProgress[];
  canvassers: ConsoleCanvasserProgress[];
}

/** `GET /api/console/turfs/:turfId/doors`: each door's point and state, for the plot. Doors
 * without coordinates are counted, not placed. */
export interface ConsoleTurfDoors {
  id: string;
  name: string;
  doors: { id: string; lat?: number; lon?: number; state: DoorState; label: string }[];
}

/** `POST /api/console/turfs?name=…` with the file as the body → 201. */
export interface ConsoleTurfImported {
  turfs: { id: string; name: string; doors: number }[];
  log: string[];
}
