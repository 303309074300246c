// A client with a cookie jar of one cookie, recording every answer it gets, and a raw GET that
// sends its path exactly as written.

import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { DEMO_CODE, DEVICE_COOKIE_NAME, SESSION_COOKIE_NAME } from './test-constants';

export interface TestResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body when it is JSON, else undefined. */
  json: any;
}

export interface RequestInit2 {
  method?: string;
  headers?: Record<string, string>;
  /** An object is sent as JSON (with Content-Type application/json unless given). */
  body?: unknown;
  /** Send without the session cookie. */
  anonymous?: boolean;
}

/** Every answer any TestClient got in this process, for secret-leak checks. */
export const allResponses: TestResponse[] = [];

export class TestClient {
  cookie: string | undefined;
  /** The device cookie, kept from any answer that sets it, as a browser keeps it. */
  device: string | undefined;
  readonly responses: TestResponse[] = [];

  /** The cookies' names: `__Host-` ones in qomon mode. */
  readonly cookieName: string;
  readonly deviceCookieName: string;

  constructor(
    private readonly baseUrl: () => string,
    opts: { hostPrefixed?: boolean } = {},
  ) {
    const prefix = opts.hostPrefixed ? '__Host-' : '';
    this.cookieName = prefix + SESSION_COOKIE_NAME;
    this.deviceCookieName = prefix + DEVICE_COOKIE_NAME;
  }

  /** `name=value` of the session cookie, for a raw request. */
  cookieHeader(): string {
    return `${this.cookieName}=${this.cookie}`;
  }

  async request(urlPath: string, init: RequestInit2 = {}): Promise<TestResponse> {
    const headers: Record<string, string> = { ...init.headers };
    let body: string | undefined;
    if (typeof init.body === 'string') body = init.body;
    else if (init.body !== undefined) {
      body = JSON.stringify(init.body);
      if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
    }
    const cookies = [this.cookie && `${this.cookieName}=${this.cookie}`, this.device && `${this.deviceCookieName}=${this.device}`].filter(
      Boolean,
    );
    if (cookies.length && !init.anonymous) headers.cookie = cookies.join('; ');
    const res = await fetch(this.baseUrl() + urlPath, { method: init.method ?? (body === undefined ? 'GET' : 'POST'), headers, body });
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    const out: TestResponse = { status: res.status, headers: res.headers, text, json };
    const device = res.headers.getSetCookie().find((c) => c.startsWith(`${this.deviceCookieName}=`));
    if (device) this.device = device.slice(this.deviceCookieName.length + 1).split(';')[0];
    this.responses.push(out);
    allResponses.push(out);
    return out;
  }

  /** Signs in and keeps the session cookie. */
  async signIn(code = DEMO_CODE): Promise<TestResponse> {
    const res = await this.request('/api/session', { body: { accessCode: code } });
    const cookie = sessionCookieOf(res);
    if (res.status === 200 && cookie) this.cookie = cookie.value;
    return res;
  }

  /** POSTs a contact with an Idempotency-Key (a fresh UUID unless given). */
  async postContact(
    body: unknown,
    opts: { key?: string | null; headers?: Record<string, string> } = {},
  ): Promise<TestResponse & { key: string }> {
    const key = opts.key === undefined ? randomUUID() : opts.key;
    const headers: Record<string, string> = { ...opts.headers };
    if (key !== null) headers['idempotency-key'] = key;
    const res = await this.request('/api/contacts', { method: 'POST', body, headers });
    return { ...res, key: key ?? '' };
  }
}

export interface SetCookie {
  name: string;
  value: string;
  attributes: string[];
  raw: string;
}

/** The session cookie an answer sets, under either name (`__Host-` in qomon mode). */
export function sessionCookieOf(res: TestResponse): SetCookie | undefined {
  for (const name of [SESSION_COOKIE_NAME, `__Host-${SESSION_COOKIE_NAME}`]) {
    const raw = res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
    if (!raw) continue;
    const [pair, ...attributes] = raw.split(';').map((s) => s.trim());
    return { name, value: pair!.slice(name.length + 1), attributes, raw };
  }
  return undefined;
}

/** Every header name and value of a response, as one text. */
export function headersText(res: TestResponse): string {
  return [...res.headers.entries()].map(([k, v]) => `${k}: ${v}`).join('\n');
}

/** A raw GET whose path is sent exactly as written (fetch would normalise `/../`). */
export function rawGet(baseUrl: string, rawPath: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: hostname, port, path: rawPath, method: 'GET', agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
