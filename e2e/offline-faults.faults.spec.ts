import type { Request } from '@playwright/test';
import { clearFaults, queueFaults, sandboxContacts, uniqueName } from './contact-helpers';
import { expect, signIn, test } from './fixtures';
import { field, outboxCounts, outboxKeys, queueContact, storedOutbox, waitForNeedsFixing, waitForOutboxEmpty } from './offline-helpers';

// The outbox against a misbehaving Qomon (the sandbox's fault injection, global to the one test
// server: this file runs in the faults project, after every other spec, one test at a time).
test.describe.configure({ mode: 'serial' });

test.afterEach(async ({ request }) => {
  await clearFaults(request);
});

test('5xx, 429 with Retry-After and cut replies, then recovery: every contact delivered, under its own key', async ({
  page,
  context,
}, testInfo) => {
  const surname = uniqueName(testInfo);
  await signIn(page);

  // Qomon answers 500, 503 and 429 (Retry-After 2 s) to the first three forwards, then stores one
  // but loses its reply (`cut`). The app's own first 202 from the server is cut as well: the
  // server did forward that contact, and answers its retry from its record.
  await queueFaults(page.request, { queue: ['http500', 'http503', 'http429', 'cut'], retryAfterSeconds: 2 });
  const posted: string[] = [];
  page.on('request', (r: Request) => {
    if (r.method() === 'POST' && r.url().endsWith('/api/contacts')) posted.push(r.headers()['idempotency-key']!);
  });
  let cutKey: string | undefined;
  let copiesAtCut = 0;
  // The rate-limited contact (the server's 503 relaying Qomon's 429): its next try is held until
  // the test has read how the outbox scheduled it. Otherwise that state lasts the 2 s of
  // Retry-After only, and a machine slow to type the three contacts would read it too late.
  let limitedKey: string | undefined;
  let readLimited!: () => void;
  const limitedRead = new Promise<void>((resolve) => (readLimited = resolve));
  // The context's route, not the page's: it sees the requests that pass through the service worker.
  await context.route('**/api/contacts', async (route) => {
    const key = route.request().headers()['idempotency-key'];
    if (key === limitedKey) await limitedRead;
    if (cutKey !== undefined) return route.fallback();
    const answer = await route.fetch();
    if (answer.status() === 503) limitedKey ??= key;
    if (answer.status() !== 202) return route.fulfill({ response: answer });
    cutKey = key;
    copiesAtCut = (await sandboxContacts(page.request, key!)).length;
    return route.abort('connectionreset');
  });
  for (const n of [1, 2, 3]) await queueContact(page, `${surname}-${n}`);

  // The rate-limited one waits at least as long as the server asked.
  await expect.poll(async () => (await storedOutbox(page)).find((i) => i.lastError?.status === 503), { timeout: 0 }).toBeTruthy();
  const limited = (await storedOutbox(page)).find((i) => i.lastError?.status === 503)!;
  expect(limited.key).toBe(limitedKey);
  expect(limited.nextAttemptAt - limited.lastAttemptAt!).toBeGreaterThanOrEqual(2_000);
  readLimited();

  await waitForOutboxEmpty(page);
  const keys = [...new Set(posted)];
  expect(keys).toHaveLength(3);
  const received = await Promise.all(keys.map((key) => sandboxContacts(page.request, key)));
  expect(received.map((copies) => (copies[0]?.body as { data: { surname: string } }).data.surname).sort()).toEqual(
    [1, 2, 3].map((n) => `${surname}-${n}`),
  );
  // Only the contact whose reply Qomon itself cut can be there twice: the server cannot know
  // Qomon took it, and Qomon's upsert matches it to the same person.
  expect(received.flat().length).toBeLessThanOrEqual(keys.length + 1);
  // The one whose reply the app lost was sent again, and answered from the server's record.
  expect(cutKey).toBeDefined();
  expect(posted.filter((k) => k === cutKey).length).toBeGreaterThanOrEqual(2);
  expect(await sandboxContacts(page.request, cutKey!)).toHaveLength(copiesAtCut);
});

test('a 422 needs attention, is fixed in the form, and is delivered under the same key', async ({ page }, testInfo) => {
  const surname = uniqueName(testInfo);
  await signIn(page);
  await queueFaults(page.request, {
    queue: ['http422'],
    rejectErrors: [{ location: 'body.data.mail', message: 'This address is on the campaign’s opt-out list' }],
  });
  await queueContact(page, surname, { Email: `${surname.toLowerCase()}@blocked.example.org` });
  const [key] = await outboxKeys(page);
  await waitForNeedsFixing(page, 1, '1 needs fixing');
  expect(await sandboxContacts(page.request, key!)).toEqual([]);

  await page.getByRole('button', { name: 'Details' }).click();
  const view = page.getByRole('dialog', { name: 'Not sent yet' });
  const item = view.getByRole('listitem', { name: new RegExp(surname) });
  await expect(item).toContainText('Needs fixing');
  await expect(item).toContainText('mail: This address is on the campaign’s opt-out list');
  await item.getByRole('button', { name: /^Fix/ }).click();
  await expect(view).toBeHidden();

  const mail = field(page, 'Email');
  await expect(mail).toHaveValue(`${surname.toLowerCase()}@blocked.example.org`);
  await expect(mail).toHaveAttribute('aria-invalid', 'true');
  await expect(mail).toHaveAccessibleDescription('This address is on the campaign’s opt-out list');
  await expect(mail).toBeFocused();
  await mail.fill(`${surname.toLowerCase()}@example.org`);
  const posted = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/api/contacts'));
  await page.getByRole('button', { name: 'Send contact' }).click();
  expect((await posted).headers()['idempotency-key']).toBe(key);
  // Its answer, however long the machine takes; then the form shows it.
  await (await posted).response();
  await expect(page.getByRole('heading', { name: 'Contact sent' })).toBeVisible();
  await expect(outboxCounts(page)).toContainText('Nothing waiting');
  const received = await sandboxContacts(page.request, key!);
  expect(received.map((c) => c.body)).toEqual([
    { kind: 'contact', data: { surname, mail: `${surname.toLowerCase()}@example.org`, address: { country: 'France' } } },
  ]);
});
