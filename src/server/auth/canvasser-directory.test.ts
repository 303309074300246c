import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CanvasserDirectory, RECHECK_AFTER_MS } from './canvasser-directory';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempFile(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'doorstep-directory-'));
  dirs.push(dir);
  return path.join(dir, 'canvassers.json');
}

describe('CanvasserDirectory re-reading the file', () => {
  it('sees a change made by another process once RECHECK_AFTER_MS has passed, not on every call', async () => {
    const file = tempFile();
    let now = 1_000_000;
    const server = new CanvasserDirectory(file, () => now);
    const cli = new CanvasserDirectory(file);
    const { canvasser } = await cli.add('Jeanne Martin', 'rue-blandan-12');
    expect(server.get(canvasser.id)).toEqual(canvasser);

    cli.remove(canvasser.id);
    now += RECHECK_AFTER_MS - 1;
    expect(server.get(canvasser.id), 'still the last look at the file').toEqual(canvasser);
    now += 1;
    expect(server.get(canvasser.id)).toBeUndefined();
  });

  it('sees its own writes at once', async () => {
    const file = tempFile();
    const now = 5_000;
    const dir = new CanvasserDirectory(file, () => now);
    expect(dir.list()).toEqual([]);
    const { canvasser } = await dir.add('Paul Bert', 'paul-bert-77');
    expect(dir.get(canvasser.id)).toEqual(canvasser);
    dir.remove(canvasser.id);
    expect(dir.get(canvasser.id)).toBeUndefined();
  });

  it('looks again when the clock goes backwards', async () => {
    const file = tempFile();
    let now = 10_000;
    const server = new CanvasserDirectory(file, () => now);
    const cli = new CanvasserDirectory(file);
    expect(server.list()).toEqual([]);
    await cli.add('Lucie Aubrac', 'lucie-aubrac-3');
    now -= 5;
    expect(server.list().map((c) => c.name)).toEqual(['Lucie Aubrac']);
  });
});

describe('CanvasserDirectory.verify', () => {
  it('knows a canvasser added a moment ago by another process', async () => {
    const file = tempFile();
    const now = 42_000;
    const server = new CanvasserDirectory(file, () => now);
    expect(await server.verify('new-code-12')).toBeUndefined();
    const { canvasser } = await new CanvasserDirectory(file).add('Simone Veil', 'new-code-12');
    expect(await server.verify('NEW CODE 12')).toEqual(canvasser);
  });
});

describe('CanvasserDirectory.get', () => {
  it('finds a canvasser added a moment ago by another process, without waiting for the next look', async () => {
    const file = tempFile();
    const now = 7_000;
    const server = new CanvasserDirectory(file, () => now);
    expect(server.list()).toEqual([]);
    const { canvasser } = await new CanvasserDirectory(file).add('Germaine Tillion', 'germaine-t-1');
    expect(server.get(canvasser.id)).toEqual(canvasser);
  });
});

describe('CanvasserDirectory roles', () => {
  it('adds a canvasser by default, an organiser when asked, and changes a role', async () => {
    const dir = new CanvasserDirectory(tempFile());
    const { canvasser: jeanne } = await dir.add('Jeanne Martin', 'rue-blandan-12');
    const { canvasser: awa } = await dir.add('Awa Diallo', 'awa-orga-2026', 'organiser');
    expect(jeanne.role).toBe('canvasser');
    expect(awa.role).toBe('organiser');
    expect(await dir.verify('awa orga 2026')).toEqual(awa);
    expect(dir.setRole(jeanne.id, 'organiser')).toEqual({ ...jeanne, role: 'organiser' });
    expect(dir.get(jeanne.id)?.role).toBe('organiser');
    expect(dir.list().map((c) => c.role)).toEqual(['organiser', 'organiser']);
    expect(dir.setRole('c_00000000', 'organiser')).toBeUndefined();
  });

  it('reads a file written before roles: everyone in it is a canvasser', async () => {
    const file = tempFile();
    const dir = new CanvasserDirectory(file);
    await dir.add('Paul Bert', 'paul-bert-77', 'organiser');
    const data = JSON.parse(readFileSync(file, 'utf8')) as { canvassers: Record<string, unknown>[] };
    for (const c of data.canvassers) delete c.role;
    writeFileSync(file, JSON.stringify(data));
    expect(new CanvasserDirectory(file).list()).toEqual([expect.objectContaining({ name: 'Paul Bert', role: 'canvasser' })]);
  });
});
