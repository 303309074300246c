import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import type { TurfWire } from '@shared/turf-schema';
import { sandboxContacts, uniqueName } from './contact-helpers';
import { expect, signIn, test } from './fixtures';
import { field, outboxCounts, readyForOffline, storedOutbox, waitForOutboxEmpty } from './offline-helpers';
import { doorAddress, doorRow, firstTurf, turfWire, walkers } from './walk-helpers';

// Walk lists against the real server in sandbox mode: a canvasser's turf worked door by door with
// no network, a reload in the middle, then every visit and contact delivered once.
// The example campaign's door outcomes (field 201): "present" opens the form; the others are
// one tap.

// One turf: these tests take its doors in turn.
test.describe.configure({ mode: 'serial' });
let codes: [string, string];
test.beforeAll(async () => {
  ({ codes } = await walkers());
});

const card = (page: Page) => page.getByTestId('current-door');
const currentDoor = async (page: Page) => (await card(page).getAttribute('data-door'))!;
const tile = (page: Page, label: string) => card(page).getByRole('button', { name: label, exact: true });

/** Taps a one-tap outcome at the door at hand; returns that door's id once the list has moved on. */
async function oneTap(page: Page, label: string): Promise<string> {
  const door = await currentDoor(page);
  await tile(page, label).click();
  await expect(card(page)).not.toHaveAttribute('data-door', door);
  return door;
}

/** A conversation at the door at hand: the form opens on the door, the person is typed in, Send,
 * then Next door back to the list. */
async function converse(page: Page, turf: TurfWire, surname: string): Promise<string> {
  const door = await currentDoor(page);
  await tile(page, 'Présent·e, échange à la porte').click();
  const address = doorAddress(turf, door);
  await expect(field(page, 'First name')).toBeFocused();
  await expect(field(page, 'Street')).toHaveValue(address.street);
  await expect(field(page, 'Number')).toHaveValue(address.housenumber ?? '');
  await expect(page.getByRole('radio', { name: 'Présent·e, échange à la porte' })).toBeChecked();
  await field(page, 'First name').fill('Camille');
  await field(page, 'Surname').fill(surname);
  await page.getByRole('button', { name: 'Send contact' }).click();
  await expect(page.getByRole('heading', { name: /^(Saved on this device — it will be sent|Contact sent)$/ })).toBeVisible();
  await page.getByRole('button', { name: 'Next door' }).click();
  await expect(card(page)).toBeVisible();
  await expect(card(page)).not.toHaveAttribute('data-door', door);
  return door;
}

test('ten doors worked offline, with two conversations, an Undo and a reload, reach the server once each', async ({
  page,
  context,
  browser,
}, testInfo) => {
  // Ten doors, two forms, a reload and a second canvasser's browser: the work itself ran past the
  // default 30 s on a two-core machine at a load of 16 (every wait in it is for a condition).
  test.slow();
  const surname = uniqueName(testInfo, 'Leroy');
  await signIn(page, codes[0]);
  const turf = await firstTurf(page.request);
  // Landed on the list, not the form.
  await expect(card(page)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Send contact' })).toBeHidden();
  await readyForOffline(page);
  const before = Object.keys(turf.visits).length;

  await context.setOffline(true);
  const worked: [string, string][] = [];
  worked.push([await oneTap(page, 'Absent·e'), 'absent']);
  worked.push([await oneTap(page, 'Refus de discuter'), 'refus']);
  worked.push([await converse(page, turf, `${surname}-1`), 'present']);

  // Undo: the door is to do again, and its visit never leaves the device.
  const undone = await oneTap(page, 'Absent·e');
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(card(page)).toHaveAttribute('data-door', undone);
  await expect(page.getByText(/is to do again/)).toBeVisible();
  worked.push([await oneTap(page, 'Porte fermée (digicode, gardien)'), 'porte_fermee']);
  expect(worked.at(-1)![0]).toBe(undone);

  await expect(outboxCounts(page)).toContainText('5 waiting (4 doors, 1 contact)');
  await page.reload();
  await expect(card(page)).toBeVisible();
  // The doors worked before the reload show as worked, from the outbox.
  await expect(page.getByTestId('walk-progress')).toContainText(`${before + 4} / ${turf.doors.length} doors`);
  await expect(card(page)).not.toHaveAttribute('data-door', new RegExp(`^(${worked.map(([d]) => d).join('|')})$`));

  worked.push([await oneTap(page, 'Déjà rencontré·e'), 'deja_rencontre']);
  worked.push([await converse(page, turf, `${surname}-2`), 'present']);
  worked.push([await oneTap(page, 'Absent·e'), 'absent']);
  worked.push([await oneTap(page, 'Adresse introuvable ou logement vide'), 'mauvaise_adresse']);
  worked.push([await oneTap(page, 'Absent·e'), 'absent']);
  worked.push([await oneTap(page, 'Refus de discuter'), 'refus']);
  expect(new Set(worked.map(([d]) => d)).size).toBe(10);
  await expect(page.getByTestId('walk-progress')).toContainText(`${before + 10} / ${turf.doors.length} doors`);
  await expect(page.getByTestId('walk-progress')).toContainText('to come back to');

  const queued = await storedOutbox(page);
  const contacts = queued.filter((i) => (i as { kind?: string }).kind === 'contact');
  expect(queued).toHaveLength(12);
  expect(contacts).toHaveLength(2);

  await context.setOffline(false);
  await waitForOutboxEmpty(page);

  // The server holds each visit once, with its outcome.
  const after = await turfWire(page.request, turf.id);
  for (const [door, outcome] of worked) {
    expect(after.visits[door], `door ${door}`).toMatchObject({ outcome, visits: (turf.visits[door]?.visits ?? 0) + 1 });
  }
  expect(after.visits[undone]!.outcome).toBe('porte_fermee');

  // The sandbox has each contact once, with the door's exact address and the outcome.
  const talked = worked.filter(([, o]) => o === 'present').map(([d]) => d);
  for (const [i, item] of contacts.entries()) {
    const received = await sandboxContacts(page.request, item.key);
    expect(received, `contact ${i + 1}`).toHaveLength(1);
    const data = (received[0]!.body as { data: Record<string, unknown> }).data;
    expect(data.surname).toBe(`${surname}-${i + 1}`);
    expect(data.address).toMatchObject(doorAddress(turf, talked[i]!));
    expect(data.name_presences).toEqual([expect.objectContaining({ id: 201, value: 'present' })]);
  }

  // Another canvasser of the turf sees those doors done once the turf loads on their device.
  const other = await browser.newContext({ baseURL: testInfo.project.use.baseURL, locale: 'en-GB' });
  const second = await other.newPage();
  await second.addInitScript(() => localStorage.setItem('doorstep.language', 'en'));
  await signIn(second, codes[1]);
  await second.getByRole('radio', { name: 'Every door' }).check();
  const states: Record<string, string> = { absent: 'Nobody home', porte_fermee: 'Nobody home', refus: 'Refused', present: 'Done' };
  for (const [door, outcome] of worked) {
    const row = doorRow(second, door);
    // A flat is inside its building's entry: open it.
    if (!(await row.isVisible())) await second.locator('details', { has: row }).locator('summary').click();
    await expect(row).toContainText(states[outcome] ?? 'Done');
  }
  await other.close();
});

test('the walk list passes axe at 360 and 1024 px, and works from the keyboard', async ({ page }) => {
  await signIn(page, codes[0]);
  await expect(card(page)).toBeVisible();
  for (const width of [360, 1024]) {
    await page.setViewportSize({ width, height: 800 });
    const violations = (await new AxeBuilder({ page }).options({ resultTypes: ['violations'] }).analyze()).violations;
    expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  }

  // Tab to a door of the list, choose it: the focus goes to the door at hand.
  const row = page.locator('.walk-row:visible').nth(1);
  const chosen = (await row.getAttribute('data-door'))!;
  await row.focus();
  await page.keyboard.press('Enter');
  await expect(card(page)).toHaveAttribute('data-door', chosen);
  await expect(card(page).getByRole('heading')).toBeFocused();
  // Tab to the second tile (one tap, no conversation) and press it.
  await page.keyboard.press('Tab');
  await expect(tile(page, 'Présent·e, échange à la porte')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(tile(page, 'Absent·e')).toBeFocused();
  await page.keyboard.press('Space');
  await expect(card(page)).not.toHaveAttribute('data-door', chosen);
  // The focus is on the next door; Undo is a few Tabs away, past its tiles.
  await expect(card(page).getByRole('heading')).toBeFocused();
  const undo = page.getByRole('button', { name: 'Undo' });
  for (let i = 0; i < 10 && !(await undo.evaluate((b) => b === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(undo).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(card(page)).toHaveAttribute('data-door', chosen);
  await expect(page.getByText(/is to do again/)).toBeVisible();
  await expect(outboxCounts(page)).toContainText('Nothing waiting');
});

test('search finds a door by number or street, and "Nearest door" uses the device’s position with no network', async ({
  page,
  context,
}) => {
  await signIn(page, codes[0]);
  const turf = await firstTurf(page.request);
  await expect(card(page)).toBeVisible();
  await page.getByRole('radio', { name: 'Every door' }).check();
  const search = page.getByLabel('Find a number or a street');
  await search.fill('3 bis');
  const threeBis = turf.doors.find((d) => d.housenumber === '3' && d.addition === 'bis')!;
  await expect(page.locator('.walk-row:visible')).toHaveCount(1);
  await expect(doorRow(page, threeBis.id)).toBeVisible();
  await search.fill('champ');
  await expect(page.locator('.walk-row:visible')).toHaveCount(4);
  await search.fill('');

  // Standing at 7 rue du Champ-de-Mars, offline: the nearest door left to do is that one.
  const seven = turf.doors.find((d) => d.housenumber === '7' && turf.places[d.p]!.street === 'Rue du Champ-de-Mars')!;
  await context.grantPermissions(['geolocation']);
  await context.setGeolocation({ latitude: Number(seven.latitude), longitude: Number(seven.longitude) + 0.00002 });
  await readyForOffline(page);
  await context.setOffline(true);
  await page.getByRole('button', { name: 'Nearest door' }).click();
  await expect(card(page)).toHaveAttribute('data-door', seven.id);
  await expect(page.getByText(/^Nearest door: 7 Rue du Champ-de-Mars, about \d+ m away\.$/)).toBeVisible();
});
