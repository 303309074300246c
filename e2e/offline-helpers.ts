import type { Page } from '@playwright/test';
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
export function storedOutbox(page: Page): Promise<StoredOutboxItem[]> {
  return page.evaluate(
    () =>
      new Promise<StoredOutboxItem[]>((resolve, reject) => {
        const open = indexedDB.open('doorstep');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('outbox')) {
            db.close();
            resolve([]);
            return;
          }
          const request = db.transaction('outbox').objectStore('outbox').index('createdAt').getAll();
          request.onsuccess = () => {
            db.close();
            resolve(request.result as StoredOutboxItem[]);
          };
          request.onerror = () => reject(request.error);
        };
      }),
  );
}

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
