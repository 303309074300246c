import type { TurfRecord, TurfStore } from '@server/stores/turf-store';
import { readTurfFile } from './read-turf-file';
import { parseSplit, splitTurf, type TurfSplit } from './split-turf';

export interface TurfImportOptions {
  file: string;
  name: string;
  split?: TurfSplit;
  citycodes?: string[];
  streets?: string[];
}

export const TURF_IMPORT_USAGE =
  'import FILE --name "NAME" [--split street|pollingstation|doors:N] [--citycode INSEE]... [--street "NAME"]...';

/** `import FILE --name NAME [--split …] [--citycode X]… [--street S]…`, as the command gets it. */
export function parseTurfImportArgs(args: readonly string[]): TurfImportOptions {
  const files: string[] = [];
  const citycodes: string[] = [];
  const streets: string[] = [];
  let name: string | undefined;
  let split: TurfSplit | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const value = () => {
      const v = args[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${arg} needs a value: ${TURF_IMPORT_USAGE}`);
      return v;
    };
    if (arg === '--name') name = value().trim();
    else if (arg === '--split') split = parseSplit(value());
    else if (arg === '--citycode') citycodes.push(value());
    else if (arg === '--street') streets.push(value());
    else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}: ${TURF_IMPORT_USAGE}`);
    else files.push(arg);
  }
  if (files.length !== 1) throw new Error(`import takes one file: ${TURF_IMPORT_USAGE}`);
  if (!name) throw new Error(`import needs --name: ${TURF_IMPORT_USAGE}`);
  return { file: files[0]!, name, split, citycodes, streets };
}

/** Reads, checks and orders the whole file before storing anything: a bad file imports nothing. */
export async function runTurfImport(opts: TurfImportOptions, store: TurfStore, log: (line: string) => void): Promise<TurfRecord[]> {
  const contents = await readTurfFile(opts.file, { citycodes: opts.citycodes, streets: opts.streets }, (rows) =>
    log(`read ${rows.toLocaleString('en')} rows…`),
  );
  const planned = splitTurf(opts.name, contents.doors, opts.split);
  const filtered = contents.kept < contents.rows ? `, ${contents.kept.toLocaleString('en')} kept by the filters` : '';
  const duplicates = contents.duplicates ? `, ${contents.duplicates.toLocaleString('en')} duplicate rows merged` : '';
  log(
    `${opts.file}: ${contents.format === 'ban' ? 'BAN addresses' : 'turf CSV'}, ${contents.rows.toLocaleString('en')} rows${filtered}` +
      `${duplicates}: ${contents.doors.length.toLocaleString('en')} doors in ${planned.length} turf${planned.length > 1 ? 's' : ''}`,
  );
  const created: TurfRecord[] = [];
  for (const turf of planned) created.push(await store.createTurf(turf.name, turf.doors));
  return created;
}
