import { test as base, expect, type Page } from '@playwright/test';

export { expect };

export const DEMO_ACCESS_CODE = 'e2e-demo-code';

declare global {
  interface Window {
    __reportCspViolation?: (violation: string) => void;
  }
}

/** Every test fails if the page trips the server's Content-Security-Policy: an inline style or
 * script that works in `vite dev` is blocked in production, and the app then breaks quietly. */
export const test = base.extend<{ cspViolations: string[] }>({
  cspViolations: [
    async ({ page }, use) => {
      const violations: string[] = [];
      // A binding survives navigations and reloads, where a page-side array would be lost.
      await page.exposeFunction('__reportCspViolation', (violation: string) => violations.push(violation));
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (event) => {
          window.__reportCspViolation?.(`${event.violatedDirective} blocked ${event.blockedURI || '(inline)'}`);
        });
      });
      page.on('console', (message) => {
        if (message.text().includes('Content Security Policy')) violations.push(message.text());
      });
      await use(violations);
      expect(violations, 'CSP violations').toEqual([]);
    },
    { auto: true },
  ],
});

/** Signs in through the form, and returns once the signed-in screen shows (so the session
 * cookie is set for `page.request` too). */
export async function signIn(page: Page, code = DEMO_ACCESS_CODE): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Access code').fill(code);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}
