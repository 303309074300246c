import type { Page } from '@playwright/test';
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

  /** Reloads with the drafts' code held back until the returned function is called. */
  async function reloadWithDraftsHeld(page: Page): Promise<() => void> {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let asked!: () => void;
    const held = new Promise<void>((resolve) => (asked = resolve));
    await page.route('**/assets/offline-features-*.js', async (route) => {
      asked();
      await released;
      await route.continue();
    });
    await page.reload();
    // The page did ask for it: what follows is typed while the drafts are not there.
    await held;
    return release;
  }

  test('what is typed in the first moments is kept once they have loaded', async ({ page }) => {
    await signIn(page);
    const release = await reloadWithDraftsHeld(page);
    await field(page, 'Street').fill('rue Sébastien Gryphe');
    expect(await storedDrafts(page)).toEqual([]);
    release();
    await expect.poll(async () => (await storedDrafts(page)).map((d) => d.values.address?.street)).toEqual(['rue Sébastien Gryphe']);
    await page.unroute('**/assets/offline-features-*.js');
    await page.reload();
    await expect(field(page, 'Street')).toHaveValue('rue Sébastien Gryphe');
  });

  test('typed before the drafts have loaded, a new contact is not replaced by the last draft', async ({ page }, testInfo) => {
    const surname = uniqueName(testInfo);
    await signIn(page);
    await field(page, 'Surname').fill(surname);
    await expect.poll(async () => (await storedDrafts(page)).map((d) => d.values.surname)).toEqual([surname]);

    const release = await reloadWithDraftsHeld(page);
    await field(page, 'Street').fill('rue Sébastien Gryphe');
    release();
    // The last draft is listed, not opened over what is being typed; both are kept.
    await expect(page.getByRole('region', { name: 'Another contact in progress' })).toContainText(surname);
    await expect(field(page, 'Street')).toHaveValue('rue Sébastien Gryphe');
    await expect(field(page, 'Surname')).toHaveValue('');
    await expect
      .poll(async () => (await storedDrafts(page)).map((d) => `${d.values.surname ?? ''}|${d.values.address?.street ?? ''}`).sort())
      .toEqual([`${surname}|`, '|rue Sébastien Gryphe']);
  });
});
