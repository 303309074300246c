import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTsx, type ChildResult } from '@test-support/child-process';
import { sampleContact } from '@test-support/sample-contact';
import { startTestServer } from '@test-support/start-test-server';
import { tempDir } from '@test-support/temp-dir';
import { RECHECK_AFTER_MS } from '@server/auth/canvasser-directory';

// `npm run canvassers -- add "Name" [--code CODE] [--role ROLE] | list | role ID ROLE | remove ID`, run as the organiser
// would, on the same CANVASSERS_FILE as a running server.

const CLI = 'src/server/cli/canvassers-cli.ts';
let dir: string;
let canvassersFile: string;
let env: Record<string, string>;

const cli = (...args: string[]): Promise<ChildResult> => runTsx(CLI, args, env);

function printedCode(res: ChildResult): string {
  const m = /Access code: (\S+)/.exec(res.stdout);
  expect(m, res.stdout + res.stderr).not.toBeNull();
  return m![1]!;
}
function printedId(res: ChildResult): string {
  const m = /\((c_[0-9a-f]+)\)/.exec(res.stdout);
  expect(m, res.stdout + res.stderr).not.toBeNull();
  return m![1]!;
}

beforeAll(() => {
  dir = tempDir('doorstep-cli-');
  canvassersFile = path.join(dir, 'team', 'canvassers.json');
  env = { CANVASSERS_FILE: canvassersFile, DATA_DIR: path.join(dir, 'data') };
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the canvassers command', () => {
  let jeanne: { id: string; code: string };
  let paul: { id: string; code: string };

  it('add "Jeanne Martin" prints a generated access code; the file keeps only a hash', async () => {
    const res = await cli('add', 'Jeanne Martin');
    expect(res.code, res.stderr).toBe(0);
    jeanne = { id: printedId(res), code: printedCode(res) };
    expect(res.stdout).toContain('Jeanne Martin');
    expect(jeanne.code.replace(/-/g, '').length).toBeGreaterThanOrEqual(6);
    const file = readFileSync(canvassersFile, 'utf8');
    const data = JSON.parse(file) as { canvassers: { id: string; name: string; codeHash: string }[] };
    expect(data.canvassers).toEqual([expect.objectContaining({ id: jeanne.id, name: 'Jeanne Martin', codeHash: expect.any(String) })]);
    expect(file).not.toContain(jeanne.code);
    expect(file).not.toContain(jeanne.code.replace(/-/g, ''));
  });

  it('add --code uses the given code', async () => {
    const res = await cli('add', 'Paul', 'Durand', '--code', 'velo-rouge-42');
    expect(res.code, res.stderr).toBe(0);
    paul = { id: printedId(res), code: printedCode(res) };
    expect(paul.code).toBe('velo-rouge-42');
    expect(readFileSync(canvassersFile, 'utf8')).not.toContain('velo-rouge-42');
  });

  it('list shows each id, role and name', async () => {
    const res = await cli('list');
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain(`${jeanne.id}\tcanvasser\tJeanne Martin`);
    expect(res.stdout).toContain(`${paul.id}\tcanvasser\tPaul Durand`);
    expect(res.stdout).not.toContain(paul.code);
  });

  it('the printed codes sign in on a server reading the same file; remove ID stops that canvasser', async () => {
    const ts = await startTestServer({ env: { CANVASSERS_FILE: canvassersFile } });
    try {
      const j = ts.client();
      const signedIn = await j.signIn(jeanne.code);
      expect(signedIn.status, signedIn.text).toBe(200);
      expect(signedIn.json.canvasser).toEqual({ id: jeanne.id, name: 'Jeanne Martin', role: 'canvasser' });
      const p = ts.client();
      expect((await p.signIn('VELO ROUGE 42')).json.canvasser).toEqual({ id: paul.id, name: 'Paul Durand', role: 'canvasser' });

      const removed = await cli('remove', jeanne.id);
      expect(removed.code, removed.stderr).toBe(0);
      expect(removed.stdout).toContain('Jeanne Martin');
      // The server looks at the file at most once a second (RECHECK_AFTER_MS).
      await expect.poll(async () => (await j.request('/api/session')).status, { timeout: 3 * RECHECK_AFTER_MS }).toBe(401);
      expect((await j.postContact(sampleContact())).status).toBe(401);
      expect((await ts.client().signIn(jeanne.code)).status).toBe(401);
      // The other canvasser is untouched.
      expect((await p.request('/api/session')).status).toBe(200);
    } finally {
      await ts.cleanup();
    }
    const list = await cli('list');
    expect(list.stdout).not.toContain(jeanne.id);
    expect(list.stdout).toContain(paul.id);
  });

  it('add --role organiser makes an organiser; role ID changes it; a file without roles reads as canvassers', async () => {
    const res = await cli('add', 'Awa', 'Diallo', '--role', 'organiser', '--code', 'tq7v-mw9x-42hd');
    expect(res.code, res.stderr).toBe(0);
    const awa = printedId(res);
    expect(res.stdout).toContain('organiser');
    expect((await cli('list')).stdout).toContain(`${awa}\torganiser\tAwa Diallo`);
    const demoted = await cli('role', awa, 'canvasser');
    expect(demoted.code, demoted.stderr).toBe(0);
    expect((await cli('list')).stdout).toContain(`${awa}\tcanvasser\tAwa Diallo`);
    const bad = await Promise.all([cli('role', awa, 'admin'), cli('role', 'c_00000000', 'organiser'), cli('add', 'X', '--role', 'boss')]);
    for (const r of bad) expect(r.code, r.stdout).not.toBe(0);
    expect((await cli('remove', awa)).code).toBe(0);

    // A file written before roles: every canvasser in it reads as a canvasser.
    const old = path.join(dir, 'old.json');
    const data = JSON.parse(readFileSync(canvassersFile, 'utf8')) as { canvassers: Record<string, unknown>[] };
    for (const c of data.canvassers) delete c.role;
    writeFileSync(old, JSON.stringify(data));
    const listed = await runTsx(CLI, ['list'], { ...env, CANVASSERS_FILE: old });
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain(`${paul.id}\tcanvasser\tPaul Durand`);
  });

  it('add --code refuses a code that is short or easy to guess, saying why, and adds no one', async () => {
    const refused = await Promise.all(
      ['k4rim-2026', 'jeanne-martin', '1234567890', 'aaaa-bbbb-77', 'rue-1234-blandan', 'azerty-2026-x', 'abab-abab-12'].map((code) =>
        cli('add', 'Karim Benali', '--code', code),
      ),
    );
    for (const r of refused) {
      expect(r.code, r.stdout).not.toBe(0);
      expect(r.stderr).toMatch(/access code/i);
      expect(r.stderr).toMatch(/--code/);
    }
    const data = JSON.parse(readFileSync(canvassersFile, 'utf8')) as { canvassers: { name: string }[] };
    expect(data.canvassers.map((c) => c.name)).not.toContain('Karim Benali');
  });

  it('fails with a message on mistakes, and with the usage on an unknown command', async () => {
    const [unknown, missingId, noSuchId, noName, shortCode, sameCode] = await Promise.all([
      cli('promote', 'Jeanne'),
      cli('remove'),
      cli('remove', 'c_00000000'),
      cli('add'),
      cli('add', 'Zoé', '--code', 'abc'),
      cli('add', 'Zoé', '--code', 'velo-rouge-42'),
    ]);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/Usage/);
    expect(unknown.stderr).toMatch(/add "Name"/);
    for (const r of [missingId, noSuchId, noName, shortCode, sameCode]) {
      expect(r.code, r.stdout).not.toBe(0);
      expect(r.stderr.trim().length).toBeGreaterThan(0);
    }
    expect(noSuchId.stderr).toContain('c_00000000');
    expect(sameCode.stderr).toMatch(/already/i);
    // None of the failed adds changed the file.
    const data = JSON.parse(readFileSync(canvassersFile, 'utf8')) as { canvassers: unknown[] };
    expect(data.canvassers).toHaveLength(1);
  });
});
