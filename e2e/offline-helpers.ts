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
export const storedOutbox = (page: Page) => storedRecords<StoredOutboxItem>(page, 'outbox', 'createdAt');

export async function outboxKeys(page: Page): Promise<string[]> {
  return (await storedOutbox(page)).map((item) => item.key);
}

/** The status bar's counts line ("3 waiting · oldest 1 min · …"). */
export const outboxCounts = (page: Page) => page.getByTestId('outbox-counts');

export const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });

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

/** Every record of one of the app's IndexedDB stores, read straight from the database (in the
 * order of `index`, if given). A database the app has not made yet reads as empty: opening it here
 * must not make it, or the app would find an empty database of its own version, without its
 * stores, and fail on every write. */
function storedRecords<T>(page: Page, store: 'drafts' | 'receipts' | 'outbox', index?: string): Promise<T[]> {
  return page.evaluate(
    ([name, indexName]) =>
      new Promise<T[]>((resolve, reject) => {
        const open = indexedDB.open('doorstep');
        open.onupgradeneeded = () => open.transaction?.abort();
        open.onerror = () => (open.error?.name === 'AbortError' ? resolve([]) : reject(open.error));
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains(name)) {
            db.close();
            resolve([]);
            return;
          }
          const source = db.transaction(name).objectStore(name);
          const request = (indexName ? source.index(indexName) : source).getAll();
          request.onsuccess = () => {
            db.close();
            resolve(request.result as T[]);
          };
          request.onerror = () => reject(request.error);
        };
      }),
    [store, index] as const,
  );
}

export const storedDrafts = (page: Page) => storedRecords<StoredDraft>(page, 'drafts');
export const storedReceipts = (page: Page) => storedRecords<StoredReceipt>(page, 'receipts');

/** Writes receipts as the app would have after delivering contacts (an older visit's, say). */
export function putReceipts(page: Page, receipts: StoredReceipt[]): Promise<void> {
  return page.evaluate(
    (all) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('doorstep');
        // Made by the app, not here (see storedRecords).
        open.onupgradeneeded = () => open.transaction?.abort();
        open.onerror = () => reject(open.error?.name === 'AbortError' ? new Error('the app has not made its database yet') : open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction('receipts', 'readwrite');
          for (const receipt of all) tx.objectStore('receipts').put(receipt);
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    receipts,
  );
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
      body: JSON.stringify({ type: 'https://doorstep.invalid/problems/validation', title: 'Qomon refused the contact', status: 422, errors }),
    });
  });
}
