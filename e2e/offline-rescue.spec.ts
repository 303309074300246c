import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { sandboxContacts, uniqueName } from './contact-helpers';
import { expect, signIn, test } from './fixtures';
import { field, outboxCounts, outboxKeys, queueContact, readyForOffline, waitForOutboxEmpty } from './offline-helpers';

// The rescue: every unsent contact (and draft) exported as a file, and sent by the server's
// replay command through the same validation and idempotency as the app.

const run = promisify(execFile);

async function replay(file: string, baseURL: string) {
  return run('node_modules/.bin/tsx', ['src/server/cli/replay-cli.ts', file, '--server', baseURL, '--code', 'e2e-demo-code'], {
    env: { ...process.env, DATA_DIR: process.env.DOORSTEP_E2E_DATA_DIR ?? '', LOG_LEVEL: 'warn' },
  });
}

test('export the unsent contacts, replay the file with the server command: delivered once, and a second replay adds nothing', async ({
  page,
  context,
  baseURL,
}, testInfo) => {
  const surname = uniqueName(testInfo);
  await signIn(page);
  await readyForOffline(page);
  await context.setOffline(true);
  await queueContact(page, `${surname}-1`, { Street: 'rue Chevreul' });
  await queueContact(page, `${surname}-2`);
  await field(page, 'Surname').fill(`${surname}-draft`);
  const keys = await outboxKeys(page);
  await expect(outboxCounts(page)).toContainText('2 waiting');

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export unsent' }).click();
  const file = testInfo.outputPath('rescue.json');
  const saved = await download;
  expect(saved.suggestedFilename()).toMatch(/^doorstep-unsent-\d{8}-\d{4}\.json$/);
  await saved.saveAs(file);
  const rescue = JSON.parse(readFileSync(file, 'utf8')) as {
    format: string;
    outbox: { key: string; body: { data: { surname: string } }; state: string }[];
    drafts: { values: { surname: string } }[];
  };
  expect(rescue.format).toBe('doorstep-rescue');
  expect(rescue.outbox.map((i) => i.key)).toEqual(keys);
  expect(rescue.outbox.map((i) => i.body.data.surname)).toEqual([`${surname}-1`, `${surname}-2`]);
  expect(rescue.drafts.map((d) => d.values.surname)).toEqual([`${surname}-draft`]);

  const first = await replay(file, baseURL!);
  expect(first.stdout).toContain('2 sent, 0 already sent before, 0 not sent');
  expect(first.stdout).toContain('1 drafts in the file were not sent');
  for (const key of keys) expect(await sandboxContacts(page.request, key)).toHaveLength(1);

  const second = await replay(file, baseURL!);
  expect(second.stdout).toContain('0 sent, 2 already sent before, 0 not sent');
  for (const key of keys) expect(await sandboxContacts(page.request, key)).toHaveLength(1);

  // The tablet comes back online: its outbox is answered from the server's record, nothing twice.
  await context.setOffline(false);
  await waitForOutboxEmpty(page);
  for (const key of keys) expect(await sandboxContacts(page.request, key)).toHaveLength(1);
});
