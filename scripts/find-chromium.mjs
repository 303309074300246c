// Where the browser tests find Chromium. Shared by playwright.config.ts and
// scripts/ensure-chromium.mjs so that both agree on which binary runs. Playwright's own
// download is often unreachable, so a system Chromium comes first.
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/** How every browser here is launched: without the sandbox (tests run as root), and without
 * Chromium's background traffic, which a closed network refuses by the dozen (Playwright's
 * own browser download is unreachable here too: see docs/decisions/0009-system-chromium.md). Used by the e2e suite and the bench alike. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/**
 * @typedef {{ path: string, source: 'CHROMIUM_PATH' | 'system' | 'playwright' }} FoundChromium
 */

/**
 * The Chromium to use, or undefined when there is none. A CHROMIUM_PATH that is set is
 * returned as is, even when missing, so that a typo is reported rather than silently replaced.
 *
 * @param {{ env?: NodeJS.ProcessEnv, exists?: (path: string) => boolean, bundledPath?: () => string }} [options]
 * @returns {FoundChromium | undefined}
 */
export function findChromium({ env = process.env, exists = existsSync, bundledPath = () => chromium.executablePath() } = {}) {
  const fromEnv = env.CHROMIUM_PATH?.trim();
  if (fromEnv) return { path: fromEnv, source: 'CHROMIUM_PATH' };
  if (exists(DEBIAN_CHROMIUM)) return { path: DEBIAN_CHROMIUM, source: 'system' };
  let bundled;
  try {
    bundled = bundledPath();
  } catch {
    // Playwright throws when it has no build for this platform.
    return undefined;
  }
  if (bundled && exists(bundled)) return { path: bundled, source: 'playwright' };
  return undefined;
}
