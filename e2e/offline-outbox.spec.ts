import type { Page, Request } from '@playwright/test';
import { sandboxContacts, uniqueName } from './contact-helpers';
import { DEMO_ACCESS_CODE, expect, signIn, test } from './fixtures';
import { outboxCounts, outboxKeys, queueContact, readyForOffline, waitForOutboxEmpty } from './offline-helpers';

// The outbox: contacts queued without a network are kept in IndexedDB, survive a reload, and go
// to the server once each, under the key they were queued with.

/** The Idempotency-Key of every POST /api/contacts of these pages that got an answer, as they come.
 * Only answered ones: an attempt begun offline (a retry falling due just before the network comes
 * back) fails, and is not a send. */
function answeredContactPosts(...pages: Page[]): string[] {
  const posted: string[] = [];
  for (const page of pages) {
    page.on('requestfinished', (r: Request) => {
      if (r.method() === 'POST' && r.url().endsWith('/api/contacts')) posted.push(r.headers()['idempotency-key']!);
    });
  }
  return posted;
}

test('three contacts sent offline survive an offline reload, and each reaches the sandbox once with its queued key', async ({
  page,
  context,
}, testInfo) => {
  const surname = uniqueName(testInfo);
  await signIn(page);
  await readyForOffline(page);
  await context.setOffline(true);
  for (const n of [1, 2, 3]) await queueContact(page, `${surname}-${n}`);
  await expect(outboxCounts(page)).toContainText('3 waiting');
  await expect(outboxCounts(page)).toContainText('oldest');
  const keys = await outboxKeys(page);
  expect(keys).toHaveLength(3);

  // From the reload on: a POST the reloaded page began offline may still be on its way when the
  // network returns.
  const posted = answeredContactPosts(page);
  await page.reload();
  await expect(outboxCounts(page)).toContainText('3 waiting');
  expect(await outboxKeys(page)).toEqual(keys);

  await context.setOffline(false);
  await waitForOutboxEmpty(page);
  await expect(outboxCounts(page)).toContainText('last sent');
  for (const [i, key] of keys.entries()) {
    const received = await sandboxContacts(page.request, key);
    expect(received, `contact ${i + 1}`).toHaveLength(1);
    expect(received[0]!.body).toMatchObject({ data: { surname: `${surname}-${i + 1}` } });
  }
  expect([...posted].sort()).toEqual([...keys].sort());
  expect(await outboxKeys(page)).toEqual([]);
});

test('the session expires while offline: the outbox pauses, asks to sign in, then sends everything', async ({
  page,
  context,
}, testInfo) => {
  const surname = uniqueName(testInfo);
  await signIn(page);
  await readyForOffline(page);
  await context.setOffline(true);
  await queueContact(page, `${surname}-1`);
  await queueContact(page, `${surname}-2`);
  const keys = await outboxKeys(page);
  await context.clearCookies();
  // The outbox's next try, whenever its schedule puts it, meets the expired session.
  const refused = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/contacts') && r.status() === 401);
  await context.setOffline(false);

  const dialog = page.getByRole('dialog', { name: 'Sign in again' });
  await refused;
  await expect(dialog).toBeVisible();
  await expect(outboxCounts(page)).toContainText('2 waiting');
  expect(await outboxKeys(page)).toEqual(keys);
  await dialog.getByLabel('Access code').fill(DEMO_ACCESS_CODE);
  await dialog.getByRole('button', { name: 'Sign in' }).click();
  await expect(dialog).toBeHidden();
  await waitForOutboxEmpty(page);
  for (const key of keys) expect(await sandboxContacts(page.request, key)).toHaveLength(1);
});

test('two tabs syncing at once send no contact twice', async ({ page: a, context }, testInfo) => {
  const surname = uniqueName(testInfo);
  await signIn(a);
  await readyForOffline(a);
  const b = await context.newPage();
  await b.goto('/');
  await expect(b.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await readyForOffline(b);

  const posted = answeredContactPosts(a, b);
  await context.setOffline(true);
  await queueContact(a, `${surname}-a1`);
  await queueContact(b, `${surname}-b1`);
  await queueContact(a, `${surname}-a2`);
  await queueContact(b, `${surname}-b2`);
  const keys = await outboxKeys(a);
  expect(keys).toHaveLength(4);
  // Both tabs see the whole outbox.
  await expect(outboxCounts(b)).toContainText('4 waiting');
  posted.length = 0;

  await context.setOffline(false);
  for (const page of [a, b]) await waitForOutboxEmpty(page);
  for (const key of keys) expect(await sandboxContacts(a.request, key)).toHaveLength(1);
  // One drain at a time across the tabs: each contact was posted once, by one of them.
  expect([...posted].sort()).toEqual([...keys].sort());
});

test('signing out with contacts not sent warns, keeps them, and they go after the next sign-in', async ({ page, context }, testInfo) => {
  const surname = uniqueName(testInfo);
  await signIn(page);
  // Held back from the network so that it is still waiting when the canvasser signs out. The
  // context's route, not the page's: it sees the requests that pass through the service worker.
  await context.route('**/api/contacts', (route) => route.abort('internetdisconnected'));
  await queueContact(page, surname);
  const [key] = await outboxKeys(page);

  await page.getByRole('button', { name: 'Sign out' }).click();
  const warning = page.getByRole('alertdialog', { name: 'Sign out: what you leave on this device' });
  await expect(warning).toContainText(
    '1 contact is not sent yet. It stays on this device and is sent under your name, whoever signs in here next.',
  );
  await warning.getByRole('button', { name: 'Stay signed in' }).click();
  await expect(warning).toBeHidden();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await warning.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page.getByLabel('Access code')).toBeVisible();
  expect(await outboxKeys(page)).toEqual([key]);

  await context.unroute('**/api/contacts');
  await page.getByLabel('Access code').fill(DEMO_ACCESS_CODE);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await waitForOutboxEmpty(page);
  expect(await sandboxContacts(page.request, key!)).toHaveLength(1);
});
