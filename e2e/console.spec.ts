import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { VISIT_HOLD_MS } from '@client/features/walk-list/visit-undo';
import { uniqueName } from './contact-helpers';
import { expect, test } from './fixtures';

// The organiser's console against the real server in sandbox mode, signed in as the sandbox's
// demo organiser (DEMO_ORGANISER_CODE in playwright.config.ts). Each test adds canvassers of its
// own, so that the other specs (and the other worker) meet none of them.

const ORGANISER_CODE = 'e2e-organiser-code';
/** The console refreshes every 15 s: what happens elsewhere shows within that, without a reload. */
const REFRESH_TIMEOUT = 25_000;

async function signInAsOrganiser(page: Page) {
  await page.goto('/');
  await page.getByLabel('Access code').fill(ORGANISER_CODE);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // An organiser who signs in is taken to the console.
  await expect(page).toHaveURL(/\/console$/);
  await expect(page.getByRole('heading', { name: 'Console', level: 1 })).toBeVisible();
  // The e2e server runs in sandbox mode: the console says so, as the app does.
  await expect(page.getByRole('note').filter({ hasText: 'Demo: nothing goes to Qomon' })).toBeVisible();
}

/** The example turf's header and its first eight doors (Rue Cler), in BAN's format. */
const TURF_CSV = readFileSync('config/example-turf-paris-7.csv', 'utf8').split('\n').slice(0, 9).join('\n') + '\n';

const tab = (page: Page, name: string) => page.getByRole('navigation', { name: 'Console sections' }).getByRole('button', { name });

async function violations(page: Page) {
  return (await new AxeBuilder({ page }).options({ resultTypes: ['violations'] }).analyze()).violations;
}

async function addCanvasser(page: Page, name: string): Promise<{ link: string; code: string }> {
  await tab(page, 'Canvassers').click();
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByText(`${name} is added`)).toBeVisible();
  await expect(page.getByRole('img', { name: `QR code that signs ${name} in` })).toBeVisible();
  const code = (await page.getByTestId('access-code').textContent())!.trim();
  const link = (await page.getByTestId('sign-in-link').textContent())!.trim();
  return { code, link };
}

test('an organiser adds a canvasser whose link signs a second device in; their work shows up without a reload', async ({
  page,
  browser,
}, testInfo) => {
  // A working day in one test: two of the console's 15 s refreshes and a visit's Undo hold.
  test.slow();
  await signInAsOrganiser(page);
  const name = uniqueName(testInfo, 'Bénévole');
  const { code, link } = await addCanvasser(page, name);
  // The link is the page's own origin with the code in the fragment only: no server log sees it.
  const url = new URL(link);
  expect(url.origin).toBe(new URL(page.url()).origin);
  expect(url.pathname + url.search).toBe('/');
  expect(url.hash).toBe(`#code=${code}`);
  // The organiser's list has them, with no code.
  await expect(page.getByRole('row', { name: new RegExp(name) })).toBeVisible();

  // A second device opens the link: signed in, and the code gone from the address bar.
  const device = await browser.newContext({ baseURL: testInfo.project.use.baseURL, locale: 'en-GB', serviceWorkers: 'block' });
  try {
    const phone = await device.newPage();
    await phone.addInitScript(() => localStorage.setItem('doorstep.language', 'en'));
    await phone.goto(link);
    await expect(phone.getByRole('button', { name: 'Sign out' })).toBeVisible();
    await expect(phone.getByText(`Signed in as ${name}`)).toBeVisible();
    expect(new URL(phone.url()).hash).toBe('');
    const session = (await (await phone.request.get('/api/session')).json()) as { canvasser: { id: string; role: string } };
    expect(session.canvasser.role).toBe('canvasser');

    // The organiser watches today's progress.
    await tab(page, 'Today').click();
    const row = page.getByRole('row', { name: new RegExp(name) });
    await expect(row).toBeVisible();
    await expect(row.getByRole('cell').nth(2)).toHaveText('0');

    // The canvasser delivers one contact and has one refused (the walk list's visits come with the
    // turf store; contacts go through the same route the form uses).
    const post = (data: Record<string, unknown>) =>
      phone.request.post('/api/contacts', {
        data: { kind: 'contact', data },
        headers: { 'idempotency-key': randomUUID(), origin: new URL(link).origin },
      });
    expect((await post({ firstname: 'Léa', surname: `Console-${testInfo.workerIndex}` })).status()).toBe(202);
    expect((await post({ firstname: 'Léa', surname: 'Refusée', mail: 'not-an-address' })).status()).toBe(422);

    // Without reloading: delivered 1, refused 1.
    await expect(row.getByRole('cell').nth(2)).toHaveText('1', { timeout: REFRESH_TIMEOUT });
    await expect(row.getByRole('cell').nth(3)).toHaveText('1');
    await expect(row.getByRole('cell').nth(4)).not.toHaveText('—');

    // The organiser uploads a turf file and assigns it to the new canvasser.
    const turfName = uniqueName(testInfo, 'Rue Cler');
    await tab(page, 'Turfs').click();
    await page
      .getByLabel('File', { exact: true })
      .setInputFiles({ name: 'rue-cler.csv', mimeType: 'text/csv', buffer: Buffer.from(TURF_CSV) });
    await page.getByLabel('Turf name').fill(turfName);
    await page.getByRole('button', { name: 'Upload' }).click();
    await expect(page.getByRole('status').filter({ hasText: '1 turf imported, 8 doors.' })).toBeVisible();
    const turfItem = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: turfName }) });
    await turfItem.getByLabel(`Canvasser to assign to ${turfName}`).selectOption({ label: name });
    await turfItem.getByRole('button', { name: 'Assign', exact: true }).click();
    await expect(turfItem.getByRole('button', { name: `Unassign ${name} from ${turfName}` })).toBeVisible();

    // The canvasser's app now opens on that turf's walk list; two doors take one tap each.
    await phone.reload();
    const door = phone.getByTestId('current-door');
    await expect(door).toBeVisible();
    for (const outcome of ['Absent·e', 'Refus de discuter']) {
      const at = await door.getAttribute('data-door');
      await door.getByRole('button', { name: outcome, exact: true }).click();
      await expect(door).not.toHaveAttribute('data-door', at!);
    }
    // Sent once their few seconds of Undo are over: waited for at the server, not by the clock.
    await expect
      .poll(
        async () => {
          const turfs = (await (await phone.request.get('/api/turfs')).json()) as {
            turfs: { name: string; progress: { visited: number } }[];
          };
          return turfs.turfs.find((t) => t.name === turfName)?.progress.visited;
        },
        // Held back for VISIT_HOLD_MS, then sent by the drain that falls due.
        { timeout: VISIT_HOLD_MS + 20_000 },
      )
      .toBe(2);

    // The console shows them without a reload: two doors for the canvasser, two visits on the turf.
    await tab(page, 'Today').click();
    await expect(row.getByRole('cell').nth(0)).toHaveText('2', { timeout: REFRESH_TIMEOUT });
    const turfRow = page.getByRole('row', { name: new RegExp(turfName) });
    await expect(turfRow.getByRole('cell').nth(1)).toHaveText('2');

    // The deliveries say what was refused and why (the field, not its value), found by name.
    await tab(page, 'Deliveries').click();
    await page.getByRole('searchbox', { name: 'Search' }).fill(name);
    await expect(page.getByRole('status').filter({ hasText: '2 found' })).toBeVisible();
    const refused = page.getByRole('row', { name: /Refused/ });
    await expect(refused.getByRole('cell', { name: 'body.data.mail' })).toBeVisible();
    await expect(page.getByText('not-an-address')).toHaveCount(0);

    // Revoked: the device's next request is refused, and the app asks to sign in again.
    await tab(page, 'Canvassers').click();
    await page.getByRole('button', { name: `Revoke ${name}` }).click();
    await page.getByRole('button', { name: `Revoke ${name} now` }).click();
    await expect(page.getByRole('row', { name: new RegExp(name) })).toHaveCount(0);
    expect((await phone.request.get('/api/session')).status()).toBe(401);
  } finally {
    await device.close();
  }
});

test('a canvasser who opens /console is told it is for organisers, and gets no data', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Access code').fill('e2e-demo-code');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Console' })).toHaveCount(0);
  await page.goto('/console');
  await expect(page.getByText('This page is for the campaign’s organisers.')).toBeVisible();
  expect((await page.request.get('/api/console/progress')).status()).toBe(403);
});

for (const [label, width, height] of [
  ['tablet', 1024, 768],
  ['phone', 360, 740],
] as const) {
  test(`every console page passes axe at ${width} px`, async ({ page }, testInfo) => {
    // Four pages and a plot of doors, each scanned by axe.
    test.slow();
    await page.setViewportSize({ width, height });
    await signInAsOrganiser(page);
    await addCanvasser(page, uniqueName(testInfo, 'Axe'));
    // A turf of its own, so that the Turfs page has a turf and its plot of doors to check.
    const turfName = uniqueName(testInfo, 'Axe turf');
    const uploaded = await page.request.post(`/api/console/turfs?name=${encodeURIComponent(turfName)}`, {
      data: TURF_CSV,
      headers: { 'content-type': 'text/csv', origin: new URL(page.url()).origin },
    });
    expect(uploaded.status(), await uploaded.text()).toBe(201);
    for (const name of ['Today', 'Canvassers', 'Turfs', 'Deliveries']) {
      await tab(page, name).click();
      await expect(page.getByRole('heading', { name, level: 2 })).toBeVisible();
      if (name === 'Turfs') {
        await page.getByRole('button', { name: `Doors of ${turfName}` }).click();
        await expect(page.getByRole('img', { name: new RegExp(`^Map of ${turfName}: 8 of 8 doors`) })).toBeVisible();
      }
      await expect(page.getByText('Loading…')).toHaveCount(0);
      expect(await violations(page), `${name} at ${width} px`).toEqual([]);
      // Nothing wider than the screen but the tables, which scroll in their own region.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${name} at ${width} px scrolls sideways`).toBeLessThanOrEqual(0);
    }
    await tab(page, 'Today').click();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: testInfo.outputPath(`console-${label}.png`) });
    if (process.env.UPDATE_SCREENSHOTS) await page.screenshot({ path: `docs/screenshots/console-${label}.png` });
  });
}
