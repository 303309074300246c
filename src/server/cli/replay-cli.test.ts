import { writeFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESCUE_FORMAT } from '@shared/rescue-file-schema';
import { runTsx } from '@test-support/child-process';
import { sampleContact } from '@test-support/sample-contact';
import { startTestServer, type TestServer } from '@test-support/start-test-server';
import { tempDir } from '@test-support/temp-dir';
import { DEMO_CODE } from '@test-support/test-constants';

// `npm run replay -- FILE`: a rescue file exported from a tablet goes through the running server's
// validation, campaign check and idempotency, so replaying it twice delivers each contact once.

const CLI = 'src/server/cli/replay-cli.ts';
let server: TestServer;
let dir: string;

beforeAll(async () => {
  server = await startTestServer();
  dir = tempDir('doorstep-replay-');
});
afterAll(async () => {
  await server.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

function rescueFile(name: string, outbox: { key: string; body: unknown }[]): string {
  const file = path.join(dir, name);
  writeFileSync(
    file,
    JSON.stringify({
      format: RESCUE_FORMAT,
      version: 1,
      exportedAt: new Date().toISOString(),
      outbox: outbox.map((o, i) => ({ ...o, createdAt: 1_700_000_000_000 + i, state: 'pending' })),
      drafts: [
        { id: 'd1', values: { firstname: 'Unfinished' }, formVersion: 1, updatedAt: 1 },
        { id: 'd2', values: { firstname: 'Fix' }, formVersion: 1, updatedAt: 2, fixing: outbox[0]?.key ?? crypto.randomUUID() },
      ],
    }),
  );
  return file;
}

const replay = (file: string, ...args: string[]) =>
  runTsx(CLI, [file, '--server', server.url, '--code', DEMO_CODE, ...args], { DATA_DIR: server.dataDir, DEMO_ACCESS_CODE: DEMO_CODE });

async function sandboxCount(key: string): Promise<number> {
  // The sandbox's listing needs a session.
  const viewer = server.client();
  expect((await viewer.signIn()).status).toBe(200);
  const res = await viewer.request(`/sandbox/contacts?key=${key}`);
  expect(res.status).toBe(200);
  return (res.json as { contacts: unknown[] }).contacts.length;
}

describe('npm run replay', () => {
  it('delivers every contact of the file under its own key; a second replay adds nothing', async () => {
    const items = [0, 1, 2].map((i) => {
      const body = sampleContact();
      body.data.firstname = `Replay${i}`;
      return { key: crypto.randomUUID(), body };
    });
    const file = rescueFile('three.json', items);

    const first = await replay(file);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('3 contacts in');
    expect(first.stdout).toContain('3 sent, 0 already sent before, 0 not sent');
    expect(first.stdout).toContain('2 drafts in the file were not sent');
    // Its contact went through on this replay: the fix cannot take its key any more.
    expect(first.stdout).toContain(`draft d2 fixes contact ${items[0]!.key}, which was accepted now: finished, send it as a new contact`);
    for (const { key } of items) expect(await sandboxCount(key)).toBe(1);

    const second = await replay(file);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain('0 sent, 3 already sent before, 0 not sent');
    for (const { key } of items) expect(await sandboxCount(key)).toBe(1);
  });

  it('reports a contact the server refuses, with its field, and exits non-zero; the rest still goes', async () => {
    const good = { key: crypto.randomUUID(), body: sampleContact() };
    const bad = { key: crypto.randomUUID(), body: { kind: 'contact', data: { firstname: 'Bad', mail: 'not-an-email' } } };
    const res = await replay(rescueFile('mixed.json', [bad, good]));
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(bad.key);
    expect(res.stderr).toContain('422');
    expect(res.stderr).toContain('body.data.mail');
    expect(res.stdout).toContain('1 sent, 0 already sent before, 1 not sent');
    // The refused contact is the one the file's fix draft fixes: that fix goes under its key.
    expect(res.stdout).toContain(`draft d2 fixes contact ${bad.key}, which was not sent: finished, send it under that contact's key`);
    expect(await sandboxCount(good.key)).toBe(1);
    expect(await sandboxCount(bad.key)).toBe(0);
  });

  it('refuses a file that is not a rescue file, and a wrong access code, with a clear message', async () => {
    const notRescue = path.join(dir, 'other.json');
    writeFileSync(notRescue, JSON.stringify({ hello: 'world' }));
    const res = await replay(notRescue);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/is not a Doorstep rescue file/);

    const wrongCode = await runTsx(CLI, [rescueFile('one.json', []), '--server', server.url, '--code', 'wrong-code-1'], {
      DATA_DIR: server.dataDir,
      DEMO_ACCESS_CODE: DEMO_CODE,
    });
    expect(wrongCode.code).toBe(1);
    expect(wrongCode.stderr).toMatch(/sign-in refused .*401/);
  });
});
