import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures';
import { sandboxContacts, uniqueName } from './contact-helpers';
import { field, outboxCounts, queueContact, readyForOffline, storedDrafts, storedOutbox } from './offline-helpers';

// One tablet handed from one canvasser to the next. Anne queues a contact with no network and
// leaves a draft, signs out keeping it; Bruno signs in on the same browser: he sees that someone
// else's work waits (a count), not what it says, and cannot open it; online again, Anne's contact
// goes from Bruno's session, once, recorded under Anne. Anne signs in again and finds her draft.

const CANVASSERS = [
  ['Anne Tablette (e2e)', 'e2e-tablet-anne'],
  ['Bruno Tablette (e2e)', 'e2e-tablet-bruno'],
] as const;

/** The two canvassers, added to the server's canvassers file (it reads the file again when it
 * changes). Not the demo canvasser: the other specs' contacts are the demo's. */
async function tabletCanvassers(): Promise<[string, string]> {
  const dataDir = process.env.DOORSTEP_E2E_DATA_DIR;
  if (!dataDir) throw new Error('DOORSTEP_E2E_DATA_DIR is not set: run through playwright.config.ts');
  const { CanvasserDirectory } = await import('@server/auth/canvasser-directory');
  const directory = new CanvasserDirectory(path.join(dataDir, 'canvassers.json'));
  for (const [name, code] of CANVASSERS) {
    if (!directory.list().some((c) => c.name === name)) await directory.add(name, code);
  }
  return [CANVASSERS[0][1], CANVASSERS[1][1]];
}

async function signInAs(page: import('@playwright/test').Page, code: string) {
  await page.getByLabel('Access code').fill(code);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}

test('a shared tablet: the next canvasser sees a count, not the content; it is delivered once, under its author', async ({
  page,
  context,
}, testInfo) => {
  test.setTimeout(90_000);
  const [anne, bruno] = await tabletCanvassers();
  const sent = uniqueName(testInfo, 'Anne-sent');
  const drafted = uniqueName(testInfo, 'Anne-draft');

  await page.goto('/');
  await signInAs(page, anne);
  await readyForOffline(page);
  await context.setOffline(true);
  await queueContact(page, sent);
  await field(page, 'Surname').fill(drafted);
  await expect.poll(async () => (await storedDrafts(page)).map((d) => d.values.surname)).toContain(drafted);
  const [queued] = await storedOutbox(page);
  expect(queued).toMatchObject({ author: expect.any(String), authorToken: expect.any(String) });

  // The network is back for signing in and out, not yet for contacts: Anne's stays queued. The
  // context's route sees the requests that pass through the service worker too.
  await context.route('**/api/contacts', (route) => route.abort('internetdisconnected'));
  await context.setOffline(false);
  await page.getByRole('button', { name: 'Sign out' }).click();
  const question = page.getByRole('alertdialog', { name: 'Sign out: what you leave on this device' });
  await expect(question).toContainText('1 contact is not sent yet. It stays on this device and is sent under your name');
  await expect(question).toContainText('1 draft (a contact not finished) stays here for you');
  await expect(question.getByRole('button', { name: 'Stay signed in' })).toBeFocused();
  expect((await new AxeBuilder({ page }).include('dialog[open]').analyze()).violations).toEqual([]);
  // By keyboard: the second choice keeps the drafts.
  await page.keyboard.press('Tab');
  await expect(question.getByRole('button', { name: 'Sign out, keep my drafts here' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Access code')).toBeVisible();

  await signInAs(page, bruno);
  await expect(page.getByTestId('outbox-bar-others')).toHaveText('1 contact of another canvasser is waiting to be sent from this device');
  await expect(page.getByTestId('drafts-others')).toHaveText('1 draft of another canvasser is kept on this device for them');
  await expect(outboxCounts(page)).toContainText('Nothing waiting');
  await expect(field(page, 'Surname')).toHaveValue('');
  // Neither Anne's names nor a way to her draft.
  await expect(page.locator('body')).not.toContainText(sent);
  await expect(page.locator('body')).not.toContainText(drafted);
  await expect(page.getByRole('button', { name: /^Resume/ })).toHaveCount(0);

  // Online: Anne's contact goes, from Bruno's session.
  await context.setOffline(true);
  await context.unroute('**/api/contacts');
  await context.setOffline(false);
  await expect(page.getByTestId('outbox-bar-others')).toBeHidden({ timeout: 15_000 });
  const received = await sandboxContacts(page.request, queued!.key);
  expect(received).toHaveLength(1);
  expect(JSON.stringify(received[0]!.body)).toContain(sent);
  // Her draft stays for her.
  await expect(page.getByTestId('drafts-others')).toBeVisible();

  // Bruno has nothing of his own: no question at sign-out.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByLabel('Access code')).toBeVisible();
  await signInAs(page, anne);
  await expect(field(page, 'Surname')).toHaveValue(drafted);
  // Recorded under Anne: her own session sending that key again gets the stored answer, and the
  // sandbox nothing more (under Bruno's scope it would have been forwarded a second time).
  const again = await page.request.post('/api/contacts', { data: queued!.body, headers: { 'Idempotency-Key': queued!.key } });
  expect(again.status(), await again.text()).toBe(202);
  expect(again.headers()['idempotent-replayed']).toBe('true');
  expect(await sandboxContacts(page.request, queued!.key)).toHaveLength(1);
});
