// Row "cold load to a usable form": Chromium, 4× CPU slowdown and DevTools' Slow 4G (CDP), a
// fresh context each run (no cache, no service worker; signed in: the cookie and the session the
// app keeps in localStorage, as a device that signed in before has them), from navigation start until the first
// field of the contact form is visible, enabled, and has taken a typed character. Baseline: the
// bare React 19 page (one field), served by the same server, measured the same way, runs
// interleaved.

import type { Browser } from '@playwright/test';
import { CPU_SLOWDOWN, type DeviceState, freshContext, signIn, SLOW_4G, throttle } from './browser';
import type { BenchContext } from './context';
import { interleaved, kb, median, ms, ratio } from './median';
import { firstField, probeApp } from './page-target';
import type { RowResult } from './row-result';
import { BENCH_DEMO_CODE, startSandboxServer, type SandboxServer } from './sandbox-server';
import { sleep } from './processes';

const TARGET_RATIO = 1.3;
/** kept-session.ts's SESSION_STORAGE_KEY (that module reads import.meta.env: it does not load in Node). */
const KEPT_SESSION_KEY = 'doorstep.session';

/** Page-side timestamps, relative to navigation start (performance.timeOrigin). */
const INIT_SCRIPT = `
  window.__cold = { firstInput: undefined };
  document.addEventListener('input', () => {
    if (window.__cold.firstInput === undefined) window.__cold.firstInput = performance.now();
  }, true);
`;

interface ColdRun {
  /** Navigation start → the typed character reached the field. */
  usableMs: number;
  /** Navigation start → the field was found visible by the harness (before typing). */
  visibleMs: number;
  fcpMs: number | undefined;
  /** Bytes over the network, as the browser counted them (Resource Timing). */
  transferBytes: number;
  /** JavaScript fetched before the field took its character: over the wire, and once decoded. */
  jsEncodedBytes: number;
  jsDecodedBytes: number;
}

/** What a device holds once someone has signed in on it and the app has run: the session cookie,
 * and the session the app keeps in localStorage (src/client/features/session/kept-session.ts), as
 * the app itself wrote it. Not the campaign it keeps too: that one is fresh for ten minutes only,
 * and the row has always measured a start that asks for it. */
async function signedInDevice(browser: Browser, baseUrl: string): Promise<DeviceState> {
  const context = await freshContext(browser);
  try {
    await signIn(context, baseUrl, BENCH_DEMO_CODE);
    const page = await context.newPage();
    await page.goto(`${baseUrl}/`);
    await firstField(page).waitFor({ state: 'visible', timeout: 60_000 });
    const state = await context.storageState();
    if (!state.origins.some((o) => o.localStorage.some((item) => item.name === KEPT_SESSION_KEY)))
      throw new Error(`the app kept no session in localStorage (${KEPT_SESSION_KEY}) once signed in`);
    return {
      ...state,
      origins: state.origins.map((o) => ({ ...o, localStorage: o.localStorage.filter((item) => item.name === KEPT_SESSION_KEY) })),
    };
  } finally {
    await context.close();
  }
}

async function coldRun(browser: Browser, baseUrl: string, device: DeviceState | undefined): Promise<ColdRun> {
  const context = await freshContext(browser, device);
  try {
    await context.addInitScript(INIT_SCRIPT);
    const page = await context.newPage();
    await throttle(page, { network: true, cpu: true });
    await page.goto(`${baseUrl}/`, { waitUntil: 'commit', timeout: 60_000 });
    const field = firstField(page);
    await field.waitFor({ state: 'visible', timeout: 60_000 });
    const visibleMs = await page.evaluate(() => performance.now());
    // Type one character until it takes (a field can be visible before it is enabled).
    const until = Date.now() + 60_000;
    for (;;) {
      if (await field.isEnabled()) {
        await field.focus();
        await page.keyboard.press('x');
        if ((await field.inputValue()).includes('x')) break;
      }
      if (Date.now() > until) throw new Error('the field never took a typed character');
      await sleep(10);
    }
    return await page
      .evaluate(() => {
        const w = window as unknown as { __cold: { firstInput?: number } };
        const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime;
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
        const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
        const transferBytes = (nav?.transferSize ?? 0) + resources.reduce((s, r) => s + r.transferSize, 0);
        const js = resources.filter((r) => /\.m?js(\?|$)/.test(new URL(r.name).pathname));
        const jsEncodedBytes = js.reduce((s, r) => s + r.encodedBodySize, 0);
        const jsDecodedBytes = js.reduce((s, r) => s + r.decodedBodySize, 0);
        return { usableMs: w.__cold.firstInput ?? Number.NaN, visibleMs: 0, fcpMs: fcp, transferBytes, jsEncodedBytes, jsDecodedBytes };
      })
      .then((r) => ({ ...r, visibleMs }));
  } finally {
    await context.close();
  }
}

export async function runColdLoad(ctx: BenchContext): Promise<RowResult[]> {
  const runs = ctx.quick ? 3 : 7;
  ctx.log('building the app and the bare React page');
  const [appDir, bareDir] = await Promise.all([ctx.appBuild(), ctx.baselineBuild('bare-react')]);
  const { browser, version } = await ctx.browser();
  const servers: SandboxServer[] = [];
  try {
    const app = await startSandboxServer(appDir);
    servers.push(app);
    const bare = await startSandboxServer(bareDir);
    servers.push(bare);

    const target = await probeApp(browser, app.url, BENCH_DEMO_CODE);
    ctx.log(`measuring: ${target.label}`);
    // One unmeasured load of each first (the server's first requests, Chromium's first process).
    const device = target.contactForm ? await signedInDevice(browser, app.url) : undefined;
    await coldRun(browser, app.url, device);
    await coldRun(browser, bare.url, undefined);

    const byVariant = await interleaved(runs, ['app', 'bare'], async (variant, i) => {
      const r = variant === 'app' ? await coldRun(browser, app.url, device) : await coldRun(browser, bare.url, undefined);
      ctx.log(`run ${i + 1}/${runs} ${variant}: usable at ${ms(r.usableMs)}`);
      return r;
    });
    const appRuns = byVariant.get('app')!;
    const bareRuns = byVariant.get('bare')!;
    const appMs = median(appRuns.map((r) => r.usableMs));
    const bareMs = median(bareRuns.map((r) => r.usableMs));
    const x = appMs / bareMs;
    const jsWire = median(appRuns.map((r) => r.jsEncodedBytes));
    const jsDecoded = median(appRuns.map((r) => r.jsDecodedBytes));
    const uncompressed = jsWire > 0 && jsWire >= jsDecoded * 0.95;
    const what = target.contactForm
      ? 'cold load to a usable form'
      : 'cold load to a usable form — measured on the sign-in screen (no contact form yet)';
    const detail = [
      `Chromium ${version}, CPU slowdown ${CPU_SLOWDOWN}×, network: ${SLOW_4G.latency} ms added latency, ${SLOW_4G.downloadThroughput.toLocaleString('en-GB')} B/s down, ${SLOW_4G.uploadThroughput.toLocaleString('en-GB')} B/s up (DevTools' "Slow 4G"); viewport 412×915; a fresh browser context each run.`,
      `App: ${target.label}.`,
      '',
      '| run | app usable | app field visible | app FCP | app bytes (JS) | bare usable | bare field visible | bare FCP | bare bytes (JS) |',
      '|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
      ...appRuns.map((a, i) => {
        const b = bareRuns[i]!;
        return `| ${i + 1} | ${ms(a.usableMs)} | ${ms(a.visibleMs)} | ${ms(a.fcpMs ?? Number.NaN)} | ${kb(a.transferBytes)} (${kb(a.jsEncodedBytes)}) | ${ms(b.usableMs)} | ${ms(b.visibleMs)} | ${ms(b.fcpMs ?? Number.NaN)} | ${kb(b.transferBytes)} (${kb(b.jsEncodedBytes)}) |`;
      }),
      `| **median** | **${ms(appMs)}** | ${ms(median(appRuns.map((r) => r.visibleMs)))} | | | **${ms(bareMs)}** | ${ms(median(bareRuns.map((r) => r.visibleMs)))} | | |`,
      '',
      uncompressed
        ? `The server sent the JavaScript uncompressed: ${kb(jsWire)} over the wire for ${kb(jsDecoded)} of code (gzip would be about a third of it); at Slow 4G's 180,000 B/s every 100 KB costs about 0.57 s.`
        : `JavaScript over the wire: ${kb(jsWire)} (${kb(jsDecoded)} decoded).`,
    ].join('\n');
    const over = appMs - TARGET_RATIO * bareMs;
    return [
      {
        id: 'cold-load',
        what,
        figure: `${ms(appMs)} (median of ${runs})`,
        baseline: `bare React page: ${ms(bareMs)}`,
        result: ratio(x),
        target: '≤ 1.3×',
        verdict: x <= TARGET_RATIO ? 'met' : 'missed',
        note:
          (x <= TARGET_RATIO
            ? `${ms(-over)} to spare under 1.3× the baseline.`
            : `${ms(over)} over 1.3× the baseline (${ratio(x)} instead of ≤ 1.3×).`) +
          (uncompressed
            ? ` The server sends JS uncompressed (${kb(jsWire)} over the wire before the form is usable): serving gzip/brotli would cut roughly ${ms(((jsWire - jsWire / 3) / SLOW_4G.downloadThroughput) * 1000)} at Slow 4G.`
            : '') +
          (target.contactForm
            ? ''
            : ' The contact form did not render yet, so this is the sign-in screen: re-run once the form is in the app.'),
        detail,
        data: {
          target,
          runs: { app: appRuns, bare: bareRuns },
          medians: { appMs, bareMs },
          network: SLOW_4G,
          cpuSlowdown: CPU_SLOWDOWN,
          chromium: version,
        },
      },
    ];
  } finally {
    for (const s of servers) await s.stop().catch(() => undefined);
  }
}
