// Which field of the app the browser rows measure. The contact form is what they are about; until
// it renders (signed in, at `/`), they fall back on the sign-in screen's access-code field and say
// so in the row.

import type { Browser, Locator, Page } from '@playwright/test';
import { freshContext, signIn } from './browser';

/** A field that takes typed text: the first one in the page's main form. */
export const TEXT_FIELD =
  'form input:not([type]), form input[type=text], form input[type=email], form input[type=tel], form input[type=search], form textarea';

export interface AppTarget {
  /** Whether the measured page is the signed-in contact form. */
  contactForm: boolean;
  /** For the tables: which screen and field were measured. */
  label: string;
}

export function firstField(page: Page): Locator {
  return page.locator(TEXT_FIELD).first();
}

/** Opens the app once, unthrottled and signed in, and looks for the contact form. */
export async function probeApp(browser: Browser, baseUrl: string, accessCode: string): Promise<AppTarget> {
  const context = await freshContext(browser);
  try {
    await signIn(context, baseUrl, accessCode);
    const page = await context.newPage();
    await page.goto(`${baseUrl}/`);
    const field = firstField(page);
    try {
      await field.waitFor({ state: 'visible', timeout: 15_000 });
    } catch {
      return {
        contactForm: false,
        label: 'sign-in screen, access-code field (signed in, the app showed no form field: contact form not built yet)',
      };
    }
    const name = (await field.getAttribute('name')) ?? (await field.getAttribute('id')) ?? '?';
    if (name === 'accessCode') {
      return { contactForm: false, label: 'sign-in screen, access-code field (signing in did not open a form)' };
    }
    return { contactForm: true, label: `contact form, first field (\`${name}\`)` };
  } finally {
    await context.close();
  }
}
