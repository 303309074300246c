import type { Page, Request, TestInfo } from '@playwright/test';
import { sandboxContacts, uniqueName } from './contact-helpers';
import { DEMO_ACCESS_CODE, expect, signIn, test } from './fixtures';
import {
  field,
  outboxCounts,
  outboxKeys,
  putReceipts,
  queueContact,
  refuseNextContact,
  storedDrafts,
  storedOutbox,
  storedReceipts,
  waitForNeedsFixing,
} from './offline-helpers';

// A fix interrupted by a reload, two tabs opening the same draft, old receipts, and discarding a
// contact that needs fixing.

const OPT_OUT = [{ location: 'body.data.mail', message: 'This address is on the campaign’s opt-out list' }];

const isContactPost = (r: Request) => r.method() === 'POST' && r.url().endsWith('/api/contacts');

/** A contact queued with Send and refused by the server: it needs fixing. Returns its key. */
async function refusedContact(page: Page, surname: string, mail: string): Promise<string> {
  await refuseNextContact(page.context(), OPT_OUT);
  await queueContact(page, surname, { Email: mail });
  const [key] = await outboxKeys(page);
  await waitForNeedsFixing(page, 1, '1 needs fixing');
  return key!;
}

const outboxView = (page: Page) => page.getByRole('dialog', { name: 'Not sent yet' });

async function openFix(page: Page, surname: string): Promise<void> {
  await page.getByRole('button', { name: 'Details' }).click();
  await outboxView(page)
    .getByRole('listitem', { name: new RegExp(surname) })
    .getByRole('button', { name: /^Fix/ })
    .click();
  await expect(outboxView(page)).toBeHidden();
}

/** Types the corrected address into the fix, and waits until its draft has it (and says which
 * contact it fixes), so that the reload that follows is the only thing under test. */
async function typeFix(page: Page, key: string, mail: string): Promise<void> {
  await field(page, 'Email').fill(mail);
  await expect.poll(async () => (await storedDrafts(page)).find((d) => d.fixing === key)?.values.mail).toBe(mail);
}

/** Signed in, a contact refused by the server, its fix opened and the corrected address typed. */
async function fixBegun(page: Page, testInfo: TestInfo): Promise<{ surname: string; fixed: string; key: string }> {
  const surname = uniqueName(testInfo);
  const fixed = `${surname.toLowerCase()}@example.org`;
  await signIn(page);
  const key = await refusedContact(page, surname, `${surname.toLowerCase()}@blocked.example.org`);
  await openFix(page, surname);
  await typeFix(page, key, fixed);
  return { surname, fixed, key };
}

test('a fix interrupted by a reload is sent in place of the refused contact, under its key', async ({ page }, testInfo) => {
  const { surname, fixed, key } = await fixBegun(page, testInfo);

  await page.reload();
  await expect(field(page, 'Email')).toHaveValue(fixed);
  await expect(field(page, 'Surname')).toHaveValue(surname);
  await expect(outboxCounts(page)).toContainText('1 needs fixing');
  const posted = page.waitForRequest(isContactPost);
  await page.getByRole('button', { name: 'Send contact' }).click();
  expect((await posted).headers()['idempotency-key']).toBe(key);
  // Its answer, however long the machine takes; then the form shows it.
  await (await posted).response();
  await expect(page.getByRole('heading', { name: 'Contact sent' })).toBeVisible();
  await expect(outboxCounts(page)).toContainText('Nothing waiting');
  // One contact, the fixed one; no copy left in the outbox, no draft left behind.
  expect(await storedOutbox(page)).toEqual([]);
  expect(await storedDrafts(page)).toEqual([]);
  const received = await sandboxContacts(page.request, key);
  expect(received.map((c) => (c.body as { data: { mail?: string } }).data.mail)).toEqual([fixed]);
});

test('a fix whose refused contact was discarded meanwhile goes as a new contact, under a new key', async ({ page }, testInfo) => {
  const { surname, fixed, key } = await fixBegun(page, testInfo);
  await page.reload();
  await expect(field(page, 'Email')).toHaveValue(fixed);

  await page.getByRole('button', { name: 'Details' }).click();
  await outboxView(page)
    .getByRole('button', { name: `Discard: ${surname}` })
    .click();
  await page.getByRole('alertdialog', { name: 'Discard this contact?' }).getByRole('button', { name: 'Discard it' }).click();
  await expect(outboxView(page)).toContainText('Nothing left to send.');
  await outboxView(page).getByRole('button', { name: 'Close' }).click();

  const posted = page.waitForRequest(isContactPost);
  await page.getByRole('button', { name: 'Send contact' }).click();
  const newKey = (await posted).headers()['idempotency-key']!;
  expect(newKey).not.toBe(key);
  await (await posted).response();
  await expect(page.getByRole('heading', { name: 'Contact sent' })).toBeVisible();
  await expect(outboxCounts(page)).toContainText('Nothing waiting');
  expect(await sandboxContacts(page.request, key)).toEqual([]);
  const received = await sandboxContacts(page.request, newKey);
  expect(received.map((c) => (c.body as { data: { mail?: string } }).data.mail)).toEqual([fixed]);
});

test('two tabs opened at once: one resumes the draft, the other starts a new contact and shows it open elsewhere', async ({
  page,
  context,
}, testInfo) => {
  const surname = uniqueName(testInfo);
  await signIn(page);
  await field(page, 'Surname').fill(surname);
  await expect.poll(async () => (await storedDrafts(page)).map((d) => d.values.surname)).toEqual([surname]);
  await page.close();

  const tabs = [await context.newPage(), await context.newPage()];
  await Promise.all(tabs.map((tab) => tab.goto('/')));
  for (const tab of tabs) await expect(tab.getByRole('button', { name: 'Sign out' })).toBeVisible();
  // Exactly one of them has the draft in its form.
  await expect
    .poll(async () => Promise.all(tabs.map((tab) => field(tab, 'Surname').inputValue())))
    .toEqual(expect.arrayContaining([surname, '']));
  const [holder, other] = (await field(tabs[0]!, 'Surname').inputValue()) === surname ? tabs : [tabs[1]!, tabs[0]!];

  const drafts = other!.getByRole('region', { name: 'Another contact in progress' });
  await expect(drafts).toContainText(surname);
  await expect(drafts).toContainText('Open in another tab');
  await expect(drafts.getByRole('button')).toHaveCount(0);
  await expect(field(other!, 'Surname')).toHaveValue('');
  // What the other tab types is a draft of its own: neither overwrites the other.
  await field(other!, 'Surname').fill(`${surname}-b`);
  await field(holder!, 'Street').fill('rue Garibaldi');
  await expect
    .poll(async () => (await storedDrafts(holder!)).map((d) => `${d.values.surname}|${d.values.address?.street ?? ''}`).sort())
    .toEqual([`${surname}-b|`, `${surname}|rue Garibaldi`]);
  // The holder puts it aside (and then claims its new contact): the other tab may resume it now.
  await holder!.getByRole('button', { name: 'Start a new contact' }).click();
  await drafts.getByRole('button', { name: `Resume: ${surname} · rue Garibaldi` }).click();
  await expect(field(other!, 'Surname')).toHaveValue(surname);
  await expect(field(other!, 'Street')).toHaveValue('rue Garibaldi');
  // Now the holder lists it as open in the other tab.
  const holderDrafts = holder!.getByRole('region', { name: /other contacts? in progress/ });
  await expect(holderDrafts.getByRole('listitem').filter({ hasText: `${surname} · rue Garibaldi` })).toContainText('Open in another tab');
  // Closing that tab lets go of it.
  await other!.close();
  await expect(holderDrafts.getByRole('button', { name: `Resume: ${surname} · rue Garibaldi` })).toBeVisible();
});

test('receipts older than 30 days are deleted when the app starts; newer ones stay', async ({ page }, testInfo) => {
  const name = uniqueName(testInfo);
  await signIn(page);
  await expect(outboxCounts(page)).toContainText('Nothing waiting');
  const day = 24 * 60 * 60 * 1000;
  const now = Date.now();
  await putReceipts(page, [
    { key: `${name}-old`, queuedAt: now - 41 * day, sentAt: now - 40 * day },
    { key: `${name}-recent`, queuedAt: now - 3 * day, sentAt: now - 2 * day },
  ]);

  await page.reload();
  const recent = await page.evaluate(
    (at) => new Intl.DateTimeFormat('en', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }).format(at),
    now - 2 * day,
  );
  await expect(outboxCounts(page)).toContainText(`last sent ${recent}`);
  await expect.poll(async () => (await storedReceipts(page)).map((r) => r.key)).toEqual([`${name}-recent`]);
});

test('a contact that needs fixing can be discarded, after a warning, with undo', async ({ page }, testInfo) => {
  const surname = uniqueName(testInfo);
  await signIn(page);
  const key = await refusedContact(page, surname, `${surname.toLowerCase()}@blocked.example.org`);
  await page.getByRole('button', { name: 'Details' }).click();
  const view = outboxView(page);
  const discard = view.getByRole('button', { name: `Discard: ${surname}` });
  const warning = page.getByRole('alertdialog', { name: 'Discard this contact?' });

  // The safe choice has the focus: Enter keeps the contact.
  await discard.click();
  await expect(warning).toContainText(`“${surname}” will not be sent, and is deleted from this device.`);
  await expect(warning.getByRole('button', { name: 'Keep it' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(warning).toBeHidden();
  await expect(view).toBeVisible();
  expect(await outboxKeys(page)).toEqual([key]);

  await discard.click();
  await warning.getByRole('button', { name: 'Discard it' }).click();
  await expect(view).toContainText('Nothing left to send.');
  await expect(outboxCounts(page)).toContainText('Nothing waiting');
  expect(await outboxKeys(page)).toEqual([]);
  const toast = view.getByRole('status').filter({ hasText: 'Contact discarded' });
  await expect(toast).toContainText(surname);
  await expect(toast.getByRole('button', { name: 'Undo' })).toBeFocused();
  await toast.getByRole('button', { name: 'Undo' }).click();
  await expect(view.getByRole('listitem', { name: new RegExp(surname) })).toContainText('Needs fixing');
  await expect(outboxCounts(page)).toContainText('1 needs fixing');
  expect((await storedOutbox(page)).map((i) => [i.key, i.state])).toEqual([[key, 'needs-attention']]);

  // Discarded for good: gone after a reload too, and never sent.
  await discard.click();
  await warning.getByRole('button', { name: 'Discard it' }).click();
  await expect(view).toContainText('Nothing left to send.');
  await view.getByRole('button', { name: 'Close' }).click();
  await page.reload();
  await expect(outboxCounts(page)).toContainText('Nothing waiting');
  expect(await outboxKeys(page)).toEqual([]);
  expect(await sandboxContacts(page.request, key)).toEqual([]);
});

test.describe('in French', () => {
  test.use({ uiLanguage: 'fr' });

  test('the warning before discarding a contact that needs fixing, and its undo', async ({ page }, testInfo) => {
    const surname = uniqueName(testInfo);
    await page.goto('/');
    await page.getByLabel('Code d’accès').fill(DEMO_ACCESS_CODE);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await refuseNextContact(page.context(), OPT_OUT);
    await field(page, 'Nom').fill(surname);
    await page.getByRole('button', { name: 'Envoyer le contact' }).click();
    // French puts a no-break space before colons and question marks, and inside « »: matched as \s.
    await waitForNeedsFixing(page, 1, /1\sà corriger/);
    await page.getByRole('button', { name: 'Détails' }).click();
    await page.getByRole('button', { name: new RegExp(`^Supprimer\\s:\\s${surname}$`) }).click();
    const warning = page.getByRole('alertdialog', { name: /^Supprimer ce contact\s\?$/ });
    await expect(warning).toContainText(new RegExp(`«\\s${surname}\\s» ne sera pas envoyé, et sera effacé de cet appareil\\.`));
    await expect(warning.getByRole('button', { name: 'Le garder' })).toBeFocused();
    await warning.getByRole('button', { name: 'Le supprimer' }).click();
    const toast = page.getByRole('status').filter({ hasText: 'Contact supprimé' });
    await expect(toast).toContainText(surname);
    await expect(toast.getByRole('button', { name: 'Annuler' })).toBeFocused();
  });
});

test('a contact being fixed in one tab is not fixed a second time in another; closing that tab hands the fix over', async ({
  page,
  context,
}, testInfo) => {
  const { surname, fixed, key } = await fixBegun(page, testInfo);

  const other = await context.newPage();
  await other.goto('/');
  await other.getByRole('button', { name: 'Details' }).click();
  const listed = outboxView(other).getByRole('listitem', { name: new RegExp(surname) });
  await expect(listed).toContainText('Being fixed in another tab');
  await expect(listed.getByRole('button')).toHaveCount(0);

  await page.close();
  await listed.getByRole('button', { name: /^Fix/ }).click();
  await expect(outboxView(other)).toBeHidden();
  // The fix as it was typed in the closed tab, not a second one started from the refused contact.
  await expect(field(other, 'Email')).toHaveValue(fixed);
  await expect.poll(async () => (await storedDrafts(other)).filter((d) => d.fixing === key).length).toBe(1);
});
