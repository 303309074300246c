// `npm run bench`: every row of the performance issue in one go, on this machine; prints a table
// and writes bench/results.md and bench/results.json. See bench/README.md for how each figure is
// taken and how to read it.
//
//   npm run bench                         all rows, full length (about 15 minutes)
//   npm run bench -- --quick              fewer runs, shorter loads: for developing the bench
//   npm run bench -- --only proxy,bundle  some rows only (merged into the existing results)

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createContext, type BenchContext } from './context';
import { killAllNow, stopAll } from './processes';
import { notMeasured, type RowResult } from './row-result';
import { BENCH_DIR, PROJECT_ROOT } from './vite-build';

interface RowSpec {
  /** The ids of the rows this runner produces. */
  ids: string[];
  whats: string[];
  targets: string[];
  /** Minutes this runner may take before it is stopped (full; quick is a third). */
  minutes: number;
  run(ctx: BenchContext): Promise<RowResult[]>;
}

const ROWS: RowSpec[] = [
  {
    ids: ['bundle'],
    whats: ['first-load JS and CSS'],
    targets: ['JS ≤ 100 KB gzip'],
    minutes: 5,
    run: async (ctx) => (await import('./bundle-size')).runBundleSize(ctx),
  },
  {
    ids: ['cold-load'],
    whats: ['cold load to a usable form'],
    targets: ['≤ 1.3×'],
    minutes: 10,
    run: async (ctx) => (await import('./cold-load')).runColdLoad(ctx),
  },
  {
    ids: ['typing', 'autosave'],
    whats: ['typing', 'autosave'],
    targets: ['≤ 1.2×', 'no long task caused by saving'],
    minutes: 12,
    run: async (ctx) => (await import('./typing')).runTyping(ctx),
  },
  {
    ids: ['outbox-drain'],
    whats: ['outbox drain'],
    targets: ['≥ 90 % of ideal, 0 duplicates'],
    minutes: 10,
    run: async (ctx) => (await import('./outbox-drain')).runOutboxDrain(ctx),
  },
  {
    ids: ['proxy'],
    whats: ['proxy'],
    targets: ['≥ 0.5× nginx rps (instant upstream); p50 added ≤ 1 ms over direct at 10 connections'],
    minutes: 20,
    run: async (ctx) => (await import('./proxy')).runProxy(ctx),
  },
  {
    ids: ['walk-list-open', 'walk-list-next-door', 'door-search-typing'],
    whats: ['walk list opens (2,000 doors)', 'one-tap outcome → next door painted', 'typing in the door search'],
    targets: ['≤ 100 ms', '≤ 50 ms', '≤ 1.2×'],
    minutes: 12,
    run: async (ctx) => (await import('./walk-list')).runWalkList(ctx),
  },
  {
    ids: ['turf-wire'],
    whats: ['turf on the wire'],
    targets: ['≤ 40 B a door gzipped'],
    minutes: 3,
    run: async (ctx) => (await import('./turf-wire')).runTurfWire(ctx),
  },
  {
    ids: ['turf-import'],
    whats: ['turf import'],
    targets: ['300,000-row BAN file ≤ 15 s, flat memory'],
    minutes: 8,
    run: async (ctx) => (await import('./turf-import')).runTurfImport(ctx),
  },
  {
    ids: ['sign-in-burst'],
    whats: ['sign-in under a burst'],
    targets: ['a canvasser’s sign-in p50 ≤ 500 ms while 300 wrong codes arrive at once from another address'],
    minutes: 5,
    run: async (ctx) => (await import('./sign-in-burst')).runSignInBurst(ctx),
  },
];

const ALIASES: Record<string, string> = {
  drain: 'outbox-drain',
  outbox: 'outbox-drain',
  size: 'bundle',
  load: 'cold-load',
  cold: 'cold-load',
  import: 'turf-import',
  turfs: 'turf-import',
  'sign-in': 'sign-in-burst',
  'walk-list': 'walk-list-open',
  walk: 'walk-list-open',
  wire: 'turf-wire',
};

function parseArgs(argv: string[]): { quick: boolean; only: Set<string> | undefined } {
  let quick = false;
  let only: Set<string> | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--quick') quick = true;
    else if (a === '--only' || a.startsWith('--only=')) {
      const value = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (!value) throw new Error('--only needs a row: ' + ROWS.flatMap((r) => r.ids).join(', '));
      only ??= new Set();
      for (const v of value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)) {
        const id = ALIASES[v] ?? v;
        if (!ROWS.some((r) => r.ids.includes(id)))
          throw new Error(`--only ${v}: no such row (rows: ${ROWS.flatMap((r) => r.ids).join(', ')})`);
        only.add(id);
      }
    } else if (a === '--help' || a === '-h') {
      console.log('npm run bench [-- --quick] [--only ROW[,ROW…]]\nrows: ' + ROWS.flatMap((r) => r.ids).join(', '));
      process.exit(0);
    } else throw new Error(`unknown argument ${a} (try --help)`);
  }
  return { quick, only };
}

function git(args: string[]): string | undefined {
  try {
    return execFileSync('git', args, { cwd: PROJECT_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

function machine() {
  return {
    host: os.hostname(),
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memoryGB: Math.round(os.totalmem() / 1e9),
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
    commit: git(['rev-parse', '--short', 'HEAD']),
    dirty: Boolean(git(['status', '--porcelain', '--', 'src', 'index.html', 'vite.config.ts', 'package.json'])),
  };
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function table(rows: RowResult[]): string {
  return [
    '| what | figure | baseline (same run) | result | target | verdict |',
    '|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${cell(r.what)}${r.quick ? ' *(quick)*' : ''} | ${cell(r.figure)} | ${cell(r.baseline)} | ${cell(r.result)} | ${cell(r.target)} | **${r.verdict}** |`,
    ),
  ].join('\n');
}

interface ResultsFile {
  generatedAt: string;
  quick: boolean;
  partial: boolean;
  seconds: number;
  machine: ReturnType<typeof machine>;
  load: { before: number[]; after: number[] };
  rows: RowResult[];
}

function markdown(file: ResultsFile): string {
  const m = file.machine;
  const out = [
    '# Doorstep benchmark results',
    '',
    `Generated by \`npm run bench\`${file.quick ? ' **--quick**' : ''}${file.partial ? " (some rows only; the others are from an earlier run, see each row's time)" : ''} on ${file.generatedAt}, in ${Math.round(file.seconds)} s.`,
    `Machine: ${m.cpus} × ${m.cpuModel ?? 'CPU'}, ${m.memoryGB} GB, ${m.platform}, Node ${m.node}; commit ${m.commit ?? '?'}${m.dirty ? ' with uncommitted changes in src/' : ''}.`,
    `Load average before / after: ${file.load.before.map((v) => v.toFixed(2)).join(', ')} / ${file.load.after.map((v) => v.toFixed(2)).join(', ')} (on ${m.cpus} CPUs; above ~0.5 the machine was not quiet).`,
    '',
    'How each figure is taken and how to read it: [README.md](README.md).',
    '',
    table(file.rows),
    '',
    '## Notes',
    '',
    ...file.rows.map((r) => `- **${r.what}**: ${r.note}`),
  ];
  for (const r of file.rows) {
    if (!r.detail) continue;
    out.push(
      '',
      `## ${r.what}`,
      '',
      `Measured ${r.measuredAt ?? '?'}${r.quick ? ' (quick)' : ''}${r.seconds !== undefined ? `, ${Math.round(r.seconds)} s` : ''}.`,
      '',
      r.detail,
    );
  }
  return out.join('\n') + '\n';
}

async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${Math.round(ms / 60000)} min and was stopped`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function main(): Promise<void> {
  const { quick, only } = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'doorstep-bench-'));
  const ctx = createContext({ quick, tmp });
  const loadBefore = os.loadavg();

  let cleaned = false;
  const cleanup = async () => {
    if (cleaned) return;
    cleaned = true;
    await ctx.close().catch(() => undefined);
    await stopAll();
    rmSync(tmp, { recursive: true, force: true });
  };
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      console.error(`\n${sig}: stopping every process the bench started`);
      void cleanup().finally(() => process.exit(130));
    });
  }
  process.on('exit', () => {
    killAllNow();
    if (!cleaned) rmSync(tmp, { recursive: true, force: true });
  });

  const results: RowResult[] = [];
  try {
    for (const spec of ROWS) {
      if (only && !spec.ids.some((id) => only.has(id))) continue;
      // A runner's rows come together (typing brings autosave): all of them are kept.
      const wanted = spec.ids;
      console.log(`\n▶ ${spec.ids.join(' + ')}${quick ? ' (quick)' : ''}`);
      const t0 = Date.now();
      let rows: RowResult[];
      try {
        rows = await withTimeout(spec.run(ctx), (spec.minutes * 60_000) / (quick ? 3 : 1), spec.ids.join(' + '));
      } catch (err) {
        const message = (err as Error).message.split('\n').slice(0, 3).join(' ');
        console.error(`  failed: ${(err as Error).stack ?? message}`);
        rows = spec.ids.map((id, i) => notMeasured(id, spec.whats[i]!, spec.targets[i]!, `the bench failed: ${message}`));
        // A runner stopped half-way may leave servers behind: end them before the next row.
        await stopAll();
      }
      const seconds = (Date.now() - t0) / 1000;
      for (const r of rows.filter((r) => wanted.includes(r.id))) {
        results.push({ ...r, measuredAt: new Date().toISOString(), quick, seconds });
        console.log(`  ${r.what}: ${r.figure} | ${r.result} → ${r.verdict}`);
      }
    }
  } finally {
    await cleanup();
  }

  // With --only, the other rows keep their last figures.
  const jsonPath = path.join(BENCH_DIR, 'results.json');
  let rows = results;
  if (only && existsSync(jsonPath)) {
    try {
      const old = JSON.parse(readFileSync(jsonPath, 'utf8')) as ResultsFile;
      const order = ROWS.flatMap((r) => r.ids);
      const byId = new Map(old.rows.map((r) => [r.id, r]));
      for (const r of results) byId.set(r.id, r);
      rows = order.map((id) => byId.get(id)).filter((r): r is RowResult => r !== undefined);
    } catch {
      rows = results;
    }
  }
  const file: ResultsFile = {
    generatedAt: new Date().toISOString(),
    quick,
    partial: Boolean(only),
    seconds: (Date.now() - started) / 1000,
    machine: machine(),
    load: { before: loadBefore, after: os.loadavg() },
    rows,
  };
  writeFileSync(jsonPath, JSON.stringify(file, null, 2) + '\n');
  writeFileSync(path.join(BENCH_DIR, 'results.md'), markdown(file));
  console.log('\n' + table(rows));
  console.log(`\nWrote bench/results.md and bench/results.json in ${Math.round(file.seconds)} s.`);
}

main().then(
  // Exit even if a row that timed out left a handle open (its in-process server, a socket).
  () => process.exit(process.exitCode ?? 0),
  (err: Error) => {
    console.error(`bench: ${err.message}`);
    process.exit(1);
  },
);
