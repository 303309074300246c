import { test as base, expect, type Page } from '@playwright/test';

export { expect };

export const DEMO_ACCESS_CODE = 'e2e-demo-code';

/** Where the app keeps the canvasser's language choice (see src/client/lib/ui-language.ts). */
export const LANGUAGE_STORAGE_KEY = 'doorstep.language';

declare global {
  interface Window {
    __reportCspViolation?: (violation: string) => void;
  }
}

export interface Options {
  /** The interface language chosen on the device before the test, as if the canvasser had picked
   * it with the switch; null leaves the app to pick (campaign, then browser). The example
   * campaign is French, so without a choice the signed-in screens speak French. */
  uiLanguage: 'en' | 'fr' | null;
}

/** Every test fails if the page trips the server's Content-Security-Policy: an inline style or
 * script that works in `vite dev` is blocked in production, and the app then breaks quietly. */
export const test = base.extend<Options & { cspViolations: string[]; presetLanguage: void }>({
  uiLanguage: ['en', { option: true }],
  presetLanguage: [
    async ({ page, uiLanguage }, use) => {
      if (uiLanguage) {
        // Only when nothing is chosen yet: a choice made with the switch during the test survives
        // its reloads.
        await page.addInitScript(
          ([key, language]) => {
            if (!localStorage.getItem(key)) localStorage.setItem(key, language);
          },
          [LANGUAGE_STORAGE_KEY, uiLanguage] as const,
        );
      }
      await use();
    },
    { auto: true },
  ],
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
 * cookie is set for `page.request` too). Expects the English interface (the default option). */
export async function signIn(page: Page, code = DEMO_ACCESS_CODE): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Access code').fill(code);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}
