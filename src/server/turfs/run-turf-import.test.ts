import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DoorAddress } from '@shared/turf-schema';
import type { TurfRecord, TurfStore } from '@server/stores/turf-store';
import { tempDir } from '@test-support/temp-dir';
import { parseTurfImportArgs, runTurfImport } from './run-turf-import';

/** Records what the import stores; the stores themselves have their own contract tests. */
function recordingStore() {
  const created: { name: string; doors: readonly DoorAddress[] }[] = [];
  const store = {
    async createTurf(name: string, doors: readonly DoorAddress[]): Promise<TurfRecord> {
      created.push({ name, doors });
      const progress = { doors: doors.length, visited: 0, byState: { todo: doors.length, absent: 0, done: 0, refused: 0 } };
      return { id: String(created.length), name, canvassers: [], progress, createdAt: new Date(0).toISOString() };
    },
  } as Pick<TurfStore, 'createTurf'> as TurfStore;
  return { store, created };
}

const dir = tempDir('doorstep-turf-import-');
function file(text: string): string {
  const f = path.join(dir, `t${Math.random().toString(36).slice(2)}.csv`);
  writeFileSync(f, text);
  return f;
}

describe('the import command line', () => {
  it('reads the file, the name, the split and the repeated filters', () => {
    expect(
      parseTurfImportArgs([
        'a.csv',
        '--name',
        'Gros-Caillou',
        '--split',
        'doors:40',
        '--citycode',
        '75107',
        '--street',
        'Rue Cler',
        '--street',
        'Avenue Rapp',
      ]),
    ).toEqual({
      file: 'a.csv',
      name: 'Gros-Caillou',
      split: { doors: 40 },
      citycodes: ['75107'],
      streets: ['Rue Cler', 'Avenue Rapp'],
    });
  });

  it('refuses a missing name or file, an option without a value and an unknown option', () => {
    expect(() => parseTurfImportArgs(['a.csv'])).toThrow(/import needs --name/);
    expect(() => parseTurfImportArgs(['--name', 'X'])).toThrow(/import takes one file/);
    expect(() => parseTurfImportArgs(['a.csv', '--name'])).toThrow(/--name needs a value/);
    expect(() => parseTurfImportArgs(['a.csv', '--name', 'X', '--city', '1'])).toThrow(/unknown option --city/);
  });
});

describe('an import', () => {
  it('stores each planned turf, in walking order, and says what it read', async () => {
    const { store, created } = recordingStore();
    const log: string[] = [];
    const f = file('street,housenumber\nRue Cler,2\nRue Cler,1\nAvenue Rapp,1\nRue Cler,1\n');
    const turfs = await runTurfImport({ file: f, name: '7e', split: 'street' }, store, (l) => log.push(l));
    expect(turfs.map((t) => [t.name, t.progress.doors])).toEqual([
      ['7e — Avenue Rapp', 1],
      ['7e — Rue Cler', 2],
    ]);
    expect(created[1]!.doors.map((d) => d.housenumber)).toEqual(['1', '2']);
    expect(log).toEqual([`${f}: turf CSV, 4 rows, 1 duplicate rows merged: 3 doors in 2 turfs`]);
  });

  it('stores nothing of a file with one bad row', async () => {
    const { store, created } = recordingStore();
    const err = await runTurfImport({ file: file('street,latitude\nRue Cler,48.85\nRue Cler,north\n'), name: 'X' }, store, () => {}).catch(
      (e: unknown) => e,
    );
    expect(String(err)).toMatch(/line 3, column latitude/);
    expect(created).toEqual([]);
  });
});
