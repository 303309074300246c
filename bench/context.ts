// What the rows share within one run: the temp folder, the builds (made once, used by the bundle,
// cold-load and typing rows) and one Chromium.

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { launchChromium, type LaunchedBrowser } from './browser';
import { buildApp, buildBaseline, type BaselinePage } from './vite-build';

export interface BenchContext {
  quick: boolean;
  /** This run's temp folder, removed at the end. */
  tmp: string;
  log(message: string): void;
  /** The app built with the project's vite.config.ts: its outDir. */
  appBuild(): Promise<string>;
  baselineBuild(page: BaselinePage): Promise<string>;
  browser(): Promise<LaunchedBrowser>;
  close(): Promise<void>;
}

export function createContext(opts: { quick: boolean; tmp: string }): BenchContext {
  const memo = new Map<string, Promise<string>>();
  let browser: Promise<LaunchedBrowser> | undefined;
  const once = (key: string, make: (outDir: string) => Promise<void>) => {
    let p = memo.get(key);
    if (!p) {
      const outDir = path.join(opts.tmp, 'build', key);
      mkdirSync(outDir, { recursive: true });
      p = make(outDir).then(() => outDir);
      memo.set(key, p);
    }
    return p;
  };
  return {
    quick: opts.quick,
    tmp: opts.tmp,
    log: (m) => console.log(`  ${m}`),
    appBuild: () => once('app', buildApp),
    baselineBuild: (page) => once(page, (outDir) => buildBaseline(page, outDir)),
    browser() {
      browser ??= launchChromium();
      return browser;
    },
    async close() {
      // A build still running (its sibling failed) would write into the temp folder after it is gone.
      await Promise.allSettled(memo.values());
      const b = await browser?.catch(() => undefined);
      browser = undefined;
      await b?.browser.close().catch(() => undefined);
    },
  };
}
