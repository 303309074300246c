import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CanvasserDirectory } from '@server/auth/canvasser-directory';
import { EXAMPLE_TURF_FILE } from '@server/turfs/seed-sandbox-turf';
import { runTsx, type ChildResult } from '@test-support/child-process';
import { startTestServer, type TestServer } from '@test-support/start-test-server';
import { tempDir } from '@test-support/temp-dir';
import type { TestClient } from '@test-support/test-client';
import { TEST_SESSION_SECRET } from '@test-support/test-constants';
import { postVisit } from '@test-support/turf-fixtures';

// `npm run turfs -- …`, run as the organiser would, on the DATA_DIR and CANVASSERS_FILE of a
// running server (qomon mode, so no example turf is seeded): what the command changes, the server
// serves at its next request.

const CLI = 'src/server/cli/turfs-cli.ts';
const CODE = 'jeanne-porte-1';
let dir: string;
let env: Record<string, string>;
let ts: TestServer;
let jeanne: TestClient;
let jeanneId: string;
let turfId: string;

const cli = (...args: string[]): Promise<ChildResult> => runTsx(CLI, args, env);

beforeAll(async () => {
  dir = tempDir('doorstep-turfs-cli-');
  const canvassersFile = path.join(dir, 'canvassers.json');
  jeanneId = (await new CanvasserDirectory(canvassersFile).add('Jeanne Martin', CODE)).canvasser.id;
  const dataDir = path.join(dir, 'data');
  ts = await startTestServer({ mode: 'qomon', dataDir, env: { CANVASSERS_FILE: canvassersFile } });
  // The command reads the same environment as the server: here, the same Qomon configuration.
  env = { CANVASSERS_FILE: canvassersFile, DATA_DIR: dataDir, QOMON_API_KEY: 'qk_test', SESSION_SECRET: TEST_SESSION_SECRET };
  jeanne = ts.client();
  expect((await jeanne.signIn(CODE)).status).toBe(200);
});

afterAll(async () => {
  await ts?.cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the turfs command', () => {
  it('list says there are none yet; import stores the example file as one turf and prints its id', async () => {
    const empty = await cli('list');
    expect(empty.code, empty.stderr).toBe(0);
    expect(empty.stdout).toMatch(/No turfs yet/);
    const res = await cli('import', EXAMPLE_TURF_FILE, '--name', 'Gros-Caillou');
    expect(res.code, res.stderr).toBe(0);
    const m = /Imported (t_[0-9a-f]+)\tGros-Caillou\t(\d+) doors/.exec(res.stdout);
    expect(m, res.stdout).not.toBeNull();
    turfId = m![1]!;
    expect(Number(m![2])).toBeGreaterThan(100);
  });

  it('assign refuses an unknown canvasser and an unknown turf, with exit code 1 and a message', async () => {
    const [noCanvasser, noTurf, noId] = await Promise.all([
      cli('assign', turfId, 'c_00000000'),
      cli('assign', 't_00000000', jeanneId),
      cli('assign', turfId),
    ]);
    expect(noCanvasser.code).toBe(1);
    expect(noCanvasser.stderr).toContain('No canvasser with id c_00000000');
    expect(noTurf.code).toBe(1);
    expect(noTurf.stderr).toContain('No turf "t_00000000"');
    expect(noId.code).toBe(1);
    // Nothing was assigned.
    expect((await jeanne.request('/api/turfs')).json).toEqual({ turfs: [] });
  });

  it('assign gives the turf to the canvasser: the running server lists it at once', async () => {
    const res = await cli('assign', turfId, jeanneId);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain(`to Jeanne Martin (${jeanneId})`);
    const list = await jeanne.request('/api/turfs');
    expect(list.json.turfs).toEqual([{ id: turfId, name: 'Gros-Caillou', progress: expect.objectContaining({ visited: 0 }) }]);
  });

  it('list and show give the progress, canvassers and doors, with the visits recorded through the server', async () => {
    const visit = await postVisit(jeanne, turfId, { door: '1', outcome: 'refus', at: '2026-12-03T09:00:00Z' });
    expect(visit.status, visit.text).toBe(202);
    const [list, show, byName] = await Promise.all([cli('list'), cli('show', turfId), cli('show', 'Gros-Caillou')]);
    expect(list.code, list.stderr).toBe(0);
    const row = list.stdout
      .split('\n')
      .find((l) => l.startsWith(turfId))!
      .split('\t');
    expect(row[1]).toBe('Gros-Caillou');
    expect(Number(row[2])).toBeGreaterThan(100);
    expect(row[3]).toMatch(/^1 visited \(0%\)$/);
    expect(row[4]).toBe(`Jeanne Martin (${jeanneId})`);

    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toMatch(/progress\t1\/\d+ visited \(0%\): 0 done, 0 absent, 1 refused, \d+ to do/);
    expect(show.stdout).toContain(`canvassers\tJeanne Martin (${jeanneId})`);
    expect(show.stdout).toMatch(/\n {2}1\t[^\n]*Rue[^\n]*\trefused\trefus at 2026-12-03T09:00:00Z/);
    expect(show.stdout).toMatch(/\n {2}0\t[^\n]*\ttodo/);
    expect(byName.stdout).toBe(show.stdout);
  });

  it('unassign takes it back (the server answers 404), and says so when it was not assigned', async () => {
    const res = await cli('unassign', turfId, jeanneId);
    expect(res.code, res.stderr).toBe(0);
    expect((await jeanne.request(`/api/turfs/${turfId}`)).status).toBe(404);
    const again = await cli('unassign', turfId, jeanneId);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/not assigned/);
  });

  it('remove deletes the turf and its visits; an unknown command prints the usage', async () => {
    const res = await cli('remove', turfId);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/Removed Gros-Caillou \(t_[0-9a-f]+\): \d+ doors, 1 visits/);
    const [list, removeAgain, unknown] = await Promise.all([cli('list'), cli('remove', turfId), cli('rename', turfId)]);
    expect(list.stdout).toMatch(/No turfs yet/);
    expect(removeAgain.code).toBe(1);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Usage/);
    expect(unknown.stderr).toMatch(/assign TURF CANVASSER_ID/);
  });
});
