import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { parse as parseCsv } from 'csv-parse/sync';
import { addressSchema } from '@shared/contact-upsert-schema';
import { DOOR_ADDRESS_KEYS, type DoorAddress, type DoorAddressKey } from '@shared/turf-schema';
import { TurfFileError, type TurfFileProblem } from './turf-file-error';

// Reads a turf file row by row (a whole département's BAN export is hundreds of thousands of
// rows: only the doors that pass the filters are kept), checks every door against the shared
// address contract, and reports every bad row by its line and column, importing nothing then.

/** The Base Adresse Nationale's `adresses-XX.csv` header, as published:
 * https://adresse.data.gouv.fr/donnees-nationales (format "adresses", schema
 * https://doc.adresse.data.gouv.fr/mettre-a-jour-sa-base-adresse-locale/le-format-base-adresse-locale). */
export const BAN_HEADER = [
  'id',
  'id_fantoir',
  'numero',
  'rep',
  'nom_voie',
  'code_postal',
  'code_insee',
  'nom_commune',
  'code_insee_ancienne_commune',
  'nom_ancienne_commune',
  'x',
  'y',
  'lon',
  'lat',
  'type_position',
  'alias',
  'nom_ld',
  'libelle_acheminement',
  'nom_afnor',
  'source_position',
  'source_nom_voie',
  'certification_commune',
  'cad_parcelles',
] as const;

/** Which BAN column fills which of Qomon's address fields. */
const BAN_FIELDS: Partial<Record<DoorAddressKey, (typeof BAN_HEADER)[number]>> = {
  street: 'nom_voie',
  housenumber: 'numero',
  addition: 'rep',
  postalcode: 'code_postal',
  citycode: 'code_insee',
  city: 'nom_commune',
  latitude: 'lat',
  longitude: 'lon',
};

/** The BAN writes 99999 as the number of an address that has none (a lieu-dit). */
const BAN_NO_NUMBER = '99999';

export type TurfFileFormat = 'ban' | 'qomon';

export interface TurfFilter {
  /** INSEE codes (`code_insee`, `citycode`): keep only doors of these communes. */
  citycodes?: readonly string[];
  /** Street names, compared without case, accents or punctuation. */
  streets?: readonly string[];
}

export interface TurfFileContents {
  format: TurfFileFormat;
  /** Data rows read (the header excluded). */
  rows: number;
  /** Rows that passed the filters. */
  kept: number;
  /** Distinct doors, in file order. */
  doors: DoorAddress[];
  /** Rows that named a door already read. */
  duplicates: number;
}

/** At most this many problems are listed: a file wrong throughout says so in its first lines. */
const MAX_PROBLEMS = 20;

/** Lower case, no accents, no punctuation, single spaces: "Rue de l’Université" = "RUE DE L UNIVERSITE". */
export function normalizeName(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Two rows naming the same door (the same street, number, flat and commune) are one door. */
export function doorKey(d: DoorAddress): string {
  return [d.street, d.housenumber, d.addition, d.building, d.floor, d.door, d.citycode ?? d.postalcode ?? d.city]
    .map((v) => normalizeName(v ?? ''))
    .join('|');
}

export async function readTurfFile(file: string, filter: TurfFilter = {}, onProgress?: (rows: number) => void): Promise<TurfFileContents> {
  const delimiter = detectDelimiter(file);
  const problems: TurfFileProblem[] = [];
  const problem = (p: TurfFileProblem) => {
    if (problems.length < MAX_PROBLEMS) problems.push(p);
  };
  const citycodes = filter.citycodes?.length ? new Set(filter.citycodes) : undefined;
  const streets = filter.streets?.length ? new Set(filter.streets.map(normalizeName)) : undefined;
  const doors = new Map<string, DoorAddress>();
  let header: string[] | undefined;
  let format: TurfFileFormat = 'qomon';
  let columns: Partial<Record<DoorAddressKey, number>> = {};
  let rows = 0;
  let kept = 0;
  let duplicates = 0;
  let problemRows = 0;

  try {
    for await (const { record, line } of csvRecords(file, delimiter)) {
      if (!header) {
        header = record;
        ({ format, columns } = readHeader(header, line));
        continue;
      }
      rows++;
      if (onProgress && rows % 50_000 === 0) onProgress(rows);
      if (record.length !== header.length) {
        problemRows++;
        problem({ line, message: `has ${record.length} columns, the header ${header.length}` });
        continue;
      }
      const door = rowToDoor(record, columns, format);
      if (citycodes && !citycodes.has(door.citycode ?? '')) continue;
      if (streets && !streets.has(normalizeName(door.street ?? ''))) continue;
      kept++;
      const rowProblems = checkDoor(door, line, format);
      if (rowProblems.length) {
        problemRows++;
        rowProblems.forEach(problem);
        continue;
      }
      const key = doorKey(door as DoorAddress);
      const seen = doors.get(key);
      if (seen) {
        duplicates++;
        // The same door twice is one door; a later row may still bring what the first lacked.
        for (const k of DOOR_ADDRESS_KEYS) if (seen[k] === undefined && door[k] !== undefined) seen[k] = door[k];
      } else {
        doors.set(key, door as DoorAddress);
      }
    }
  } catch (err) {
    if (err instanceof TurfFileError) throw err.file ? err : new TurfFileError(file, err.problems, err.badRows);
    throw err;
  }
  if (!header) throw new TurfFileError(file, [{ line: 1, message: 'the file is empty: it needs a header line' }]);
  if (problems.length) throw new TurfFileError(file, problems, problemRows);
  if (!doors.size) {
    const why = citycodes || streets ? 'no row matches the --citycode/--street filters' : 'the file has a header but no door';
    throw new TurfFileError(file, [{ line: 1, message: why }]);
  }
  return { format, rows, kept, doors: [...doors.values()], duplicates };
}

/** The file's records with the line each starts on. A line without quotes (every line of a BAN
 * export) is split as it is, which is what makes a 300,000-row file quick to read; a line with
 * quotes goes through csv-parse (RFC 4180), joined with the next ones while a quoted field runs
 * over a line break. */
async function* csvRecords(file: string, delimiter: string): AsyncGenerator<{ record: string[]; line: number }> {
  let rest = '';
  let lineNo = 0;
  let pending: { text: string; line: number } | undefined;
  const quotes = (s: string) => s.split('"').length - 1;
  function* take(raw: string): Generator<{ record: string[]; line: number }> {
    lineNo++;
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (pending) {
      pending.text += `\n${text}`;
      if (quotes(pending.text) % 2) return;
      const { text: whole, line } = pending;
      pending = undefined;
      yield { record: parseQuoted(whole, delimiter, line), line };
      return;
    }
    if (!text.trim()) return;
    if (!text.includes('"')) {
      yield { record: text.split(delimiter).map((f) => f.trim()), line: lineNo };
      return;
    }
    if (quotes(text) % 2) {
      pending = { text, line: lineNo };
      return;
    }
    yield { record: parseQuoted(text, delimiter, lineNo), line: lineNo };
  }
  for await (const chunk of createReadStream(file, { encoding: 'utf8' })) {
    const lines = (rest + (chunk as string)).split('\n');
    rest = lines.pop()!;
    for (const raw of lines) yield* take(lineNo === 0 ? raw.replace(/^\uFEFF/, '') : raw);
  }
  if (rest) yield* take(lineNo === 0 ? rest.replace(/^\uFEFF/, '') : rest);
  if (pending) throw new TurfFileError(file, [{ line: pending.line, message: 'a quoted field is never closed' }]);
}

function parseQuoted(text: string, delimiter: string, line: number): string[] {
  try {
    const [record] = parseCsv(text, { delimiter, trim: true, relax_column_count: true }) as string[][];
    return record ?? [];
  } catch (err) {
    throw new TurfFileError('', [{ line, message: `is not valid CSV (${(err as Error).message.replace(/^Invalid \w+: /, '')})` }]);
  }
}

/** The separator the header line uses most: the BAN's is `;`, a hand-made CSV's `,`, `;` (a French
 * spreadsheet's export) or a tab. Decided once from the header, so that a comma inside a street
 * name further down cannot change it. */
export function detectDelimiter(file: string): string {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const firstLine = buf.subarray(0, n).toString('utf8').split(/\r?\n/, 1)[0] ?? '';
    const counts = [';', ',', '\t'].map((d) => [d, firstLine.split(d).length - 1] as const);
    const [best] = [...counts].sort((a, b) => b[1] - a[1]);
    return best && best[1] > 0 ? best[0] : ',';
  } finally {
    closeSync(fd);
  }
}

function readHeader(header: string[], line: number): { format: TurfFileFormat; columns: Partial<Record<DoorAddressKey, number>> } {
  const index = (name: string) => header.indexOf(name);
  if (header.includes('nom_voie') && header.includes('numero')) {
    const missing = Object.values(BAN_FIELDS).filter((c) => index(c) < 0);
    if (missing.length) throw new TurfFileError('', [{ line, message: `a BAN file needs the columns ${missing.join(', ')}` }]);
    const columns = Object.fromEntries(Object.entries(BAN_FIELDS).map(([field, column]) => [field, index(column)]));
    return { format: 'ban', columns };
  }
  const known = new Set<string>(DOOR_ADDRESS_KEYS);
  const unknown = header.filter((h) => !known.has(h));
  if (unknown.length) {
    const hint = header.length === 1 ? ' (is the file separated by commas, semicolons or tabs?)' : '';
    throw new TurfFileError('', [
      {
        line,
        column: unknown[0],
        message:
          `unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `"${u}"`).join(', ')}${hint}: ` +
          `a turf CSV's headers are Qomon's address fields (${DOOR_ADDRESS_KEYS.join(', ')}), or the BAN's adresses-XX.csv header`,
      },
    ]);
  }
  if (!header.includes('street')) throw new TurfFileError('', [{ line, column: 'street', message: 'a turf CSV needs a "street" column' }]);
  const duplicate = header.find((h, i) => header.indexOf(h) !== i);
  if (duplicate) throw new TurfFileError('', [{ line, column: duplicate, message: `the column "${duplicate}" appears twice` }]);
  return { format: 'qomon', columns: Object.fromEntries(header.map((h, i) => [h, i])) };
}

function rowToDoor(record: string[], columns: Partial<Record<DoorAddressKey, number>>, format: TurfFileFormat): Partial<DoorAddress> {
  const door: Partial<Record<DoorAddressKey, string>> = {};
  for (const [field, at] of Object.entries(columns) as [DoorAddressKey, number][]) {
    const value = record[at];
    if (value) door[field] = value;
  }
  if (format === 'ban' && door.housenumber === BAN_NO_NUMBER) delete door.housenumber;
  return door;
}

/** The door against the shared address contract (lengths, coordinates), named by the file's own
 * column names. */
function checkDoor(door: Partial<DoorAddress>, line: number, format: TurfFileFormat): TurfFileProblem[] {
  const columnOf = (field: string) => (format === 'ban' ? (BAN_FIELDS[field as DoorAddressKey] ?? field) : field);
  if (!door.street) return [{ line, column: columnOf('street'), message: 'is empty: every door needs its street' }];
  const result = addressSchema.safeParse(door);
  if (result.success) return [];
  return result.error.issues.map((issue) => {
    const field = String(issue.path[0] ?? '');
    return { line, column: columnOf(field), message: `${issue.message} (${JSON.stringify(door[field as DoorAddressKey] ?? '')})` };
  });
}
