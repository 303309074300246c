import type { BrowserContext, Page } from '@playwright/test';
import { expect } from './fixtures';

// Helpers of the offline specs: the outbox as the page's IndexedDB holds it, the status bar, and
// a contact typed and queued.

export interface StoredOutboxItem {
  key: string;
  state: string;
  attempts: number;
  nextAttemptAt: number;
  lastAttemptAt?: number;
  lastError?: { status: number; title: string; errors?: { location: string; message: string }[] };
  body: unknown;
}

/** The outbox as IndexedDB holds it, oldest first (read straight from the database, as the
 * app's own code would be the thing under test). */
export const storedOutbox = (page: Page) => inAppStore<StoredOutboxItem>(page, 'outbox', { index: 'createdAt' });

export async function outboxKeys(page: Page): Promise<string[]> {
  return (await storedOutbox(page)).map((item) => item.key);
}

/** The status bar's counts line ("3 waiting · oldest 1 min · …"). */
export const outboxCounts = (page: Page) => page.getByTestId('outbox-counts');

export const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });

// The two waits below follow the outbox itself, read in IndexedDB, with no limit of their own
// (`timeout: 0`): how long a delivery takes is the outbox's retry schedule (backoff with jitter,
// Retry-After) on a machine of any speed, so only the test's timeout bounds it. Then the status
// bar, which shows the store's counts within a render, is checked with the default timeout.

/** Waits until every contact has left the outbox (delivered), and the status bar says so. */
export async function waitForOutboxEmpty(page: Page): Promise<void> {
  await expect.poll(async () => (await storedOutbox(page)).length, { message: 'the outbox empties', timeout: 0 }).toBe(0);
  await expect(outboxCounts(page)).toContainText('Nothing waiting');
}

/** Waits until `count` contacts of the outbox need fixing (refused by the server), and the status
 * bar says so with `shown` ("1 needs fixing", or the French). */
export async function waitForNeedsFixing(page: Page, count: number, shown: string | RegExp): Promise<void> {
  await expect
    .poll(async () => (await storedOutbox(page)).filter((i) => i.state === 'needs-attention').length, {
      message: `${count} contacts need fixing`,
      timeout: 0,
    })
    .toBe(count);
  await expect(outboxCounts(page)).toContainText(shown);
}

/** Types a contact and queues it with Send; returns once the form says it is kept on the device
 * (or already sent), ready for the next door. */
export async function queueContact(page: Page, surname: string, extra: Record<string, string> = {}): Promise<void> {
  await field(page, 'Surname').fill(surname);
  for (const [label, value] of Object.entries(extra)) await field(page, label).fill(value);
  await page.getByRole('button', { name: 'Send contact' }).click();
  await expect(page.getByRole('heading', { name: /^(Saved on this device — it will be sent|Contact sent)$/ })).toBeVisible();
  await page.getByRole('button', { name: 'Next door' }).click();
  await expect(field(page, 'Surname')).toHaveValue('');
}

/** Offline reloads are served by the service worker: wait until it controls the page. */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  if (!(await page.evaluate(() => Boolean(navigator.serviceWorker.controller)))) {
    await page.reload();
    await expect.poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);
  }
}

/** The app as a canvasser has it after the first visit: its service worker in control (every
 * chunk cached), and the outbox loaded (its status bar on screen). Then the network can go. */
export async function readyForOffline(page: Page): Promise<void> {
  await waitForServiceWorker(page);
  await expect(outboxCounts(page)).toBeVisible();
}

export interface StoredDraft {
  id: string;
  values: { surname?: string; mail?: string; address?: { street?: string } };
  updatedAt: number;
  fixing?: string;
}

export interface StoredReceipt {
  key: string;
  queuedAt: number;
  sentAt: number;
}

type AppStore = 'drafts' | 'receipts' | 'outbox';

/** Reads every record of one of the app's IndexedDB stores (in the order of `index`, if given), or
 * puts `records` into it, straight in the database. Only a database the app has made: opening one
 * here must not make it, or the app would find an empty database of its own version, without its
 * stores, and fail on every write. None yet reads as empty, and refuses a put. */
function inAppStore<T>(page: Page, store: AppStore, op: { index?: string; put?: unknown[] }): Promise<T[]> {
  return page.evaluate(
    ([name, { index, put }]) =>
      new Promise<T[]>((resolve, reject) => {
        const open = indexedDB.open('doorstep');
        open.onupgradeneeded = () => open.transaction?.abort();
        open.onerror = () => {
          if (open.error?.name !== 'AbortError') reject(open.error);
          else if (put) reject(new Error('the app has not made its database yet'));
          else resolve([]);
        };
        open.onsuccess = () => {
          const db = open.result;
          const done = (result: T[]) => {
            db.close();
            resolve(result);
          };
          if (!db.objectStoreNames.contains(name)) return put ? reject(new Error(`no store ${name}`)) : done([]);
          if (put) {
            const tx = db.transaction(name, 'readwrite');
            for (const record of put) tx.objectStore(name).put(record);
            tx.oncomplete = () => done([]);
            tx.onerror = () => reject(tx.error);
            return;
          }
          const source = db.transaction(name).objectStore(name);
          const request = (index ? source.index(index) : source).getAll();
          request.onsuccess = () => done(request.result as T[]);
          request.onerror = () => reject(request.error);
        };
      }),
    [store, op] as const,
  );
}

export const storedDrafts = (page: Page) => inAppStore<StoredDraft>(page, 'drafts', {});
export const storedReceipts = (page: Page) => inAppStore<StoredReceipt>(page, 'receipts', {});

/** Writes receipts as the app would have after delivering contacts (an older visit's, say). */
export async function putReceipts(page: Page, receipts: StoredReceipt[]): Promise<void> {
  await inAppStore(page, 'receipts', { put: receipts });
}

/** The server refuses the next contact posted (422 with `errors`, as it relays Qomon's), without
 * it reaching the server: that key stays unknown there, so the fix can go under it. Every later
 * contact goes through. On the context, so that it sees what passes through the service worker. */
export async function refuseNextContact(context: BrowserContext, errors: { location: string; message: string }[]): Promise<void> {
  let refused = false;
  await context.route('**/api/contacts', async (route) => {
    if (refused || route.request().method() !== 'POST') return route.fallback();
    refused = true;
    await route.fulfill({
      status: 422,
      contentType: 'application/problem+json',
      body: JSON.stringify({
        type: 'https://doorstep.invalid/problems/validation',
        title: 'Qomon refused the contact',
        status: 422,
        errors,
      }),
    });
  });
}
