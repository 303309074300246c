// Chromium for the browser rows: Debian's (found as the e2e suite finds it), launched with the
// same arguments as playwright.config.ts, with DevTools' "Slow 4G" and 4× CPU throttling set
// through the Chrome DevTools Protocol.

import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../scripts/find-chromium.mjs';

/** Chrome DevTools' "Slow 4G" preset (front_end/core/sdk/NetworkManager.ts): 1.6 Mbit/s × 0.9
 * down = 180,000 B/s (1.44 Mbit/s), 750 kbit/s × 0.9 up = 84,375 B/s (675 kbit/s), 150 ms × 3.75 =
 * 562.5 ms of added round-trip latency. */
export const SLOW_4G = { offline: false, latency: 562.5, downloadThroughput: 180_000, uploadThroughput: 84_375 };
export const CPU_SLOWDOWN = 4;

export interface LaunchedBrowser {
  browser: Browser;
  executablePath: string;
  version: string;
}

export async function launchChromium(): Promise<LaunchedBrowser> {
  const found = findChromium();
  if (!found) throw new Error("no Chromium found (set CHROMIUM_PATH, or install Debian's `chromium`)");
  const browser = await chromium.launch({ executablePath: found.path, args: CHROMIUM_ARGS, headless: true });
  return { browser, executablePath: found.path, version: browser.version() };
}

/** A fresh context: no cache, no IndexedDB, no service worker; no cookies or localStorage but
 * `storageState`'s. */
export async function freshContext(browser: Browser, storageState?: DeviceState): Promise<BrowserContext> {
  return browser.newContext({
    locale: 'en-GB',
    viewport: { width: 412, height: 915 },
    isMobile: false,
    serviceWorkers: 'allow',
    storageState,
  });
}

/** Cookies and localStorage, as Playwright keeps them (no HTTP cache, no IndexedDB, no service worker). */
export type DeviceState = Awaited<ReturnType<BrowserContext['storageState']>>;

export async function throttle(page: Page, opts: { network: boolean; cpu: boolean }): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  if (opts.cpu) await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  if (opts.network) {
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
  }
  return cdp;
}

/** Signs the context in through the API (as the e2e suite does), so that `/` opens signed in. */
export async function signIn(context: BrowserContext, baseUrl: string, accessCode: string): Promise<void> {
  const res = await context.request.post(`${baseUrl}/api/session`, { data: { accessCode } });
  if (res.status() !== 200) throw new Error(`sign-in answered ${res.status()}: ${await res.text()}`);
}
