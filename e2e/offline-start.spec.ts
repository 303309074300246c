import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page } from '@playwright/test';
import { DEMO_ACCESS_CODE, expect, LANGUAGE_STORAGE_KEY, signIn, test } from './fixtures';

// The installable app: after one visit it starts with no network at all (the service worker
// serves the app, the device keeps the session and the campaign), and what the browser must never
// keep in its HTTP cache is not kept.

const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });

/** Waits until the service worker controls the page, which then loads everything from it. The
 * worker is registered once the first screen is up and claims every open page once it is active
 * (`clientsClaim`): the wait is for that claim, the `controllerchange` it fires, however long
 * the install takes. */
async function waitForServiceWorker(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    // Checked and listened for in one task: a claim cannot slip in between.
    if (navigator.serviceWorker.controller) return;
    await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
  });
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
}

/** Fails the test on anything the CSP blocks, as the shared fixtures do for their own pages. */
function watchCsp(context: BrowserContext, violations: string[]): void {
  const watch = (page: Page) =>
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) violations.push(message.text());
    });
  context.pages().forEach(watch);
  context.on('page', watch);
}

test.describe('after one visit', () => {
  test('the app starts with no network at all: signed in, the campaign, the whole form', async ({ baseURL }, testInfo) => {
    // Two browser launches and a service worker install, the work itself: 28 s of the default
    // 30 s on a two-core machine at a load of 17 (every wait in it is for a condition).
    test.slow();
    // A real browser restart needs a profile on disk: a persistent context, closed and opened again.
    const { launchOptions } = testInfo.project.use;
    const dir = mkdtempSync(join(tmpdir(), 'doorstep-offline-start-'));
    const violations: string[] = [];
    let open: BrowserContext | undefined;
    const launch = async (offline: boolean) => {
      const context = await chromium.launchPersistentContext(dir, {
        ...launchOptions,
        baseURL,
        locale: 'en-GB',
        serviceWorkers: 'allow',
        offline,
      });
      open = context;
      watchCsp(context, violations);
      return { context, page: context.pages()[0] ?? (await context.newPage()) };
    };

    try {
      // Online: the one visit.
      let { context, page } = await launch(false);
      await page.addInitScript(([key]) => localStorage.getItem(key!) ?? localStorage.setItem(key!, 'en'), [LANGUAGE_STORAGE_KEY]);
      await page.goto('/');
      await field(page, 'Access code').fill(DEMO_ACCESS_CODE);
      await page.getByRole('button', { name: 'Sign in' }).click();
      // Signed in first, or the request below races the cookie and gets 401.
      await expect(page.getByText('Signed in as')).toBeVisible();
      const { name: campaignName } = (await (await page.request.get('/api/campaign')).json()) as { name: string };
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(campaignName);
      await expect(page.getByRole('group', { name: 'Résultat à la porte', exact: true })).toBeVisible();
      await waitForServiceWorker(page);
      await context.close();

      // The browser starts again, with no network.
      ({ context, page } = await launch(true));
      await page.goto('/');
      expect(await page.evaluate(() => navigator.onLine)).toBe(false);
      expect(await page.evaluate(() => navigator.serviceWorker.controller !== null), 'served by the service worker').toBe(true);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(campaignName);
      await expect(page.getByText('Signed in as')).toBeVisible();
      await expect(page.getByText('Offline', { exact: true })).toBeVisible();

      await field(page, 'First name').fill('Marie');
      await expect(field(page, 'First name')).toHaveValue('Marie');
      const outcome = page
        .getByRole('group', { name: 'Résultat à la porte', exact: true })
        .getByRole('radio', { name: 'Présent·e, échange à la porte' });
      await outcome.check();
      await expect(outcome).toBeChecked();
      // The phone library is a chunk of its own, loaded on the first phone field: from the cache.
      const mobile = field(page, 'Mobile');
      await mobile.fill('06 12 34 56 78');
      await mobile.blur();
      await expect(mobile).toHaveValue('+33612345678');
      // The form's checks (zod and the contract) are a chunk of their own too.
      const mail = field(page, 'Email');
      await mail.fill('marie@');
      await mail.blur();
      await expect(mail).toHaveAttribute('aria-invalid', 'true');
      await context.close();
    } finally {
      // A failed step leaves the browser open: close it first, or removing its profile fails and
      // that error hides the step's own.
      await open?.close().catch(() => undefined);
      try {
        rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
      } catch (err) {
        console.warn(`could not remove ${dir}: ${(err as Error).message}`);
      }
    }
    expect(violations, 'CSP violations').toEqual([]);
  });
});

/** Where the app keeps the last session (see src/client/features/session/kept-session.ts). */
const SESSION_STORAGE_KEY = 'doorstep.session';

test('offline, the session kept on the device stands in; back online, the server’s answer wins', async ({ page, context }) => {
  await signIn(page);
  const kept = () => page.evaluate((key) => localStorage.getItem(key), SESSION_STORAGE_KEY);
  // Who and until when, and that the server is the sandbox; nothing secret (the session itself
  // is the HttpOnly cookie, and the author token proves nothing without the HttpOnly device cookie).
  expect(JSON.parse((await kept())!)).toEqual({
    canvasser: { id: expect.anything(), name: expect.any(String), role: 'canvasser' },
    expiresAt: expect.any(String),
    sandbox: true,
    authorToken: expect.stringMatching(/^author\./),
  });
  await waitForServiceWorker(page);

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByText('Offline', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  // The kept session remembers the sandbox: offline too, the screen says nothing goes to Qomon.
  await expect(page.getByRole('note')).toHaveText('Demo: nothing goes to Qomon');
  await field(page, 'First name').fill('Typed offline');

  // Meanwhile the session ended on the server (here, the cookie is gone); the network comes back
  // and the canvasser returns to the app, which asks the server again.
  await context.clearCookies();
  await context.setOffline(false);
  await expect(page.getByText('Offline', { exact: true })).toHaveCount(0);
  await page.evaluate(() => window.dispatchEvent(new Event('visibilitychange')));
  const dialog = page.getByRole('dialog', { name: 'Sign in again' });
  await expect(dialog).toBeVisible();
  expect(await kept(), 'a 401 drops the kept session').toBeNull();
  await expect(field(page, 'First name')).toHaveValue('Typed offline');

  await dialog.getByLabel('Access code').fill(DEMO_ACCESS_CODE);
  await dialog.getByRole('button', { name: 'Sign in' }).click();
  await expect(dialog).toHaveCount(0);
  expect(await kept()).not.toBeNull();
  await page.getByRole('button', { name: 'Sign out' }).click();
  // What was typed is a draft: signing out offers to remove it, and keeping it is a choice.
  await page
    .getByRole('alertdialog', { name: 'Sign out: what you leave on this device' })
    .getByRole('button', { name: 'Sign out, keep my drafts here' })
    .click();
  await expect(field(page, 'Access code')).toBeVisible();
  expect(await kept(), 'signing out drops the kept session').toBeNull();
});

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webmanifest': 'application/manifest+json',
};

/**
 * The built app served as the real server serves it, on a port of its own, with a release number
 * that can be raised: raising it changes sw.js by one comment, which the browser sees as a new
 * version of the service worker. A whole second build would take too long, and changing the
 * shared server's sw.js would offer an update to every other test's pages. There is no /api here
 * beyond "nobody is signed in": the sign-in screen is enough to type something unsaved.
 */
async function startReleaseServer() {
  let release = 1;
  const server = createServer((request, response) => {
    void (async () => {
      const path = normalize(new URL(request.url ?? '/', 'http://localhost').pathname);
      if (path.startsWith('/api/')) {
        response.writeHead(401, { 'content-type': 'application/problem+json' });
        response.end(JSON.stringify({ type: 'about:blank', title: 'Not signed in', status: 401 }));
        return;
      }
      // Any other path without an extension is one of the app's screens.
      const file = path === '/' || !extname(path) ? '/index.html' : path;
      let body: Buffer;
      try {
        body = await readFile(join(DIST, file));
      } catch {
        response.writeHead(404).end();
        return;
      }
      if (file === '/sw.js') body = Buffer.concat([body, Buffer.from(`\n// release ${release}\n`)]);
      response.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': file.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      });
      response.end(body);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    nextRelease: () => void (release += 1),
    // Chromium keeps its connections alive: close them, or close() waits for the test's timeout.
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

test('a new version is offered and never forced: only the tab that accepts it reloads, once its drafts were told', async ({
  page,
  context,
}) => {
  // Two tabs, two service worker installs and a reload: slow on a loaded two-core machine.
  test.setTimeout(60_000);
  const server = await startReleaseServer();
  try {
    await page.goto(`${server.url}/`);
    await waitForServiceWorker(page);
    // A second tab, with something typed and not sent.
    const other = await context.newPage();
    await other.goto(`${server.url}/`);
    await field(other, 'Access code').fill('typed in the other tab');
    await waitForServiceWorker(other);
    for (const tab of [page, other]) {
      await tab.evaluate(() => {
        Object.assign(window, { notReloaded: true });
        // What the drafts feature does: hear that the page is about to reload, and save.
        window.addEventListener('doorstep:before-update', () => sessionStorage.setItem('heard-before-update', 'yes'));
      });
    }

    server.nextRelease();
    await page.evaluate(async () => {
      await (await navigator.serviceWorker.getRegistration())?.update();
    });
    const banner = (tab: Page) => tab.getByRole('region', { name: 'New version', exact: true });
    await expect(banner(page)).toContainText('A new version of Doorstep is ready.');
    await expect(banner(other)).toContainText('A new version of Doorstep is ready.');
    // Nothing reloads by itself: the new version waits (no skipWaiting), the old one still
    // controls the page, and the page is the one the test marked. A reload would need the new
    // worker to take over, which only Update asks for.
    const versions = (tab: Page) =>
      tab.evaluate(async () => {
        const registration = await navigator.serviceWorker.getRegistration();
        return {
          waiting: registration?.waiting?.state,
          controlledByActive: navigator.serviceWorker.controller !== null && navigator.serviceWorker.controller === registration?.active,
        };
      });
    expect(await versions(page)).toEqual({ waiting: 'installed', controlledByActive: true });
    expect(await page.evaluate(() => 'notReloaded' in window)).toBe(true);

    const reloaded = page.waitForEvent('load');
    await banner(page).getByRole('button', { name: 'Update' }).click();
    await reloaded;
    expect(await page.evaluate(() => 'notReloaded' in window), 'the tab that asked reloads').toBe(false);
    expect(await page.evaluate(() => sessionStorage.getItem('heard-before-update')), 'the drafts were told first').toBe('yes');
    await expect(field(page, 'Access code')).toBeVisible();
    await expect(banner(page)).toHaveCount(0);

    // The other tab keeps what was typed: it offers the reload instead of doing it.
    await expect(banner(other)).toContainText('Doorstep was updated in another tab.');
    // The new version has taken this tab over (nothing left waiting), the moment at which a tab
    // that reloaded by itself would have: this one offered the reload instead, and kept its page.
    expect(await versions(other)).toEqual({ waiting: undefined, controlledByActive: true });
    expect(await other.evaluate(() => 'notReloaded' in window), 'the other tab does not reload').toBe(true);
    await expect(field(other, 'Access code')).toHaveValue('typed in the other tab');
    expect(await other.evaluate(() => sessionStorage.getItem('heard-before-update'))).toBeNull();
    // "Later" puts the offer away.
    await banner(other).getByRole('button', { name: 'Later' }).click();
    await expect(banner(other)).toHaveCount(0);
  } finally {
    await server.close();
  }
});

test.describe('without a service worker', () => {
  test.use({ serviceWorkers: 'block' });

  test('an offline reload fails: the worker is what serves the app', async ({ page, context }) => {
    await page.goto('/');
    await expect(field(page, 'Access code')).toBeVisible();
    await context.setOffline(true);
    await expect(page.reload()).rejects.toThrow(/ERR_INTERNET_DISCONNECTED/);
  });
});

test('the service worker, the page and the manifest are never kept by the HTTP cache; hashed assets are', async ({ request }) => {
  for (const path of ['/sw.js', '/index.html', '/', '/manifest.webmanifest']) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(200);
    expect(response.headers()['cache-control'], path).toBe('no-cache');
  }
  expect((await request.get('/sw.js')).headers()['content-type']).toMatch(/javascript/);
  expect((await request.get('/manifest.webmanifest')).headers()['content-type']).toMatch(/^application\/manifest\+json/);

  const html = await (await request.get('/')).text();
  expect(html).toContain('<link rel="manifest" href="/manifest.webmanifest">');
  expect(html).toContain('<link rel="apple-touch-icon" href="/apple-touch-icon.png" />');
  const script = /<script type="module" crossorigin src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
  expect(script).toBeDefined();
  expect((await request.get(script!)).headers()['cache-control']).toBe('public, max-age=31536000, immutable');
  // The first load stays small: workbox-window comes later, with the registration.
  expect(html).not.toMatch(/workbox/);
});

/** A PNG's width and height, from its IHDR chunk. */
function pngSize(bytes: Buffer): string {
  expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
  return `${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`;
}

test('the web manifest makes the app installable', async ({ request }) => {
  const manifest = (await (await request.get('/manifest.webmanifest')).json()) as {
    name: string;
    short_name: string;
    start_url: string;
    display: string;
    theme_color: string;
    background_color: string;
    icons: { src: string; sizes: string; type: string; purpose?: string }[];
  };
  expect(manifest).toMatchObject({
    name: 'Doorstep',
    short_name: 'Doorstep',
    start_url: '/',
    display: 'standalone',
    theme_color: '#0b3d91',
    background_color: '#ffffff',
  });
  const purposes = (purpose?: string) => (purpose ?? 'any').split(' ');
  for (const size of ['192x192', '512x512']) {
    expect(
      manifest.icons.some((icon) => icon.sizes === size && purposes(icon.purpose).includes('any')),
      size,
    ).toBe(true);
  }
  expect(manifest.icons.some((icon) => purposes(icon.purpose).includes('maskable'))).toBe(true);
  for (const icon of manifest.icons) {
    const response = await request.get(icon.src);
    expect(response.status(), icon.src).toBe(200);
    expect(response.headers()['content-type'], icon.src).toContain(icon.type);
    if (icon.type === 'image/png') expect(pngSize(await response.body()), icon.src).toBe(icon.sizes);
  }
  expect(pngSize(await (await request.get('/apple-touch-icon.png')).body())).toBe('180x180');
});
