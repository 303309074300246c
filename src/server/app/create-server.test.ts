import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { request as undiciRequest } from 'undici';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '@server/env';
import { startRecordingServer, type RecordingServer } from '@test-support/recording-server';
import { startTestServer, type TestServer } from '@test-support/start-test-server';
import { tempDir } from '@test-support/temp-dir';
import { rawGet } from '@test-support/test-client';
import { PROBLEM_BASE } from '@test-support/test-constants';

// Probes, security headers, the static app and its single-page fallback, 404s, and paths that
// try to climb out of the app's folder.

const packageJson = readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8');
// Text that only package.json holds.
const PACKAGE_MARKERS = ['"devDependencies"', '"better-sqlite3"', '"allowScripts"'];

const TRAVERSALS = [
  '/../package.json',
  '/%2e%2e/package.json',
  '/%2E%2E/package.json',
  '/..%2fpackage.json',
  '/%2e%2e%2fpackage.json',
  '/assets/../../package.json',
  '/assets/%2e%2e/%2e%2e/package.json',
  '/assets/..%2f..%2fpackage.json',
  '/..%5cpackage.json',
  '//../package.json',
  '/package.json',
];

let distDir: string;
let emptyDistDir: string;
let withApp: TestServer;
let withoutApp: TestServer;
let qomon: TestServer;
let upstream: RecordingServer;

beforeAll(async () => {
  expect(packageJson).toContain(PACKAGE_MARKERS[0]);
  // A built app of our own, so the test does not depend on (or race with) `npm run build`.
  distDir = tempDir('doorstep-dist-');
  mkdirSync(path.join(distDir, 'assets'));
  writeFileSync(path.join(distDir, 'index.html'), '<!doctype html><title>Doorstep test app</title><div id="root"></div>');
  writeFileSync(path.join(distDir, 'assets', 'app-abc123.js'), 'console.log("app")');
  writeFileSync(path.join(distDir, 'sw.js'), '// service worker');
  // What scripts/precompress.mjs leaves beside a big asset.
  const big = `console.log(${JSON.stringify('x'.repeat(5000))});`;
  writeFileSync(path.join(distDir, 'assets', 'big-def456.js'), big);
  writeFileSync(path.join(distDir, 'assets', 'big-def456.js.gz'), gzipSync(big));
  writeFileSync(path.join(distDir, 'assets', 'big-def456.js.br'), brotliCompressSync(big));
  withApp = await startTestServer({ distDir });
  emptyDistDir = tempDir('doorstep-nodist-');
  withoutApp = await startTestServer({ distDir: emptyDistDir });
  upstream = await startRecordingServer();
  qomon = await startTestServer({ mode: 'qomon', qomonBaseUrl: upstream.url });
});

afterAll(async () => {
  await Promise.all([withApp, withoutApp, qomon].filter(Boolean).map((s) => s.cleanup()));
  await upstream?.close();
  rmSync(distDir, { recursive: true, force: true });
  rmSync(emptyDistDir, { recursive: true, force: true });
});

describe('probes', () => {
  it('/healthz answers 200', async () => {
    const res = await withApp.client().request('/healthz');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: 'ok' });
  });

  it('/readyz answers 200 naming the mode', async () => {
    const sandbox = await withApp.client().request('/readyz');
    expect(sandbox.status).toBe(200);
    expect(sandbox.json.mode).toBe('sandbox');
    const q = await qomon.client().request('/readyz');
    expect(q.status).toBe(200);
    expect(q.json.mode).toBe('qomon');
  });
});

describe('security headers', () => {
  it.each(['/healthz', '/api/session', '/', '/some/screen', '/api/nope', '/assets/app-abc123.js', '/assets/big-def456.js', '/sw.js'])(
    'on %s: a CSP with default-src self, nosniff, no framing',
    async (p) => {
      const res = await withApp.client().request(p);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-powered-by')).toBeNull();
    },
  );
});

describe('the app and 404s', () => {
  it('serves the built app, with the single-page fallback revalidated and hashed assets kept', async () => {
    const c = withApp.client();
    const index = await c.request('/');
    expect(index.status).toBe(200);
    expect(index.text).toContain('Doorstep test app');
    const screen = await c.request('/outbox/needs-attention');
    expect(screen.status).toBe(200);
    expect(screen.text).toContain('Doorstep test app');
    expect(screen.headers.get('cache-control')).toBe('no-cache');
    const asset = await c.request('/assets/app-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toMatch(/immutable/);
    const sw = await c.request('/sw.js');
    expect(sw.status).toBe(200);
    expect(sw.headers.get('cache-control')).toBe('no-cache');
  });

  it('serves the precompressed copy the browser accepts, and the plain file to others', async () => {
    const url = `${withApp.url}/assets/big-def456.js`;
    for (const [accept, encoding] of [
      ['br, gzip', 'br'],
      ['gzip', 'gzip'],
      ['identity', null],
    ] as const) {
      const res = await undiciRequest(url, { headers: { 'accept-encoding': accept } });
      const body = Buffer.from(await res.body.arrayBuffer());
      expect(res.headers['content-encoding'] ?? null).toBe(encoding);
      expect(res.headers['cache-control']).toMatch(/immutable/);
      const plain = encoding === 'br' ? brotliDecompressSync(body) : encoding === 'gzip' ? gunzipSync(body) : body;
      expect(plain.toString()).toContain('console.log(');
      if (encoding) expect(body.length).toBeLessThan(plain.length / 10);
    }
  });

  it.each(['/assets/app-gone123.js', '/missing.css', '/icons/nope.png'])('a missing file %s is a 404, never the app page', async (p) => {
    const res = await withApp.client().request(p);
    expect(res.status).toBe(404);
    expect(res.text).not.toContain('Doorstep test app');
  });

  it.each(['/api/nope', '/api/contacts/123', '/api', '/sandbox/nope'])('GET %s is a 404 problem, never the app', async (p) => {
    const res = await withApp.client().request(p);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.json).toMatchObject({ type: `${PROBLEM_BASE}not-found`, title: expect.any(String), status: 404 });
  });

  it('a wrong method on an API route is a problem, not the app', async () => {
    const res = await withApp.client().request('/api/contacts');
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('without a built app, / says how to build it and /api paths are still 404 problems', async () => {
    const c = withoutApp.client();
    const root = await c.request('/');
    expect(root.status).toBe(200);
    expect(root.text).toMatch(/npm run build/);
    const api = await c.request('/api/nope');
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('in qomon mode the sandbox does not exist', async () => {
    const c = qomon.client();
    for (const p of ['/sandbox/contacts', '/sandbox/faults']) {
      const res = await c.request(p);
      expect(res.status, p).toBe(404);
    }
    const put = await c.request('/sandbox/faults', { method: 'PUT', body: { queue: ['http500'] } });
    expect(put.status).toBe(404);
  });
});

describe('paths climbing out of the app folder', () => {
  it.each(TRAVERSALS)('%s does not leak package.json (with a built app)', async (p) => {
    const res = await rawGet(withApp.url, p);
    for (const marker of PACKAGE_MARKERS) expect(res.body).not.toContain(marker);
    expect(res.status === 200 ? res.body : '').not.toContain('"name": "doorstep"');
  });

  it.each(TRAVERSALS)('%s does not leak package.json (without a built app)', async (p) => {
    const res = await rawGet(withoutApp.url, p);
    for (const marker of PACKAGE_MARKERS) expect(res.body).not.toContain(marker);
  });
});
