// Helpers for the server's integration tests: a real server on loopback with its logs captured,
// a client that keeps the session cookie and records every answer, and a plain recording HTTP
// server that stands in for Qomon. Not a test file itself (no `.test.ts`), and not imported by
// the server.

import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { startServer, type RunningServer } from '@server/app/create-server';
import { PROJECT_ROOT, loadEnv, type Env } from '@server/env';
import { loadCampaign } from '@server/app/load-campaign';

export const DEMO_CODE = 'demo-test-42';
export const QOMON_KEY = 'qk_live_SECRET_abc123';
export const TEST_SESSION_SECRET = 'test-session-secret-0123456789-abcdefghijklmnop';
export const SESSION_COOKIE_NAME = 'doorstep_session';
export const PROBLEM_BASE = 'https://doorstep.invalid/problems/';

export function tempDir(prefix = 'doorstep-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

// ---------------------------------------------------------------------------------------------
// The server under test

export interface TestServerOptions {
  /** `qomon` needs `qomonBaseUrl`; `sandbox` (the default) uses the embedded sandbox. */
  mode?: 'sandbox' | 'qomon';
  qomonBaseUrl?: string;
  apiKey?: string;
  /** Extra environment variables (CONTACTS_PER_MINUTE, UPSTREAM_TIMEOUT_MS, CANVASSERS_FILE…). */
  env?: Record<string, string>;
  /** Reuse a data folder (otherwise a fresh temp folder). */
  dataDir?: string;
  distDir?: string;
}

export interface TestServer {
  env: Env;
  dataDir: string;
  /** Every log line the server wrote, across restarts. */
  logs: string[];
  readonly server: RunningServer;
  readonly url: string;
  client(): TestClient;
  /** Stops and starts again on the same DATA_DIR (same env). */
  restart(): Promise<void>;
  stop(): Promise<void>;
  /** Stops and removes the temp data folder. */
  cleanup(): Promise<void>;
}

export function envSource(opts: TestServerOptions & { dataDir: string }): Record<string, string> {
  const source: Record<string, string> = {
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: opts.dataDir,
    LOG_LEVEL: 'info',
  };
  if ((opts.mode ?? 'sandbox') === 'qomon') {
    source.QOMON_API_KEY = opts.apiKey ?? QOMON_KEY;
    source.QOMON_BASE_URL = opts.qomonBaseUrl ?? 'http://127.0.0.1:9';
    source.SESSION_SECRET = TEST_SESSION_SECRET;
  } else {
    source.DEMO_ACCESS_CODE = DEMO_CODE;
  }
  return { ...source, ...opts.env };
}

export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
  const ownsDataDir = !opts.dataDir;
  const dataDir = opts.dataDir ?? tempDir();
  const env = loadEnv(envSource({ ...opts, dataDir }));
  const campaign = loadCampaign(env.campaignFile);
  const logs: string[] = [];
  let pending = '';
  const logStream = new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      logs.push(...lines.filter(Boolean));
      cb();
    },
  });
  const start = () => startServer({ env, campaign, logStream, distDir: opts.distDir });
  let server = await start();
  let running = true;

  const ts: TestServer = {
    env,
    dataDir,
    logs,
    get server() {
      return server;
    },
    get url() {
      return server.url;
    },
    client() {
      return new TestClient(() => server.url);
    },
    async restart() {
      await ts.stop();
      server = await start();
      running = true;
    },
    async stop() {
      if (!running) return;
      running = false;
      await server.stop();
      if (pending) logs.push(pending);
      pending = '';
    },
    async cleanup() {
      await ts.stop();
      if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return ts;
}

// ---------------------------------------------------------------------------------------------
// A client with a cookie jar of one cookie, recording every answer it gets

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
  readonly responses: TestResponse[] = [];

  constructor(private readonly baseUrl: () => string) {}

  async request(urlPath: string, init: RequestInit2 = {}): Promise<TestResponse> {
    const headers: Record<string, string> = { ...init.headers };
    let body: string | undefined;
    if (typeof init.body === 'string') body = init.body;
    else if (init.body !== undefined) {
      body = JSON.stringify(init.body);
      if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
    }
    if (this.cookie && !init.anonymous) headers.cookie = `${SESSION_COOKIE_NAME}=${this.cookie}`;
    const res = await fetch(this.baseUrl() + urlPath, { method: init.method ?? (body === undefined ? 'GET' : 'POST'), headers, body });
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    const out: TestResponse = { status: res.status, headers: res.headers, text, json };
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
  async postContact(body: unknown, opts: { key?: string | null; headers?: Record<string, string> } = {}): Promise<TestResponse & { key: string }> {
    const key = opts.key === undefined ? randomUUID() : opts.key;
    const headers: Record<string, string> = { ...opts.headers };
    if (key !== null) headers['idempotency-key'] = key;
    const res = await this.request('/api/contacts', { method: 'POST', body, headers });
    return { ...res, key: key ?? '' };
  }
}

export interface SetCookie {
  value: string;
  attributes: string[];
  raw: string;
}

export function sessionCookieOf(res: TestResponse): SetCookie | undefined {
  const raw = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE_NAME}=`));
  if (!raw) return undefined;
  const [pair, ...attributes] = raw.split(';').map((s) => s.trim());
  return { value: pair!.slice(SESSION_COOKIE_NAME.length + 1), attributes, raw };
}

/** Every header name and value of a response, as one text. */
export function headersText(res: TestResponse): string {
  return [...res.headers.entries()].map(([k, v]) => `${k}: ${v}`).join('\n');
}

// ---------------------------------------------------------------------------------------------
// A valid contact of the example campaign

export function sampleContact(): { kind: 'contact'; data: Record<string, any> } {
  return {
    kind: 'contact',
    data: {
      firstname: '  Jeanne ',
      surname: 'Martin',
      married_name: '   ',
      mail: 'jeanne.martin@example.fr',
      mobile: '06 12 34 56 78',
      address: { street: '12 rue de Marseille', postalcode: '69007', city: 'Lyon', country: '' },
      consents: [{ id: 101, label: 'E-mails', value: 'consent_email' }],
      status: [{ id: 301, label: 'Niveau de soutien', value: 'plutot_favorable' }],
      forms: [{ id: 401, label: 'Sujet', value: 'logement' }],
      custom_fields: [{ id: 601, label: 'Profession', value: ' ' }],
      tags: [{ name: 'logement' }],
      notes: [{ content: 'Rappeler après 18h' }],
    },
  };
}

/** What `sampleContact()` must become once validated: trimmed, blanks dropped, defaults set. */
export function sampleContactForwarded(): unknown {
  return {
    kind: 'contact',
    data: {
      firstname: 'Jeanne',
      surname: 'Martin',
      mail: 'jeanne.martin@example.fr',
      mobile: '06 12 34 56 78',
      address: { street: '12 rue de Marseille', postalcode: '69007', city: 'Lyon' },
      consents: [{ id: 101, label: 'E-mails', value: 'consent_email' }],
      status: [{ id: 301, label: 'Niveau de soutien', value: 'plutot_favorable' }],
      forms: [{ id: 401, label: 'Sujet', value: 'logement' }],
      tags: [{ name: 'logement' }],
      notes: [{ content: 'Rappeler après 18h', pinned: false }],
    },
  };
}

// ---------------------------------------------------------------------------------------------
// A plain recording HTTP server standing in for Qomon

export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export type UpstreamAnswer =
  | { status: number; headers?: Record<string, string>; body?: unknown }
  /** Destroys the socket without answering. */
  | 'destroy'
  /** Never answers (until the server closes). */
  | 'hang';

export type Responder = UpstreamAnswer | ((req: RecordedRequest) => UpstreamAnswer | Promise<UpstreamAnswer>);

export interface RecordingServer {
  url: string;
  requests: RecordedRequest[];
  /** The answer for every request (after the one-shot queue); 202 accepted by default. */
  respondWith(r: Responder): void;
  /** One-shot answers for the next requests, in order. */
  queue(...r: Responder[]): void;
  /** Resolves once `n` requests in all have arrived. */
  waitForRequests(n: number, timeoutMs?: number): Promise<void>;
  reset(): void;
  close(): Promise<void>;
}

export const ACCEPTED: UpstreamAnswer = { status: 202, body: { status: 'accepted' } };

export async function startRecordingServer(): Promise<RecordingServer> {
  const requests: RecordedRequest[] = [];
  let responder: Responder = ACCEPTED;
  let oneShots: Responder[] = [];
  const sockets = new Set<Socket>();
  let waiters: { n: number; resolve: () => void }[] = [];

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const recorded: RecordedRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(recorded);
      const chosen = oneShots.length ? oneShots.shift()! : responder;
      waiters = waiters.filter((w) => (requests.length >= w.n ? (w.resolve(), false) : true));
      let answer: UpstreamAnswer;
      try {
        answer = typeof chosen === 'function' ? await chosen(recorded) : chosen;
      } catch {
        answer = 'destroy';
      }
      if (answer === 'destroy') {
        req.socket.destroy();
        return;
      }
      if (answer === 'hang') return;
      const isText = typeof answer.body === 'string';
      const payload = answer.body === undefined ? '' : isText ? (answer.body as string) : JSON.stringify(answer.body);
      res.writeHead(answer.status, {
        ...(payload && !isText ? { 'content-type': answer.status >= 400 ? 'application/problem+json' : 'application/json' } : {}),
        ...answer.headers,
      });
      res.end(payload);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    respondWith(r) {
      responder = r;
    },
    queue(...r) {
      oneShots.push(...r);
    },
    waitForRequests(n, timeoutMs = 5000) {
      if (requests.length >= n) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${requests.length} of ${n} upstream requests arrived`)), timeoutMs);
        waiters.push({ n, resolve: () => (clearTimeout(timer), resolve()) });
      });
    },
    reset() {
      requests.length = 0;
      responder = ACCEPTED;
      oneShots = [];
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A loopback port with nothing listening on it. */
export async function closedPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
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

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// Child processes (the CLI, main.ts)

export const TSX = path.join(PROJECT_ROOT, 'node_modules/.bin/tsx');

/** A clean environment for a child: PATH and HOME only, plus what the test gives (none of this
 * process's QOMON_* or SESSION_SECRET). */
export function childEnv(extra: Record<string, string>): Record<string, string> {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG'];
  const env: Record<string, string> = {};
  for (const k of keep) if (process.env[k]) env[k] = process.env[k]!;
  return { ...env, ...extra };
}

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `tsx <script> ...args` from the project root and waits for it to exit. */
export function runTsx(script: string, args: string[], env: Record<string, string>, timeoutMs = 20_000): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [script, ...args], { cwd: PROJECT_ROOT, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} ${args.join(' ')} did not exit within ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('error', (err) => (clearTimeout(timer), reject(err)));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Starts `tsx <script>` and keeps it running; `output()` is what it printed so far. */
export function spawnTsx(script: string, env: Record<string, string>) {
  const child = spawn(TSX, [script], { cwd: PROJECT_ROOT, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    exited,
    output: () => ({ stdout, stderr }),
    /** Resolves with the whole stdout once it matches `re`. */
    async waitFor(re: RegExp, timeoutMs = 20_000): Promise<string> {
      const until = Date.now() + timeoutMs;
      while (!re.test(stdout)) {
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`exited before printing ${re}:\n${stdout}\n${stderr}`);
        if (Date.now() > until) throw new Error(`did not print ${re} within ${timeoutMs} ms:\n${stdout}\n${stderr}`);
        await sleep(50);
      }
      return stdout;
    },
  };
}
