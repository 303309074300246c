// Row "turf import": `npm run turfs -- import` of a generated BAN file of 300,000 rows (a large
// département's adresses-XX.csv), timed end to end (process start to exit: tsx, reading, checks,
// walking order, the SQLite write) with /usr/bin/time, which also gives the process's peak memory.
// "Flat memory": the same import of a file ten times smaller, keeping the same doors, must peak
// at about the same memory; what grows with the file is only what the filters keep.

import { createWriteStream } from 'node:fs';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import type { BenchContext } from './context';
import { median, ms } from './median';
import { runToEnd } from './processes';
import type { RowResult } from './row-result';
import { PROJECT_ROOT } from './vite-build';

const ROWS = 300_000;
const TARGET_MS = 15_000;
/** Peak memory of the large file over the small one's, with the same doors kept. */
const FLAT_RATIO = 1.25;
const KEPT_CITYCODE = '75107';

const BAN_HEADER =
  'id;id_fantoir;numero;rep;nom_voie;code_postal;code_insee;nom_commune;code_insee_ancienne_commune;nom_ancienne_commune;x;y;lon;lat;type_position;alias;nom_ld;libelle_acheminement;nom_afnor;source_position;source_nom_voie;certification_commune;cad_parcelles';

/** `rows` BAN rows over 100 communes; the commune KEPT_CITYCODE gets `kept` of them whatever
 * the size, so that both files' imports keep the same doors. */
export async function writeBanFile(file: string, rows: number, kept: number): Promise<void> {
  const out = createWriteStream(file);
  out.write(`${BAN_HEADER}\n`);
  for (let i = 0; i < rows; i++) {
    const mine = i < kept;
    const insee = mine ? KEPT_CITYCODE : `75${String(200 + (i % 99)).padStart(3, '0')}`;
    const street = Math.floor(i / 120);
    const numero = (i % 120) + 1;
    const lat = (48.8 + (street % 300) / 3000 + numero / 100_000).toFixed(6);
    const lon = (2.25 + Math.floor(street / 300) / 300 + (numero % 2) / 50_000).toFixed(6);
    const line = `${insee}_${street}_${String(numero).padStart(5, '0')};${insee}_${street};${numero};${i % 17 === 0 ? 'bis' : ''};Rue numéro ${street};75000;${insee};Commune ${insee};;;650000.00;6860000.00;${lon};${lat};entrée;;;COMMUNE;RUE NUMERO ${street};commune;commune;1;\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

interface ImportRun {
  ms: number;
  peakMb: number;
  doors: number;
}

async function importOnce(ctx: BenchContext, file: string, label: string): Promise<ImportRun> {
  const dataDir = path.join(ctx.tmp, `turf-import-${label}-${Date.now()}`);
  mkdirSync(dataDir, { recursive: true });
  const t0 = performance.now();
  const res = await runToEnd(
    'turf import',
    '/usr/bin/time',
    [
      '-f',
      'peak-kb=%M',
      path.join(PROJECT_ROOT, 'node_modules/.bin/tsx'),
      'src/server/cli/turfs-cli.ts',
      'import',
      file,
      '--name',
      'Bench',
      '--citycode',
      KEPT_CITYCODE,
    ],
    { cwd: PROJECT_ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dataDir }, timeoutMs: 120_000 },
  );
  const elapsed = performance.now() - t0;
  if (res.code !== 0) throw new Error(`turf import exited ${res.code}: ${res.stderr.slice(-2000)}`);
  const peak = /peak-kb=(\d+)/.exec(res.stderr);
  const doors = /: ([\d,]+) doors in/.exec(res.stdout + res.stderr);
  if (!peak || !doors) throw new Error(`turf import printed no peak memory or door count:\n${res.stdout}\n${res.stderr}`);
  return { ms: elapsed, peakMb: Number(peak[1]) / 1024, doors: Number(doors[1]!.replace(/,/g, '')) };
}

export async function runTurfImport(ctx: BenchContext): Promise<RowResult[]> {
  const what = 'turf import';
  const target = `300,000-row BAN file ≤ ${TARGET_MS / 1000} s, flat memory (peak ≤ ${FLAT_RATIO}× a file ten times smaller)`;
  const kept = 2_000;
  const large = path.join(ctx.tmp, 'adresses-large.csv');
  const small = path.join(ctx.tmp, 'adresses-small.csv');
  ctx.log(`writing a ${ROWS.toLocaleString('en')}-row BAN file and one of ${(ROWS / 10).toLocaleString('en')} rows…`);
  await writeBanFile(large, ROWS, kept);
  await writeBanFile(small, ROWS / 10, kept);
  const runs = ctx.quick ? 1 : 3;
  const largeRuns: ImportRun[] = [];
  const smallRuns: ImportRun[] = [];
  for (let i = 0; i < runs; i++) {
    smallRuns.push(await importOnce(ctx, small, 'small'));
    largeRuns.push(await importOnce(ctx, large, 'large'));
    ctx.log(
      `run ${i + 1}: ${ms(largeRuns[i]!.ms)}, peak ${largeRuns[i]!.peakMb.toFixed(0)} MB (small file: ${smallRuns[i]!.peakMb.toFixed(0)} MB)`,
    );
  }
  const t = median(largeRuns.map((r) => r.ms));
  const peakLarge = median(largeRuns.map((r) => r.peakMb));
  const peakSmall = median(smallRuns.map((r) => r.peakMb));
  const ratio = peakLarge / peakSmall;
  const met = t <= TARGET_MS && ratio <= FLAT_RATIO && largeRuns.every((r) => r.doors === kept);
  return [
    {
      id: 'turf-import',
      what,
      figure: `${ROWS.toLocaleString('en')} rows (${kept.toLocaleString('en')} doors kept by --citycode) in ${ms(t)} (median of ${runs}), peak ${peakLarge.toFixed(0)} MB`,
      baseline: `${(ROWS / 10).toLocaleString('en')} rows, same doors: ${ms(median(smallRuns.map((r) => r.ms)))}, peak ${peakSmall.toFixed(0)} MB`,
      result: `${(t / 1000).toFixed(1)} s; peak memory ${ratio.toFixed(2)}× the small file's`,
      target,
      verdict: met ? 'met' : 'missed',
      note:
        `Whole command, process start to exit (tsx's start-up included), on a file of 100 communes of which one is kept. ` +
        `Doors kept: ${largeRuns.map((r) => r.doors).join(', ')}.`,
      data: { largeRuns, smallRuns },
    },
  ];
}
