import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { DEMO_ACCESS_CODE, expect, signIn, test } from './fixtures';

interface SessionBody {
  canvasser: { id: string; name: string };
}
interface CampaignBody {
  name: string;
}

test('the server sends the CSP the app is built for', async ({ page }) => {
  const response = await page.goto('/');
  const csp = response?.headers()['content-security-policy'] ?? '';
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("style-src 'self'");
});

test('a wrong code is reported on the field', async ({ page }) => {
  await page.goto('/');
  const field = page.getByLabel('Access code');
  await expect(field).toHaveAttribute('autocomplete', 'one-time-code');
  await field.fill('not-the-code');
  await page.getByRole('button', { name: 'Sign in' }).click();

  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(field).toHaveAccessibleDescription(/Wrong code/);
  await expect(page.getByRole('alert')).toHaveText(/Wrong code/);
  await expect(field).toBeFocused();
});

test('an empty code is refused without asking the server', async ({ page }) => {
  let posted = false;
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.url().endsWith('/api/session')) posted = true;
  });
  await page.goto('/');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByLabel('Access code')).toHaveAccessibleDescription(/Enter your access code/);
  expect(posted).toBe(false);
});

test('too many attempts says how long to wait, from Retry-After', async ({ page }) => {
  // Locking the shared test server out for real would fail every other test's sign-in.
  await page.route('**/api/session', (route) =>
    route.request().method() === 'POST'
      ? route.fulfill({
          status: 429,
          headers: { 'content-type': 'application/problem+json', 'retry-after': '42' },
          body: JSON.stringify({ type: 'about:blank', title: 'Too many failed sign-ins', status: 429 }),
        })
      : route.fallback(),
  );
  await page.goto('/');
  await page.getByLabel('Access code').fill('anything');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByLabel('Access code')).toHaveAccessibleDescription(/Too many attempts\. Wait 42 s/);
});

test('signs in, keeps the session over a reload, and signs out', async ({ page }) => {
  await signIn(page);

  const session = await page.request.get('/api/session');
  expect(session.status()).toBe(200);
  const { canvasser } = (await session.json()) as SessionBody;
  const campaignResponse = await page.request.get('/api/campaign');
  expect(campaignResponse.status()).toBe(200);
  const campaign = (await campaignResponse.json()) as CampaignBody;

  const heading = page.getByRole('heading', { level: 1 });
  await expect(heading).toHaveText(campaign.name);
  await expect(heading).toBeFocused();
  await expect(page.getByText(`Signed in as ${canvasser.name}`)).toBeVisible();
  // The test server runs the sandbox: every signed-in screen says that nothing reaches Qomon.
  await expect(page.getByRole('note')).toHaveText('Demo: nothing goes to Qomon');

  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(campaign.name);
  await expect(page.getByText(`Signed in as ${canvasser.name}`)).toBeVisible();
  // Opened signed in, nothing had the focus to lose: the page leaves it where a page load does.
  await expect(page.getByRole('heading', { level: 1 })).not.toBeFocused();
  expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByLabel('Access code')).toBeVisible();
  expect((await page.request.get('/api/session')).status()).toBe(401);
  expect((await page.request.get('/api/campaign')).status()).toBe(401);

  await page.reload();
  await expect(page.getByLabel('Access code')).toBeVisible();
});

test.describe('in French', () => {
  // No language chosen on the device: the browser's, then the (French) campaign's.
  test.use({ locale: 'fr-FR', uiLanguage: null });

  test('speaks French to a French browser', async ({ page }) => {
    await page.goto('/');
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Connexion');
    await page.getByLabel('Code d’accès').fill(DEMO_ACCESS_CODE);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await expect(page.getByRole('button', { name: 'Se déconnecter' })).toBeVisible();
    await expect(page.getByRole('note')).toHaveText('Démo : rien ne part vers Qomon');
  });
});

// Only violations are looked at: skipping the details of what passed speeds up the scan of the
// long contact form.
const axe = (page: Page) => new AxeBuilder({ page }).options({ resultTypes: ['violations'] }).analyze();

test.describe('accessibility', () => {
  test('the sign-in screen has no axe violations, with and without an error', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByLabel('Access code')).toBeVisible();
    expect((await axe(page)).violations).toEqual([]);

    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toBeVisible();
    expect((await axe(page)).violations).toEqual([]);
  });

  test('the signed-in screen, the empty contact form, has no axe violations', async ({ page }) => {
    await signIn(page);
    await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).not.toHaveText('Loading…');
    expect((await axe(page)).violations).toEqual([]);
  });
});

for (const width of [360, 1024]) {
  test.describe(`at ${width} px wide`, () => {
    test.use({ viewport: { width, height: 740 } });

    test('nothing scrolls sideways and the buttons are big enough to hit', async ({ page }, testInfo) => {
      const noSidewaysScroll = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

      await page.goto('/');
      const signInButton = page.getByRole('button', { name: 'Sign in' });
      await expect(signInButton).toBeVisible();
      expect(await noSidewaysScroll()).toBe(true);
      expect((await signInButton.boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(44);
      expect((await page.getByLabel('Access code').boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(44);

      await signIn(page);
      const signOutButton = page.getByRole('button', { name: 'Sign out' });
      await expect(signOutButton).toBeVisible();
      await expect(page.getByRole('heading', { level: 1 })).not.toHaveText('Loading…');
      expect(await noSidewaysScroll()).toBe(true);
      expect((await signOutButton.boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(44);

      await page.screenshot({ path: testInfo.outputPath(`signed-in-${width}.png`), fullPage: true });
    });
  });
}
