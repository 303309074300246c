import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '@test-support/temp-dir';
import { BAN_HEADER, readTurfFile } from './read-turf-file';
import { TurfFileError } from './turf-file-error';

const dir = tempDir('doorstep-turf-file-');
let n = 0;
function file(text: string): string {
  const f = path.join(dir, `turf-${++n}.csv`);
  writeFileSync(f, text);
  return f;
}

/** A BAN row with the columns that matter; the others as the BAN leaves them for a plain address. */
function banRow(r: {
  numero: string;
  rep?: string;
  voie: string;
  insee?: string;
  cp?: string;
  commune?: string;
  lat?: string;
  lon?: string;
}) {
  const v: Record<string, string> = {
    id: `${r.insee ?? '75107'}_1234_${r.numero.padStart(5, '0')}`,
    id_fantoir: `${r.insee ?? '75107'}_1234`,
    numero: r.numero,
    rep: r.rep ?? '',
    nom_voie: r.voie,
    code_postal: r.cp ?? '75007',
    code_insee: r.insee ?? '75107',
    nom_commune: r.commune ?? 'Paris',
    lon: r.lon ?? '2.306710',
    lat: r.lat ?? '48.855349',
    type_position: 'entrée',
    certification_commune: '1',
  };
  return BAN_HEADER.map((h) => v[h] ?? '').join(';');
}
const ban = (...rows: string[]) => [BAN_HEADER.join(';'), ...rows].join('\n') + '\n';

async function problemsOf(f: string) {
  const err = await readTurfFile(f).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(TurfFileError);
  return (err as TurfFileError).problems;
}

describe('a BAN adresses-XX.csv file', () => {
  it("maps the BAN's columns to Qomon's address fields, as strings", async () => {
    const c = await readTurfFile(file(ban(banRow({ numero: '12', rep: 'bis', voie: 'Rue Cler', lat: '48.8570', lon: '2.3050' }))));
    expect(c.format).toBe('ban');
    expect(c.doors).toEqual([
      {
        street: 'Rue Cler',
        housenumber: '12',
        addition: 'bis',
        postalcode: '75007',
        citycode: '75107',
        city: 'Paris',
        latitude: '48.8570',
        longitude: '2.3050',
      },
    ]);
  });

  it('drops the BAN number 99999 (an address without a number)', async () => {
    const c = await readTurfFile(file(ban(banRow({ numero: '99999', voie: 'Lieu-dit les Vignes' }))));
    expect(c.doors[0]!.housenumber).toBeUndefined();
  });

  it('keeps only the communes and streets asked for, streets compared without case or accents', async () => {
    const f = file(
      ban(
        banRow({ numero: '1', voie: "Rue de l'Université" }),
        banRow({ numero: '2', voie: 'Rue Cler' }),
        banRow({ numero: '3', voie: "Rue de l'Université", insee: '75106', cp: '75006' }),
        banRow({ numero: '4', voie: 'Avenue Rapp' }),
      ),
    );
    const c = await readTurfFile(f, { citycodes: ['75107'], streets: ['RUE DE L’UNIVERSITE', 'avenue rapp'] });
    expect(c.doors.map((d) => `${d.housenumber} ${d.street}`)).toEqual(["1 Rue de l'Université", '4 Avenue Rapp']);
    expect([c.rows, c.kept]).toEqual([4, 2]);
  });

  it('says so when no row matches the filters, and imports nothing', async () => {
    const err = await readTurfFile(file(ban(banRow({ numero: '1', voie: 'Rue Cler' }))), { citycodes: ['13055'] }).catch((e: unknown) => e);
    expect(String(err)).toMatch(/no row matches the --citycode\/--street filters/);
  });

  it('names the line and the BAN column of a bad coordinate', async () => {
    const problems = await problemsOf(
      file(ban(banRow({ numero: '1', voie: 'Rue Cler' }), banRow({ numero: '3', voie: 'Rue Cler', lat: '91.5' }))),
    );
    expect(problems).toEqual([{ line: 3, column: 'lat', message: expect.stringMatching(/90/) }]);
  });

  it('refuses a file that lacks a column it needs', async () => {
    const header = BAN_HEADER.filter((h) => h !== 'lat').join(';');
    const err = await readTurfFile(file(`${header}\n`)).catch((e: unknown) => e);
    expect(String(err)).toMatch(/line 1: a BAN file needs the columns lat/);
  });

  it('reads a large file row by row, reporting progress', async () => {
    const rows: string[] = [];
    for (let i = 0; i < 60_000; i++)
      rows.push(banRow({ numero: String((i % 400) + 1), voie: `Rue ${Math.floor(i / 400)}`, insee: i % 2 ? '75107' : '75108' }));
    const progress: number[] = [];
    const c = await readTurfFile(file(ban(...rows)), { citycodes: ['75107'] }, (r) => progress.push(r));
    expect(c.rows).toBe(60_000);
    expect(c.doors).toHaveLength(30_000);
    expect(progress).toEqual([50_000]);
  });
});

describe("a CSV with Qomon's address field names", () => {
  it('reads commas, semicolons and tabs, with a byte order mark and quoted fields', async () => {
    for (const sep of [',', ';', '\t']) {
      const text = `\uFEFF${['street', 'housenumber', 'building', 'floor', 'door', 'pollingstation'].join(sep)}\n${['"Rue Cler, côté pair"', '12', 'B', '3', '31', '712'].join(sep)}\n`;
      const c = await readTurfFile(file(text));
      expect(c.format).toBe('qomon');
      expect(c.doors).toEqual([
        { street: 'Rue Cler, côté pair', housenumber: '12', building: 'B', floor: '3', door: '31', pollingstation: '712' },
      ]);
    }
  });

  it('refuses an unknown column, naming it and the allowed ones', async () => {
    const err = await readTurfFile(file('street,number\nRue Cler,1\n')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TurfFileError);
    expect((err as TurfFileError).problems[0]).toMatchObject({ line: 1, column: 'number' });
    expect(String(err)).toMatch(/unknown column "number".*housenumber/);
  });

  it('needs a street column', async () => {
    expect(await problemsOf(file('housenumber,city\n1,Paris\n'))).toEqual([
      { line: 1, column: 'street', message: 'a turf CSV needs a "street" column' },
    ]);
  });

  it('reports each bad row by line and column: empty street, a field too long, a row of the wrong length', async () => {
    const f = file(['street,housenumber,door', ',1,', `Rue Cler,${'9'.repeat(21)},`, 'Rue Cler,3', 'Rue Cler,5,A'].join('\n'));
    expect(await problemsOf(f)).toEqual([
      { line: 2, column: 'street', message: 'is empty: every door needs its street' },
      { line: 3, column: 'housenumber', message: expect.stringContaining('"999999999999999999999"') },
      { line: 4, message: 'has 2 columns, the header 3' },
    ]);
  });

  it('refuses an empty file and a file with a header only', async () => {
    expect(String(await readTurfFile(file('')).catch((e: unknown) => e))).toMatch(/line 1: the file is empty/);
    expect(String(await readTurfFile(file('street\n')).catch((e: unknown) => e))).toMatch(/no door/);
  });

  it('makes one door of the same door twice, whatever its case and accents, completing it from the second row', async () => {
    const f = file(
      ['street,housenumber,floor,latitude,longitude', 'Rue Amélie,4,2,,', 'RUE AMELIE,4,2,48.8580,2.3080', 'Rue Amélie,4,3,,'].join('\n'),
    );
    const c = await readTurfFile(f);
    expect(c.duplicates).toBe(1);
    expect(c.doors).toEqual([
      { street: 'Rue Amélie', housenumber: '4', floor: '2', latitude: '48.8580', longitude: '2.3080' },
      { street: 'Rue Amélie', housenumber: '4', floor: '3' },
    ]);
  });

  it('names the file and lists at most 20 problems, counting the rest', async () => {
    const rows = Array.from({ length: 30 }, () => ',1');
    const err = (await readTurfFile(file(['street,housenumber', ...rows].join('\n'))).catch((e: unknown) => e)) as TurfFileError;
    expect(err.problems).toHaveLength(20);
    expect(err.message).toMatch(/turf-\d+\.csv: nothing imported/);
    expect(err.message).toMatch(/… and 10 more rows/);
  });
});

describe('the example turf (config/example-turf-paris-7.csv)', () => {
  it('is a BAN file of a few hundred doors of Paris 7e, every one with coordinates', async () => {
    const c = await readTurfFile('config/example-turf-paris-7.csv');
    expect(c.format).toBe('ban');
    expect(c.doors.length).toBeGreaterThan(300);
    expect(c.doors.length).toBeLessThan(1000);
    expect(new Set(c.doors.map((d) => d.citycode))).toEqual(new Set(['75107']));
    expect(c.doors.every((d) => d.latitude && d.longitude)).toBe(true);
    expect(c.duplicates).toBe(0);
  });
});

describe('quoting', () => {
  it('reads a quoted field that runs over a line break, and counts lines as the file does', async () => {
    const f = file('street,infos\n"Rue Cler","Code 1234\nescalier B"\n,x\n');
    const err = (await readTurfFile(f).catch((e: unknown) => e)) as TurfFileError;
    expect(err.problems).toEqual([{ line: 4, column: 'street', message: 'is empty: every door needs its street' }]);
    const ok = await readTurfFile(file('street,infos\n"Rue Cler","Code 1234\nescalier B"\n'));
    expect(ok.doors).toEqual([{ street: 'Rue Cler', infos: 'Code 1234\nescalier B' }]);
  });

  it('names the line of a quoted field never closed', async () => {
    const err = await readTurfFile(file('street,infos\nRue Cler,"open\nRue Amélie,2\n')).catch((e: unknown) => e);
    expect(String(err)).toMatch(/line 2: a quoted field is never closed/);
  });
});
