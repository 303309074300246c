// Row "outbox drain": the app's own outbox and drain loop (src/client/outbox), built into a small
// page by the same Vite and run in Chromium (real IndexedDB with its durable transactions, Web
// Locks, fetch), against the real server in sandbox mode with 50 ms of latency added to every
// upstream answer. Times one drainOutbox() of N queued contacts; the ideal is N × 50 ms ÷ the
// drain's concurrency; duplicates are sandbox records sharing an Idempotency-Key.

import type { Browser } from '@playwright/test';
import { freshContext, signIn } from './browser';
import type { BenchContext } from './context';
import { median, ms, pct, percentile } from './median';
import type { RowResult } from './row-result';
import type { DrainBenchResult as DrainPageResult, PostPhases } from './baseline/drain-page/main';
import { sampleContact } from './sample-contact';
import { BENCH_DEMO_CODE, startSandboxServer } from './sandbox-server';

const LATENCY_MS = 50;
const TARGET_SHARE = 0.9;

/** The medians of each phase; undefined when there are none (the browser's Resource Timing
 * entries did not pair up with the sends). */
function medianPhases(all: readonly (PostPhases | undefined)[]): PostPhases | undefined {
  if (!all.length || all.some((p) => !p)) return undefined;
  const of = (k: keyof PostPhases) => median(all.map((p) => p![k]));
  return { queued: of('queued'), server: of('server'), body: of('body'), handover: of('handover') };
}

interface DrainRun extends Omit<DrainPageResult, 'sendMs' | 'phases'> {
  phases: PostPhases | undefined;
  /** Median time of one POST /api/contacts (the server's work + the sandbox's 50 ms). */
  sendMedianMs: number;
  sendP95Ms: number;
  count: number;
  idealMs: number;
  share: number;
  duplicates: number;
  missing: number;
  enqueueMs: number;
}

const phaseCell = (p: PostPhases | undefined) => (p ? `${ms(p.queued)} / ${ms(p.server)} / ${ms(p.body)} / ${ms(p.handover)}` : 'n/a');

async function drainRun(browser: Browser, distDir: string, count: number): Promise<DrainRun> {
  const server = await startSandboxServer(distDir);
  const context = await freshContext(browser);
  try {
    await signIn(context, server.url, BENCH_DEMO_CODE);
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page.locator('#status', { hasText: 'loaded' }).waitFor({ timeout: 30_000 });
    // The context's own request client carries its session cookie: the sandbox's switches need one.
    const faults = await context.request.put(`${server.url}/sandbox/faults`, { data: { latencyMs: LATENCY_MS } });
    if (!faults.ok()) throw new Error(`PUT /sandbox/faults answered ${faults.status()}`);

    const bodies = Array.from({ length: count }, (_, i) => sampleContact(i));
    const t0 = Date.now();
    const keys = await page.evaluate(
      (b) => (window as unknown as { __drainBench: { enqueueMany(b: unknown[]): Promise<string[]> } }).__drainBench.enqueueMany(b),
      bodies,
    );
    const enqueueMs = Date.now() - t0;
    const result = await page.evaluate(() =>
      (window as unknown as { __drainBench: { drain(): Promise<DrainPageResult> } }).__drainBench.drain(),
    );

    const listed = (await (await context.request.get(`${server.url}/sandbox/contacts?limit=10000`)).json()) as {
      total: number;
      contacts: { idempotencyKey: string | null }[];
    };
    const perKey = new Map<string, number>();
    for (const c of listed.contacts) if (c.idempotencyKey) perKey.set(c.idempotencyKey, (perKey.get(c.idempotencyKey) ?? 0) + 1);
    const duplicates = [...perKey.values()].reduce((s, n) => s + Math.max(0, n - 1), 0);
    const missing = keys.filter((k) => !perKey.has(k.toLowerCase()) && !perKey.has(k)).length;
    const idealMs = (count * LATENCY_MS) / result.concurrency;
    const { sendMs, phases: all, ...rest } = result;
    const phases = medianPhases(all);
    return {
      ...rest,
      phases,
      sendMedianMs: median(sendMs),
      sendP95Ms: percentile(sendMs, 95),
      count,
      idealMs,
      share: idealMs / result.ms,
      duplicates,
      missing,
      enqueueMs,
    };
  } finally {
    await context.close().catch(() => undefined);
    await server.stop().catch(() => undefined);
  }
}

export async function runOutboxDrain(ctx: BenchContext): Promise<RowResult[]> {
  const count = ctx.quick ? 200 : 1000;
  const runs = ctx.quick ? 2 : 3;
  ctx.log('building the drain page (src/client/outbox in a bare page)');
  const distDir = await ctx.baselineBuild('drain-page');
  const { browser, version } = await ctx.browser();
  const all: DrainRun[] = [];
  for (let i = 0; i < runs; i++) {
    const r = await drainRun(browser, distDir, count);
    ctx.log(
      `run ${i + 1}/${runs}: ${count} contacts in ${ms(r.ms)} (ideal ${ms(r.idealMs)}, ${pct(r.share)}), ${r.duplicates} duplicates, ${r.missing} missing, answers ${JSON.stringify(r.statuses)}`,
    );
    all.push(r);
  }
  const drainMs = median(all.map((r) => r.ms));
  const idealMs = all[0]!.idealMs;
  const share = idealMs / drainMs;
  const duplicates = Math.max(...all.map((r) => r.duplicates));
  const missing = Math.max(...all.map((r) => r.missing));
  const concurrency = all[0]!.concurrency;
  const ok = share >= TARGET_SHARE && duplicates === 0 && missing === 0;
  const detail = [
    `Chromium ${version}; the real server in sandbox mode (a fresh DATA_DIR each run), \`PUT /sandbox/faults {"latencyMs": ${LATENCY_MS}}\`; ${count} contacts queued with \`enqueue()\` (not timed), then one \`drainOutbox()\` timed in the page. Concurrency: DEFAULT_CONCURRENCY = ${concurrency}.`,
    '',
    '| run | drain | ideal | share of ideal | per contact | one POST: median / p95 | POST phases (median): queued / server / body / handover | duplicates | missing | retried | answers | queuing (not timed) |',
    '|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---|---:|',
    ...all.map(
      (r, i) =>
        `| ${i + 1} | ${ms(r.ms)} | ${ms(r.idealMs)} | ${pct(r.share)} | ${ms(r.ms / r.count)} | ${ms(r.sendMedianMs)} / ${ms(r.sendP95Ms)} | ${phaseCell(r.phases)} | ${r.duplicates} | ${r.missing} | ${r.retried} | ${Object.entries(
          r.statuses,
        )
          .map(([s, n]) => `${s}×${n}`)
          .join(' ')} | ${ms(r.enqueueMs)} |`,
    ),
    '',
    "Time per contact per worker = drain × concurrency ÷ count; of it, \"one POST\" is the request as the page sees it, from `sendContact()` to its answer; the rest is the drain's own work between requests. The POST's phases come from the browser's Resource Timing: *queued*, from `fetch()` to the request leaving; *server*, from the request sent to the answer's first byte (the server, the sandbox's 50 ms, loopback); *body*, to its last byte; *handover*, from the last byte to `sendContact` having returned.",
  ].join('\n');
  const overhead = drainMs / count - LATENCY_MS / concurrency;
  const phases = medianPhases(all.map((r) => r.phases));
  const phaseNote = phases
    ? ` Of a POST (Resource Timing, medians): ${ms(phases.queued)} before the request leaves, ${ms(phases.server - LATENCY_MS)} in the server and on loopback beyond the sandbox's 50 ms, ${ms(phases.body)} for the answer's body, ${ms(phases.handover)} from its last byte to the page.`
    : '';
  const perWorker = (drainMs * concurrency) / count;
  const postMs = median(all.map((r) => r.sendMedianMs));
  return [
    {
      id: 'outbox-drain',
      what: 'outbox drain',
      figure: `${count.toLocaleString('en-GB')} contacts in ${ms(drainMs)} (median of ${runs}); ${duplicates} duplicates${missing ? `, ${missing} missing` : ''}`,
      baseline: `ideal at concurrency ${concurrency}: ${ms(idealMs)}`,
      result: `${pct(share)} of ideal`,
      target: '≥ 90 % of ideal, 0 duplicates',
      verdict: ok ? 'met' : 'missed',
      note:
        (share >= TARGET_SHARE
          ? `${pct(share - TARGET_SHARE)} above the 90 % line; each contact costs ${ms(overhead)} beyond its share of the latency.`
          : `${pct(TARGET_SHARE - share)} short of 90 % of ideal. Each worker spends ${ms(perWorker)} per contact where the ideal is ${ms(LATENCY_MS)}: ${ms(postMs - LATENCY_MS)} of it in the POST beyond the sandbox's latency (server, loopback), ${ms(perWorker - postMs)} in the page between POSTs (the drain's own work; markSent no longer waits for the disk).${phaseNote}`) +
        (count < 1000 ? ` Quick run: ${count} contacts, not 1,000.` : ''),
      detail,
      data: { runs: all, latencyMs: LATENCY_MS, chromium: version, phases },
    },
  ];
}
