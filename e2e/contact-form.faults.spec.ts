import { clearFaults, idempotencyKey, queueFaults, sandboxContacts, sendAndCapture, uniqueName } from './contact-helpers';
import { expect, signIn, test } from './fixtures';

// Qomon misbehaving, through the sandbox's fault injection. The faults are global to the one test
// server: this file runs alone, after every other spec (the chromium-faults project in
// playwright.config.ts), one test at a time, and each queues faults for exactly its own requests.
test.describe.configure({ mode: 'serial' });

test.afterEach(async ({ request }) => {
  await clearFaults(request);
});

test('a field Qomon refuses (relayed as 422) is shown on that field, and the fixed contact goes with the same key', async ({ page }, testInfo) => {
  const surname = uniqueName(testInfo);
  await signIn(page);
  await page.getByLabel('Surname', { exact: true }).fill(surname);
  const mail = page.getByLabel('Email', { exact: true });
  await mail.fill(`${surname.toLowerCase()}@blocked.example.org`);

  await queueFaults(page.request, {
    queue: ['http422'],
    rejectErrors: [{ location: 'body.data.mail', message: 'This address is on the campaign’s opt-out list' }],
  });
  const refused = await sendAndCapture(page);
  await expect(mail).toBeFocused();
  await expect(mail).toHaveAttribute('aria-invalid', 'true');
  await expect(mail).toHaveAccessibleDescription('This address is on the campaign’s opt-out list');
  await expect(page.getByRole('alert').filter({ hasText: 'Fix these before sending' })).toContainText('Email: This address is on the campaign’s opt-out list');
  await expect(page.getByRole('alert').filter({ hasText: 'Not sent: some answers need fixing' })).toBeVisible();
  expect(await sandboxContacts(page.request, idempotencyKey(refused))).toEqual([]);

  await mail.fill(`${surname.toLowerCase()}@example.org`);
  const sent = await sendAndCapture(page);
  await expect(page.getByRole('heading', { name: 'Contact sent' })).toBeVisible();
  // A refused contact is not stored by the server: the same key carries the fixed one.
  expect(idempotencyKey(sent)).toBe(idempotencyKey(refused));
  const received = await sandboxContacts(page.request, idempotencyKey(sent));
  expect(received.map((c) => c.body)).toEqual([{ kind: 'contact', data: { surname, mail: `${surname.toLowerCase()}@example.org`, address: { country: 'France' } } }]);
});

test('Qomon down, then rate-limiting: said plainly, everything kept, and sent once in the end', async ({ page }, testInfo) => {
  const surname = uniqueName(testInfo);
  await signIn(page);
  await page.getByLabel('Surname', { exact: true }).fill(surname);
  // Qomon's 503 reaches the app as 502, its 429 as 503 with Retry-After.
  await queueFaults(page.request, { queue: ['http503', 'http429'], retryAfterSeconds: 2 });
  const down = await sendAndCapture(page);
  await expect(page.getByRole('alert').filter({ hasText: 'Not sent: the server or Qomon is not answering' })).toBeVisible();
  await expect(page.getByLabel('Surname', { exact: true })).toHaveValue(surname);

  const limited = await sendAndCapture(page);
  await expect(page.getByRole('alert').filter({ hasText: 'Not sent: the server asks to wait' })).toContainText('try again in 2 s');

  const sent = await sendAndCapture(page);
  await expect(page.getByRole('heading', { name: 'Contact sent' })).toBeVisible();
  expect(new Set([down, limited, sent].map(idempotencyKey)).size).toBe(1);
  expect(await sandboxContacts(page.request, idempotencyKey(sent))).toHaveLength(1);
});
