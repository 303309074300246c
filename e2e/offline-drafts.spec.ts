import { uniqueName } from './contact-helpers';
import { expect, signIn, test } from './fixtures';
import { field, storedDrafts } from './offline-helpers';

// Drafts: what is being typed is kept in IndexedDB as it is typed, and comes back after a reload.

test('type, reload mid-word: the draft comes back to the last keystroke', async ({ page }, testInfo) => {
  const surname = uniqueName(testInfo);
  await signIn(page);
  await field(page, 'Street').fill('rue de Marseille');
  await field(page, 'Surname').click();
  // Typed key by key, and reloaded at once: the last key is inside the debounce, so only the
  // flush on pagehide can have kept it.
  await page.keyboard.type(surname);
  await page.reload();
  await expect(field(page, 'Surname')).toHaveValue(surname);
  await expect(field(page, 'Street')).toHaveValue('rue de Marseille');
});

test('several drafts are listed, resumed, and discarded with undo', async ({ page }, testInfo) => {
  const first = uniqueName(testInfo, 'Martin');
  const second = uniqueName(testInfo, 'Bernard');
  await signIn(page);
  await field(page, 'Surname').fill(first);
  await field(page, 'Street').fill('rue Chevreul');
  await page.getByRole('button', { name: 'Start a new contact' }).click();
  await expect(field(page, 'Surname')).toHaveValue('');
  const drafts = page.getByRole('region', { name: 'Another contact in progress' });
  await expect(drafts).toContainText(`${first} · rue Chevreul`);

  await field(page, 'Surname').fill(second);
  // After a reload the latest comes back in the form, and the other is listed.
  await page.reload();
  await expect(field(page, 'Surname')).toHaveValue(second);
  await expect(drafts).toContainText(first);
  await expect(drafts.getByRole('listitem')).toHaveCount(1);

  await drafts.getByRole('button', { name: `Resume: ${first} · rue Chevreul` }).click();
  await expect(field(page, 'Surname')).toHaveValue(first);
  await expect(field(page, 'Street')).toHaveValue('rue Chevreul');
  await expect(drafts).toContainText(second);

  await drafts.getByRole('button', { name: `Discard: ${second}` }).click();
  await expect(drafts).toBeHidden();
  const toast = page.getByRole('status').filter({ hasText: 'Draft discarded' });
  await expect(toast).toContainText(second);
  await toast.getByRole('button', { name: 'Undo' }).click();
  await expect(drafts).toContainText(second);
  // Kept in the database, not only on screen.
  await page.reload();
  await expect(field(page, 'Surname')).toHaveValue(first);
  await expect(drafts).toContainText(second);
});

test.describe('typing before the drafts have loaded', () => {
  // The drafts' code is held back at the network; a service worker would serve it from its cache.
  test.use({ serviceWorkers: 'block' });

  test('what is typed in the first moments is kept once they have', async ({ page }) => {
    await signIn(page);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/assets/offline-features-*.js', async (route) => {
      await released;
      await route.continue();
    });
    await page.reload();
    await field(page, 'Street').fill('rue Sébastien Gryphe');
    // The drafts are not there yet: nothing says the contact is kept.
    await expect(page.getByRole('button', { name: 'Start a new contact' })).toHaveCount(0);
    release();
    await expect.poll(async () => (await storedDrafts(page)).map((d) => d.values.address?.street)).toEqual(['rue Sébastien Gryphe']);
    await page.unroute('**/assets/offline-features-*.js');
    await page.reload();
    await expect(field(page, 'Street')).toHaveValue('rue Sébastien Gryphe');
  });
});
