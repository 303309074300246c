import type { BrowserContext, Page, Route } from '@playwright/test';
import { idempotencyKey, sandboxContacts, sendAndCapture, uniqueName } from './contact-helpers';
import { DEMO_ACCESS_CODE, expect, signIn, test } from './fixtures';
import { field, outboxCounts, outboxKeys } from './offline-helpers';

// Never a blank screen: each part of the app loaded on demand fails to load on its own (its chunk
// refused, as a network gone before it was fetched would), and the rest of the screen stays, with
// what was typed; a message says what could not load; back online, the part loads, and the contact
// goes once. Then the network cut while the service worker stores the app on a first visit.

/** A chunk of the built app by the name Vite gives it (`assets/<name>-<hash>.js`), and no other:
 * `device-status` is not `device-status-text-en`. */
const chunk = (name: string) => new RegExp(`/assets/${name}-[\\w-]{8}\\.js$`);

/** Refuses the chunk until the returned function is called. */
async function refuseChunk(page: Page, name: string): Promise<() => Promise<void>> {
  const url = chunk(name);
  const refuse = (route: Route) => route.abort('internetdisconnected');
  await page.route(url, refuse);
  return () => page.unroute(url, refuse);
}

/** The network comes back: the browser says `online`, on which what failed to load is tried again. */
async function networkBack(context: BrowserContext): Promise<void> {
  await context.setOffline(true);
  await context.setOffline(false);
}

const failure = (page: Page, part: string) => page.getByRole('alert').filter({ hasText: `Could not load: ${part}` });
const notReady = (page: Page) => page.getByRole('alert').filter({ hasText: 'Not sent: this device is not ready to work offline yet' });
const kept = (page: Page) => page.getByRole('heading', { name: /^(Saved on this device — it will be sent|Contact sent)$/ });

/** Sends the contact in the form, and checks that the sandbox got it once, with its surname. */
async function sendOnce(page: Page, surname: string): Promise<void> {
  const posted = await sendAndCapture(page);
  await expect(kept(page).or(failure(page, 'the confirmation'))).toBeVisible();
  const key = idempotencyKey(posted);
  await expect.poll(async () => (await sandboxContacts(page.request, key)).length).toBe(1);
  const [contact] = await sandboxContacts(page.request, key);
  expect(contact?.body).toMatchObject({ data: { surname } });
}

// The service worker would serve the chunks from its cache, past page.route: without it, every
// chunk comes from the network (https://playwright.dev/docs/service-workers-experimental).
test.describe('a part that fails to load', () => {
  test.use({ serviceWorkers: 'block' });

  test('the sign-in screen: a message and Try again, then signing in works', async ({ page }) => {
    const allow = await refuseChunk(page, 'sign-in-screen');
    await page.goto('/');
    await expect(failure(page, 'the sign-in screen')).toBeVisible();
    await allow();
    await failure(page, 'the sign-in screen').getByRole('button', { name: 'Try again' }).click();
    await field(page, 'Access code').fill(DEMO_ACCESS_CODE);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  });

  test('the contact form: a message and Try again, and nothing else of the screen goes; then a contact goes once', async ({
    page,
  }, testInfo) => {
    const surname = uniqueName(testInfo);
    // Signed in once, the campaign kept on the device: the reload needs the form's chunk only.
    await signIn(page);
    const allow = await refuseChunk(page, 'signed-in-screen');
    await page.reload();
    await expect(failure(page, 'the contact form')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
    await allow();
    await failure(page, 'the contact form').getByRole('button', { name: 'Try again' }).click();
    await field(page, 'Surname').fill(surname);
    await sendOnce(page, surname);
  });

  test('the contact form with the campaign: the campaign says so, and Try again brings both', async ({ page }, testInfo) => {
    const surname = uniqueName(testInfo);
    // The campaign's schema is in the form's chunk: with no campaign kept, the campaign is what fails.
    const allow = await refuseChunk(page, 'signed-in-screen');
    await page.goto('/');
    await field(page, 'Access code').fill(DEMO_ACCESS_CODE);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'The campaign could not be loaded.' })).toBeVisible();
    await allow();
    await page.getByRole('main').getByRole('button', { name: 'Try again' }).click();
    await field(page, 'Surname').fill(surname);
    await sendOnce(page, surname);
  });

  for (const { name, what } of [
    { name: 'offline-features', what: 'drafts and the outbox' },
    { name: 'create-contact-form-resolver', what: undefined },
  ]) {
    test(`${name}: Send says the device is not ready and keeps what was typed; back online, the contact goes once`, async ({
      page,
      context,
    }, testInfo) => {
      const surname = uniqueName(testInfo);
      const allow = await refuseChunk(page, name);
      await signIn(page);
      if (what) await expect(failure(page, what)).toBeVisible();
      await field(page, 'Surname').fill(surname);
      await field(page, 'Email').fill(`${surname.toLowerCase()}@example.org`);
      await page.getByRole('button', { name: 'Send contact' }).click();
      await expect(notReady(page)).toBeVisible();
      await expect(field(page, 'Surname')).toHaveValue(surname);
      await expect(field(page, 'Email')).toHaveValue(`${surname.toLowerCase()}@example.org`);

      await allow();
      await networkBack(context);
      await expect(outboxCounts(page)).toBeVisible();
      if (what) await expect(failure(page, what)).toHaveCount(0);
      // Nothing typed was lost meanwhile.
      await expect(field(page, 'Surname')).toHaveValue(surname);
      await sendOnce(page, surname);
    });
  }

  for (const { name, what, marker } of [
    { name: 'device-status', what: 'the device status', marker: (page: Page) => page.getByText(/^Storage: /) },
    { name: 'outbox-text-en', what: 'the outbox', marker: (page: Page) => outboxCounts(page) },
    { name: 'tags-field', what: 'the tags', marker: (page: Page) => page.getByRole('textbox', { name: 'Add a tag' }) },
    { name: 'notes-field', what: 'the notes', marker: (page: Page) => page.getByRole('button', { name: 'Add a note' }) },
  ]) {
    test(`${name}: only that part is missing, and Send works; back online, it shows`, async ({ page, context }, testInfo) => {
      const surname = uniqueName(testInfo);
      const allow = await refuseChunk(page, name);
      await signIn(page);
      await expect(failure(page, what)).toBeVisible();
      await expect(failure(page, what)).toContainText('Tried again as soon as the network is back.');
      await field(page, 'Surname').fill(surname);
      await sendOnce(page, surname);

      await allow();
      await networkBack(context);
      await expect(failure(page, what)).toHaveCount(0);
      if (name === 'tags-field' || name === 'notes-field') await page.getByRole('button', { name: 'Next door' }).click();
      await expect(marker(page)).toBeVisible();
    });
  }

  test('error-summary: the errors still show at their fields, and the fixed contact goes once', async ({ page, context }, testInfo) => {
    const surname = uniqueName(testInfo);
    const allow = await refuseChunk(page, 'error-summary');
    await signIn(page);
    await field(page, 'Surname').fill(surname);
    await field(page, 'Email').fill('not-an-address@');
    await page.getByRole('button', { name: 'Send contact' }).click();
    await expect(failure(page, 'the list of errors')).toBeVisible();
    await expect(field(page, 'Email')).toHaveAttribute('aria-invalid', 'true');
    await expect(field(page, 'Surname')).toHaveValue(surname);

    await allow();
    await networkBack(context);
    await expect(page.getByRole('alert').filter({ hasText: 'Fix these before sending' })).toBeVisible();
    await field(page, 'Email').fill(`${surname.toLowerCase()}@example.org`);
    await sendOnce(page, surname);
  });

  test('sent-confirmation: the contact is kept and goes once; back online, the confirmation shows', async ({ page, context }, testInfo) => {
    const surname = uniqueName(testInfo);
    const allow = await refuseChunk(page, 'sent-confirmation');
    await signIn(page);
    await field(page, 'Surname').fill(surname);
    await sendOnce(page, surname);
    await expect(failure(page, 'the confirmation')).toContainText('the contact is saved on this device and will be sent');

    await allow();
    await networkBack(context);
    await expect(kept(page)).toBeVisible();
    await page.getByRole('button', { name: 'Next door' }).click();
    await expect(field(page, 'Surname')).toHaveValue('');
  });
});

test('the network cut while the app is stored for offline use on a first visit: the form stays, the contact is kept and goes once, and the app gets ready once the network is back', async ({
  page,
  context,
}, testInfo) => {
  // A service worker install cut short, and a second one once the network is back.
  test.slow();
  const surname = uniqueName(testInfo);
  // The worker's precache asks for this icon (the page itself never does): held, the install waits
  // on it, and the network can go in the middle of the precache.
  let release!: (route: Route) => void;
  const precaching = new Promise<Route>((resolve) => (release = resolve));
  await context.route(/\/icon-maskable-512\.png/, (route) => release(route));

  await signIn(page);
  await expect(page.getByText('Not ready to work offline yet: stay online a moment longer.')).toBeVisible();
  // The first screen's parts have loaded (the outbox is on screen); the precache is under way.
  await expect(outboxCounts(page)).toBeVisible();
  const held = await precaching;
  await context.setOffline(true);
  await held.abort('internetdisconnected');
  await context.unroute(/\/icon-maskable-512\.png/);
  // The install failed: no worker at all on this device.
  await expect
    .poll(() =>
      page.evaluate(async () => {
        const registration = await navigator.serviceWorker.getRegistration();
        return Boolean(registration?.installing ?? registration?.waiting ?? registration?.active);
      }),
    )
    .toBe(false);
  await expect(page.getByText('Not ready to work offline yet: stay online a moment longer.')).toBeVisible();

  await field(page, 'Surname').fill(surname);
  await page.getByRole('button', { name: 'Send contact' }).click();
  await expect(page.getByRole('heading', { name: 'Saved on this device — it will be sent' })).toBeVisible();
  const [key] = await outboxKeys(page);
  expect(key).toBeDefined();

  await context.setOffline(false);
  await expect(page.getByRole('heading', { name: 'Contact sent' })).toBeVisible();
  await expect.poll(async () => (await sandboxContacts(page.request, key!)).length).toBe(1);
  // The page registers the worker again once the network is back, and it stores the whole app.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await expect(page.getByText('Ready to work offline', { exact: true })).toBeVisible();
});

// Each first screen loads its own part: the sign-in screen none of the form's code (react-hook-form,
// the form, the campaign's schema), the signed-in screen the form, preloaded by boot.ts while the
// main script still downloads. The main script is held back a second, as a slow network would, so
// that what boot.ts started is told apart from what the main script asks for.
test.describe('the first screen', () => {
  test.use({ serviceWorkers: 'block' });

  /** When each chunk (by name) started and ended. */
  async function timings(page: Page) {
    return page.evaluate(() => {
      const at = (name: string) => {
        const entry = performance.getEntriesByType('resource').find((e) => new RegExp(`/assets/${name}-[\\w-]{8}\\.js$`).test(e.name)) as
          PerformanceResourceTiming | undefined;
        return entry && { start: entry.startTime, end: entry.responseEnd };
      };
      return {
        main: at('index'),
        form: at('signed-in-screen'),
        signIn: at('sign-in-screen'),
      };
    });
  }

  test.beforeEach(async ({ page }) => {
    await page.route(/\/assets\/index-[\w-]{8}\.js$/, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await route.continue();
    });
  });

  test('a first visit: the sign-in screen comes with the main script, and the form only after it is up', async ({ page }) => {
    await page.goto('/');
    await expect(field(page, 'Access code')).toBeVisible();
    // Fetched once the sign-in screen is up, for the screen that follows it.
    await expect.poll(async () => (await timings(page)).form).toBeDefined();
    const t = await timings(page);
    expect(t.signIn!.start).toBeLessThan(t.main!.end);
    // Asked for only once the main script and the sign-in screen had arrived (and the screen was up).
    expect(t.form!.start).toBeGreaterThan(Math.max(t.main!.end, t.signIn!.end));
  });

  test('signed in: the form comes with the main script, and the sign-in screen not at all', async ({ page }) => {
    await signIn(page);
    // Whether from the session kept on the device, or from the server's answer.
    for (const keptSession of [true, false]) {
      if (!keptSession) await page.evaluate(() => localStorage.removeItem('doorstep.session'));
      await page.reload();
      await expect(field(page, 'Surname')).toBeVisible();
      const t = await timings(page);
      expect(t.form!.start).toBeLessThan(t.main!.end);
      expect(t.signIn).toBeUndefined();
    }
  });
});
