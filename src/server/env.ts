import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ipaddr from 'ipaddr.js';
import { z } from 'zod';

// The one place the server reads its environment. Every variable is parsed here, once, at
// start; a bad value stops the server with a message that names the variable.

/** The folder holding package.json, above `from`: this file sits at a different depth under tsx
 * (src/server/env.ts) than bundled (dist-server/main.js), so no fixed `../..` fits both. */
export function findProjectRoot(from: string): string {
  for (let dir = path.dirname(from); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

export const PROJECT_ROOT = findProjectRoot(fileURLToPath(import.meta.url));
export const EXAMPLE_CAMPAIGN_FILE = path.join(PROJECT_ROOT, 'config/example-campaign.json');

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(blankToUndefined, z.string().optional());
// The default sits inside the preprocess: outside it, a blank value (`PORT=`) would reach the
// coercion as `undefined` and fail as NaN instead of taking the default.
const int = (min: number, max: number, fallback: number) =>
  z.preprocess(blankToUndefined, z.coerce.number().int().min(min).max(max).default(fallback));

function isLoopbackUrl(value: string): boolean {
  let host: string;
  try {
    host = new URL(value).hostname;
  } catch {
    return false; // zod has said why already
  }
  return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const schema = z.object({
  PORT: int(0, 65535, 8080),
  HOST: z.preprocess(blankToUndefined, z.string().min(1).default('127.0.0.1')),
  QOMON_API_KEY: optionalString,
  QOMON_API_KEY_FILE: optionalString,
  QOMON_BASE_URL: z.preprocess(
    blankToUndefined,
    z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
      // The API key goes in every request's Authorization header: in clear only to this machine.
      .refine(
        (u) => u.startsWith('https:') || isLoopbackUrl(u),
        'must be https:// (http:// only to this machine: localhost, 127.0.0.1, [::1])',
      )
      .default('https://incoming.qomon.app'),
  ),
  UPSTREAM_TIMEOUT_MS: int(100, 300_000, 10_000),
  CAMPAIGN_FILE: optionalString,
  CANVASSERS_FILE: optionalString,
  SESSION_SECRET: z.preprocess(blankToUndefined, z.string().min(32, 'must be at least 32 characters').optional()),
  SESSION_TTL_HOURS: int(1, 24 * 90, 12),
  DATA_DIR: optionalString,
  REDIS_URL: z.preprocess(blankToUndefined, z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }).optional()),
  ALLOWED_ORIGINS: optionalString,
  ALLOWED_HOSTS: optionalString,
  DEMO_ACCESS_CODE: z.preprocess(blankToUndefined, z.string().min(6, 'must be at least 6 characters').optional()),
  DEMO_ORGANISER_CODE: z.preprocess(blankToUndefined, z.string().min(6, 'must be at least 6 characters').optional()),
  SANDBOX_EXAMPLE_TURF: z.preprocess(blankToUndefined, z.enum(['on', 'off'], { error: 'must be on or off' }).default('on')),
  LOG_LEVEL: z.preprocess(blankToUndefined, z.enum(LOG_LEVELS).default('info')),
  TRUST_PROXY: optionalString,
  IDEMPOTENCY_TTL_DAYS: int(1, 365, 7),
  // A canvasser at the door sends a contact every minute or two; a stolen session must not be
  // able to overwrite or blacklist Qomon contacts by the thousand (`data.id` names any of them).
  CONTACTS_PER_MINUTE: int(1, 1_000_000, 30),
});

export type Mode = 'sandbox' | 'qomon';

export interface Env {
  port: number;
  host: string;
  mode: Mode;
  /** Qomon's key in qomon mode; a random key of the embedded sandbox in sandbox mode. */
  apiKey: string;
  /** Undefined in sandbox mode: the upstream is this server's own `/sandbox`, known once it listens. */
  qomonBaseUrl: string | undefined;
  upstreamTimeoutMs: number;
  campaignFile: string;
  canvassersFile: string;
  sessionSecret: string;
  sessionTtlHours: number;
  dataDir: string;
  /** Shared state (idempotency keys, rate limits, revoked sessions) for several instances. */
  redisUrl: string | undefined;
  /** Origins, beside the server's own, whose pages may send state-changing API requests. */
  allowedOrigins: string[];
  /** Host names (`name` or `name:port`), beside the server's own, that requests may be addressed to. */
  allowedHosts: string[];
  demoAccessCode: string | undefined;
  /** Sandbox only, and only when set: signs in the demo organiser (the console). */
  demoOrganiserCode: string | undefined;
  /** Sandbox only: whether the demo canvasser gets the example turf at start (the free-form
   * browser tests turn it off, as a canvasser with a turf lands on the walk list). */
  sandboxExampleTurf: boolean;
  logLevel: (typeof LOG_LEVELS)[number];
  trustProxy: false | number | string[];
  idempotencyTtlDays: number;
  contactsPerMinute: number;
  /** What is allowed but unwise (a key file others can read), logged at start. */
  warnings: string[];
}

export class EnvError extends Error {
  override name = 'EnvError';
}

/** `false`, a hop count, or the proxy's addresses and CIDR ranges. `true` is refused: it
 * believes the leftmost X-Forwarded-For entry, which any client writes itself, so a guesser would
 * pick a fresh address for every sign-in attempt. A hop count trusts that many proxies counted
 * from the right (the peer first), as Fastify does; it is only right when no client can reach the
 * server except through them. Addresses are safer: a peer that is not the proxy is never believed. */
function parseTrustProxy(v: string | undefined): false | number | string[] {
  if (v === undefined || v === 'false') return false;
  if (v === 'true') {
    throw new EnvError(
      'TRUST_PROXY: true would believe any client’s own X-Forwarded-For; give the proxy’s addresses or CIDR ranges (e.g. 10.0.0.1,10.0.0.0/8), or the number of proxies in front',
    );
  }
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    if (hops < 1 || hops > 10) throw new EnvError(`TRUST_PROXY: a hop count is 1 to 10 (or false), not ${v}`);
    return hops;
  }
  const entries = v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const [address = '', bits] = entry.split('/');
    // Four-part decimal only: ipaddr.js also reads `10.0.0` or `0` as addresses, almost surely typos here.
    const plain = ipaddr.IPv4.isValidFourPartDecimal(address) || ipaddr.IPv6.isValid(address);
    if (!plain || (bits !== undefined && !ipaddr.isValidCIDR(entry))) {
      throw new EnvError(`TRUST_PROXY: "${entry}" is not an IP address or CIDR range (e.g. 10.0.0.1 or 10.0.0.0/8)`);
    }
  }
  return entries;
}

/** `https://a.example, http://localhost:5173` → normalised origins. Anything with a path, a query
 * or credentials is refused: a browser's Origin never carries them, so such an entry could only
 * be a mistake that would silently never match. */
function parseAllowedOrigins(v: string | undefined): string[] {
  if (v === undefined) return [];
  return v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((item) => {
      let url: URL | undefined;
      try {
        url = new URL(item);
      } catch {
        url = undefined;
      }
      const bare =
        url &&
        (url.protocol === 'http:' || url.protocol === 'https:') &&
        !url.username &&
        !url.password &&
        url.pathname === '/' &&
        !url.search &&
        !url.hash;
      if (!url || !bare) {
        throw new EnvError(`ALLOWED_ORIGINS: "${item}" is not an origin such as https://canvass.example.org (scheme, host and port only)`);
      }
      return url.origin;
    });
}

/** `canvass.example.org, 192.168.1.20:8080` → lower-cased `host` or `host:port` entries. A scheme or
 * a path is refused: the entry is matched against the Host header, which has neither. */
function parseAllowedHosts(v: string | undefined): string[] {
  if (v === undefined) return [];
  return v
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean)
    .map((item) => {
      let url: URL | undefined;
      try {
        url = new URL(`http://${item}`);
      } catch {
        url = undefined;
      }
      if (!url || url.host !== item.replace(/:80$/, '') || url.username || url.pathname !== '/') {
        throw new EnvError(`ALLOWED_HOSTS: "${item}" is not a host name such as canvass.example.org or 192.168.1.20:8080`);
      }
      return url.host;
    });
}

/** A secret kept in the data folder, made on first use (sandbox conveniences only). */
function keptSecret(dataDir: string, name: string, make: () => string): string {
  const file = path.join(dataDir, name);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const value = make();
  writeFileSync(file, value + '\n', { mode: 0o600 });
  return value;
}

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new EnvError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;

  // A key variable that is set but blank (as a copied .env.example once shipped it) is refused: read
  // as "no key", it put a live server into sandbox mode without a word, and canvassers' contacts
  // never reached Qomon.
  for (const name of ['QOMON_API_KEY', 'QOMON_API_KEY_FILE'] as const) {
    const raw = source[name];
    if (raw !== undefined && raw.trim() === '') {
      throw new EnvError(`${name}: set but empty; give it a value, or unset it (comment it out) to run the demo sandbox`);
    }
  }
  if (e.QOMON_API_KEY && e.QOMON_API_KEY_FILE) {
    throw new EnvError('QOMON_API_KEY and QOMON_API_KEY_FILE are both set: set only one');
  }
  const warnings: string[] = [];
  let qomonKey = e.QOMON_API_KEY;
  if (e.QOMON_API_KEY_FILE) {
    try {
      qomonKey = readFileSync(e.QOMON_API_KEY_FILE, 'utf8').trim();
    } catch (err) {
      throw new EnvError(`QOMON_API_KEY_FILE: cannot read ${e.QOMON_API_KEY_FILE} (${(err as NodeJS.ErrnoException).code})`);
    }
    if (!qomonKey) throw new EnvError(`QOMON_API_KEY_FILE: ${e.QOMON_API_KEY_FILE} is empty`);
    const mode = statSync(e.QOMON_API_KEY_FILE).mode;
    if (mode & 0o077) {
      warnings.push(
        `QOMON_API_KEY_FILE: ${e.QOMON_API_KEY_FILE} can be read by others (mode ${(mode & 0o777).toString(8)}); chmod 600 it, or 640 for a group that only the server's user is in`,
      );
    }
  }
  const mode: Mode = qomonKey ? 'qomon' : 'sandbox';

  const allowedOrigins = parseAllowedOrigins(e.ALLOWED_ORIGINS);
  const allowedHosts = parseAllowedHosts(e.ALLOWED_HOSTS);
  if (mode === 'qomon' && e.DEMO_ACCESS_CODE) {
    throw new EnvError('DEMO_ACCESS_CODE: the demo access code only exists in sandbox mode; unset it with a Qomon key');
  }
  if (mode === 'qomon' && e.DEMO_ORGANISER_CODE) {
    throw new EnvError('DEMO_ORGANISER_CODE: the demo organiser only exists in sandbox mode; unset it with a Qomon key');
  }

  const dataDir = path.resolve(e.DATA_DIR ?? path.join(PROJECT_ROOT, '.data'));
  // Made owner only: it holds the contacts the sandbox kept, the session secret and the store. A
  // folder that exists already keeps its mode (a backup group may read it), with a warning.
  const existed = existsSync(dataDir);
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  } catch (err) {
    throw new EnvError(`DATA_DIR: cannot create ${dataDir} (${(err as NodeJS.ErrnoException).code})`);
  }
  const dirMode = statSync(dataDir).mode;
  if (existed && dirMode & 0o007) {
    warnings.push(`DATA_DIR: ${dataDir} can be read by anyone on this machine (mode ${(dirMode & 0o777).toString(8)}); chmod 700 it`);
  }

  let sessionSecret = e.SESSION_SECRET;
  if (!sessionSecret) {
    if (mode === 'qomon') {
      throw new EnvError('SESSION_SECRET: required with a Qomon key (at least 32 random characters, e.g. `openssl rand -base64 48`)');
    }
    sessionSecret = keptSecret(dataDir, 'session-secret', () => randomBytes(48).toString('base64url'));
  }

  const demoAccessCode =
    mode === 'sandbox'
      ? (e.DEMO_ACCESS_CODE ?? keptSecret(dataDir, 'demo-access-code', () => `demo-${randomBytes(3).toString('hex')}`))
      : undefined;

  return {
    port: e.PORT,
    host: e.HOST,
    mode,
    apiKey: qomonKey ?? `sandbox-${randomBytes(24).toString('base64url')}`,
    qomonBaseUrl: mode === 'qomon' ? e.QOMON_BASE_URL.replace(/\/+$/, '') : undefined,
    upstreamTimeoutMs: e.UPSTREAM_TIMEOUT_MS,
    campaignFile: path.resolve(e.CAMPAIGN_FILE ?? EXAMPLE_CAMPAIGN_FILE),
    canvassersFile: path.resolve(e.CANVASSERS_FILE ?? path.join(dataDir, 'canvassers.json')),
    sessionSecret,
    sessionTtlHours: e.SESSION_TTL_HOURS,
    dataDir,
    redisUrl: e.REDIS_URL,
    allowedOrigins,
    allowedHosts,
    demoAccessCode,
    demoOrganiserCode: mode === 'sandbox' ? e.DEMO_ORGANISER_CODE : undefined,
    sandboxExampleTurf: e.SANDBOX_EXAMPLE_TURF === 'on',
    logLevel: e.LOG_LEVEL,
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    idempotencyTtlDays: e.IDEMPOTENCY_TTL_DAYS,
    contactsPerMinute: e.CONTACTS_PER_MINUTE,
    warnings,
  };
}
