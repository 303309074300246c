import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { idempotencyKey, sandboxContacts, sendAndCapture, uniqueName } from './contact-helpers';
import { DEMO_ACCESS_CODE, expect, signIn, test } from './fixtures';

// The contact form against the real server in sandbox mode, with the shipped example campaign
// (config/example-campaign.json). The interface is English (see fixtures' uiLanguage); the
// campaign's own labels are French.

const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });
const group = (page: Page, name: string) => page.getByRole('group', { name, exact: true });
const choose = (page: Page, groupName: string, answer: string) =>
  group(page, groupName).getByRole('radio', { name: answer, exact: true }).check();
const tick = (page: Page, groupName: string, answer: string) =>
  group(page, groupName).getByRole('checkbox', { name: answer, exact: true }).check();

async function axeViolations(page: Page) {
  // Only violations are looked at: skipping the details of what passed halves the scan of a long form.
  return (await new AxeBuilder({ page }).options({ resultTypes: ['violations'] }).analyze()).violations;
}

async function openAll(page: Page) {
  for (const summary of ['More address details', 'Birth and nationality', 'Advanced: update a known contact']) {
    const details = page.locator('details', { has: page.getByText(summary, { exact: true }) });
    if (!(await details.evaluate((d: HTMLDetailsElement) => d.open))) await page.getByText(summary, { exact: true }).click();
  }
}

test.describe('filling and sending', () => {
  test.use({ geolocation: { latitude: 45.7485, longitude: 4.8467 }, permissions: ['geolocation'] });

  test('every section goes to Qomon exactly as its upsert contract says', async ({ page }, testInfo) => {
    // It fills every field of the form, then reads the sandbox: on a busy two-core machine that
    // takes close to the default 30 s, so it gets the slow budget (a limit, not a speed target).
    test.slow();
    const surname = uniqueName(testInfo);
    const mail = `${surname.toLowerCase()}@example.org`;
    await signIn(page);
    await openAll(page);

    // Door
    await field(page, 'Street').fill('rue Béchevelin');
    await field(page, 'Number').fill('12');
    await field(page, 'Bis, ter').fill('bis');
    await field(page, 'Building').fill('B');
    await field(page, 'Floor').fill('3');
    await field(page, 'Door').fill('31');
    await field(page, 'Postal code').fill('69007');
    await field(page, 'City').fill('Lyon');
    await field(page, 'Address notes').fill('Digicode 4512');
    await page.getByRole('button', { name: 'Use my location' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Location added.' })).toBeVisible();
    await expect(field(page, 'Latitude')).toHaveValue('45.748500');
    await expect(field(page, 'Longitude')).toHaveValue('4.846700');
    await field(page, 'INSEE city code').fill('69387');
    await field(page, 'Polling station').fill('0712');
    await field(page, 'County').fill('Rhône');
    await field(page, 'State or region').fill('Auvergne-Rhône-Alpes');
    await expect(field(page, 'Country')).toHaveValue('France');
    await choose(page, 'Résultat à la porte', 'Présent·e, échange à la porte');

    // Person
    await field(page, 'First name').fill('Marie');
    await field(page, 'Surname').fill(surname);
    await field(page, 'Married name').fill('Martin');
    await choose(page, 'Age', '35-49 ans');
    await field(page, 'Date of birth').fill('1984-05-17');
    await field(page, 'Town of birth').fill('Saint-Étienne');
    await field(page, 'Department of birth').fill('Loire');
    await field(page, 'Country of birth').fill('France');
    await field(page, 'Nationality').fill('française');

    // Reach
    await field(page, 'Email').fill(mail);
    await field(page, 'Mobile').fill('06 12 34 56 78');
    await field(page, 'Phone').fill('04 78 12 34 56');
    await field(page, 'Do not contact again').check();

    // Consents: each an explicit choice, none ticked beforehand.
    const consents = [
      'Accepte de recevoir des e-mails de la liste',
      'Accepte de recevoir des SMS',
      "Accepte d'être rappelé·e par téléphone",
    ];
    for (const consent of consents) await expect(group(page, consent).getByRole('radio', { checked: true })).toHaveCount(0);
    // The campaign's notice comes first, in the interface's language, with its link and version.
    const notice = page.locator('#consent-notice');
    await expect(notice).toContainText('Before asking, tell the person:');
    await expect(notice).toContainText('Answering is optional');
    await expect(notice.getByRole('link', { name: 'Full notice (version 2027-01)' })).toHaveAttribute(
      'href',
      'https://ensemble-guillotiere.fr/confidentialite',
    );
    const answeredFrom = Date.now();
    await choose(page, consents[0]!, 'Yes');
    await choose(page, consents[1]!, 'No');
    await choose(page, consents[2]!, 'Yes');

    // Support and surveys
    await choose(page, 'Niveau de soutien', 'Plutôt favorable');
    await choose(page, 'Quel sujet compte le plus pour vous dans le quartier ?', 'Transports et vélo');
    await tick(page, 'Quels équipements du quartier fréquentez-vous ?', 'Piscine');
    await tick(page, 'Quels équipements du quartier fréquentez-vous ?', 'Bibliothèque du 7e Jean Macé');
    await choose(page, 'Comptez-vous voter à l’élection partielle de février 2027 ?', 'Yes');
    await field(page, 'Un message pour la liste ?').fill('Plus de pistes cyclables');
    await choose(page, 'Rappeler', 'Yes');
    await choose(page, 'Procuration', 'Peut porter une procuration');
    await choose(page, 'Envoyer le programme', 'No');
    await field(page, 'Profession').fill('Infirmière');
    await field(page, 'Nombre de personnes au foyer').fill('3');
    await field(page, "Date d'arrivée dans le quartier").fill('2019-09-01');
    await choose(page, 'Situation de logement', 'Locataire du parc privé');
    await tick(page, "Souhaite s'engager pour", 'Phoning');
    await tick(page, "Souhaite s'engager pour", 'Porte-à-porte');
    await choose(page, 'Inscrit·e sur les listes électorales à Lyon', 'Yes');

    // Tags: two suggestions one tap each, and a free one.
    await page.getByRole('checkbox', { name: 'transports', exact: true }).check();
    await page.getByRole('checkbox', { name: 'logement', exact: true }).check();
    await field(page, 'Add a tag').fill('voisins vigilants');
    await field(page, 'Add a tag').press('Enter');
    await expect(page.getByRole('checkbox', { name: 'voisins vigilants', exact: true })).toBeChecked();

    // Notes: two, the second pinned.
    await field(page, 'Note 1').fill('Très intéressée par le vélo');
    await page.getByRole('button', { name: 'Add a note' }).click();
    await expect(field(page, 'Note 2')).toBeFocused();
    await field(page, 'Note 2').fill('Rappeler après 18 h');
    await page.getByRole('checkbox', { name: 'Pin this note' }).nth(1).check();

    // Advanced
    await field(page, 'Qomon contact id').fill('123456');
    await field(page, 'NationBuilder id').fill('789');

    const request = await sendAndCapture(page);
    await expect(page.getByRole('heading', { name: 'Contact sent' })).toBeFocused();
    await expect(page.getByText(`Marie ${surname} · 12 bis rue Béchevelin, Lyon`)).toBeVisible();

    const expected = {
      kind: 'contact',
      data: {
        address: {
          street: 'rue Béchevelin',
          housenumber: '12',
          addition: 'bis',
          building: 'B',
          floor: '3',
          door: '31',
          postalcode: '69007',
          city: 'Lyon',
          citycode: '69387',
          county: 'Rhône',
          state: 'Auvergne-Rhône-Alpes',
          country: 'France',
          pollingstation: '0712',
          infos: 'Digicode 4512',
          latitude: '45.748500',
          longitude: '4.846700',
        },
        firstname: 'Marie',
        surname,
        married_name: 'Martin',
        birthdate: '1984-05-17',
        birthcity: 'Saint-Étienne',
        birthdept: 'Loire',
        birthcountry: 'France',
        nationality: 'française',
        age_category: 3,
        mail,
        mobile: '+33612345678',
        phone: '+33478123456',
        black_list: true,
        consents: [
          { id: 101, label: 'Accepte de recevoir des e-mails de la liste', value: 'consent_email' },
          { id: 103, label: "Accepte d'être rappelé·e par téléphone", value: 'consent_phone' },
        ],
        name_presences: [{ id: 201, label: 'Résultat à la porte', value: 'present' }],
        status: [{ id: 301, label: 'Niveau de soutien', value: 'plutot_favorable' }],
        forms: [
          { id: 401, label: 'Quel sujet compte le plus pour vous dans le quartier ?', value: 'transports' },
          { id: 402, label: 'Quels équipements du quartier fréquentez-vous ?', value: 'bibliotheque' },
          { id: 402, label: 'Quels équipements du quartier fréquentez-vous ?', value: 'piscine' },
          { id: 403, label: 'Comptez-vous voter à l’élection partielle de février 2027 ?', value: 'yes' },
          { id: 404, label: 'Un message pour la liste ?', value: 'Plus de pistes cyclables' },
        ],
        actions: [
          { id: 501, label: 'Rappeler', value: 'yes' },
          { id: 502, label: 'Procuration', value: 'peut_porter' },
          { id: 503, label: 'Envoyer le programme', value: 'no' },
        ],
        custom_fields: [
          { id: 601, label: 'Profession', value: 'Infirmière' },
          { id: 602, label: 'Nombre de personnes au foyer', value: '3' },
          { id: 603, label: "Date d'arrivée dans le quartier", value: '2019-09-01' },
          { id: 604, label: 'Situation de logement', value: 'locataire_prive' },
          { id: 605, label: "Souhaite s'engager pour", value: 'porte_a_porte' },
          { id: 605, label: "Souhaite s'engager pour", value: 'phoning' },
          { id: 606, label: 'Inscrit·e sur les listes électorales à Lyon', value: 'yes' },
        ],
        tags: [{ name: 'transports' }, { name: 'logement' }, { name: 'voisins vigilants' }],
        notes: [
          { content: 'Très intéressée par le vélo', pinned: false },
          { content: 'Rappeler après 18 h', pinned: true },
        ],
        id: 123456,
        nationbuilderid: 789,
      },
    };
    // Each answer given, yes or no, goes with its proof: the notice version on screen and when.
    const sent = request.postDataJSON() as { consentProof: { at: string }[] };
    const proof = (id: number, answer: string) => ({ id, answer, noticeVersion: '2027-01', at: expect.any(String) });
    expect(sent).toEqual({ ...expected, consentProof: [proof(101, 'yes'), proof(102, 'no'), proof(103, 'yes')] });
    for (const { at } of sent.consentProof) {
      expect(Date.parse(at)).toBeGreaterThanOrEqual(answeredFrom - 1000);
      expect(Date.parse(at)).toBeLessThanOrEqual(Date.now());
    }
    const received = await sandboxContacts(page.request, idempotencyKey(request));
    expect(received).toHaveLength(1);
    // Qomon gets its own body, the proof as a pinned note signed by the server with the session's
    // canvasser: the demo canvasser here.
    const [first, second, third] = sent.consentProof.map((p) => new Date(p.at).toISOString());
    const proofNote = {
      pinned: true,
      content: [
        'Preuve de consentement (Doorstep)',
        'Recueilli par : Démo (demo)',
        'Notice 2027-01 : https://ensemble-guillotiere.fr/confidentialite',
        `- Accepte de recevoir des e-mails de la liste (consent_email) : oui, ${first}, notice 2027-01`,
        `- Accepte de recevoir des SMS (consent_sms) : non, ${second}, notice 2027-01`,
        `- Accepte d'être rappelé·e par téléphone (consent_phone) : oui, ${third}, notice 2027-01`,
      ].join('\n'),
    };
    expect(received[0]!.body).toEqual({ ...expected, data: { ...expected.data, notes: [...expected.data.notes, proofNote] } });

    expect(await axeViolations(page), 'the confirmation').toEqual([]);
  });

  test('next door keeps the street, same household keeps the whole address', async ({ page }, testInfo) => {
    const surname = uniqueName(testInfo);
    await signIn(page);
    await field(page, 'Street').fill('rue de Marseille');
    await field(page, 'Number').fill('40');
    await field(page, 'Door').fill('2');
    await field(page, 'Postal code').fill('69007');
    await field(page, 'City').fill('Lyon');
    await field(page, 'Surname').fill(`${surname}-a`);
    await choose(page, 'Niveau de soutien', 'Soutien fort');
    const first = await sendAndCapture(page);
    await expect(page.getByRole('heading', { name: 'Contact sent' })).toBeVisible();

    await page.getByRole('button', { name: 'Next door' }).click();
    await expect(field(page, 'Number')).toBeFocused();
    await expect(field(page, 'Number')).toHaveValue('');
    await expect(field(page, 'Door')).toHaveValue('');
    await expect(field(page, 'Street')).toHaveValue('rue de Marseille');
    await expect(field(page, 'Postal code')).toHaveValue('69007');
    await expect(field(page, 'City')).toHaveValue('Lyon');
    await expect(field(page, 'Surname')).toHaveValue('');
    await expect(group(page, 'Niveau de soutien').getByRole('radio', { checked: true })).toHaveCount(0);

    await field(page, 'Number').fill('42');
    await field(page, 'Surname').fill(`${surname}-b`);
    const second = await sendAndCapture(page);
    await expect(page.getByRole('heading', { name: 'Contact sent' })).toBeVisible();
    // A new contact, a new key.
    expect(idempotencyKey(second)).not.toBe(idempotencyKey(first));
    const [nextDoor] = await sandboxContacts(page.request, idempotencyKey(second));
    expect(nextDoor?.body).toEqual({
      kind: 'contact',
      data: {
        address: { street: 'rue de Marseille', housenumber: '42', postalcode: '69007', city: 'Lyon', country: 'France' },
        surname: `${surname}-b`,
      },
    });

    await page.getByRole('button', { name: 'Same household' }).click();
    await expect(field(page, 'First name')).toBeFocused();
    await expect(field(page, 'Number')).toHaveValue('42');
    await expect(field(page, 'Surname')).toHaveValue('');
    await field(page, 'First name').fill('Léa');
    await field(page, 'Surname').fill(`${surname}-b`);
    const third = await sendAndCapture(page);
    await expect(page.getByRole('heading', { name: 'Contact sent' })).toBeVisible();
    const [household] = await sandboxContacts(page.request, idempotencyKey(third));
    expect(household?.body).toMatchObject({ data: { address: { housenumber: '42', street: 'rue de Marseille' }, firstname: 'Léa' } });
  });
});

test.describe('checks before sending', () => {
  test('errors show on blur and on send, with a summary that leads to each field', async ({ page }) => {
    // The empty form's axe scan is session.spec.ts's "signed-in screen".
    await signIn(page);

    // Nothing typed: nobody to identify, an error about the contact as a whole.
    let posted = false;
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/api/contacts')) posted = true;
    });
    await page.getByRole('button', { name: 'Send contact' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'Fix these before sending' });
    await expect(summary).toContainText('A contact needs a name, an email, a phone, a mobile or a street address');
    await expect(summary).toBeFocused();

    // An error shows when the field is left, tied to it.
    const mail = field(page, 'Email');
    await mail.fill('marie@');
    await mail.blur();
    await expect(mail).toHaveAttribute('aria-invalid', 'true');
    await expect(mail).toHaveAccessibleDescription('Must be an email address');
    await page.getByText('Advanced: update a known contact', { exact: true }).click();
    await field(page, 'Qomon contact id').fill('12x');
    // The advanced part folds away again: the summary's link must open it.
    await page.getByText('Advanced: update a known contact', { exact: true }).click();

    await field(page, 'Surname').fill('Dupont');
    await page.getByRole('button', { name: 'Send contact' }).click();
    // Focus goes to the first error on the page; the summary lists each, in page order.
    await expect(mail).toBeFocused();
    await expect(summary.getByRole('link')).toHaveText(['Email: Must be an email address', 'Qomon contact id: Write a whole number.']);
    await summary.getByRole('link', { name: /Qomon contact id/ }).click();
    await expect(field(page, 'Qomon contact id')).toBeFocused();
    await expect(field(page, 'Qomon contact id')).toHaveAttribute('aria-invalid', 'true');
    expect(await axeViolations(page), 'the form with errors').toEqual([]);
    expect(posted).toBe(false);

    // Fixed as typed: the errors go.
    await mail.fill('marie@example.org');
    await expect(mail).not.toHaveAttribute('aria-invalid', 'true');
  });

  test('a required custom field of the campaign must be answered', async ({ page }) => {
    // The example campaign has no required field: this one is made so, for the browser only.
    await page.route('**/api/campaign', async (route) => {
      const response = await route.fetch();
      // Asked for before sign-in too (boot.ts asks at once): a refusal goes through as it is.
      if (!response.ok()) return route.fulfill({ response });
      const campaign = (await response.json()) as { customFields: { id: number; required?: boolean }[] };
      for (const f of campaign.customFields) if (f.id === 604) f.required = true;
      await route.fulfill({ response, json: campaign });
    });
    await signIn(page);
    await expect(group(page, 'Situation de logement (required)')).toBeVisible();
    await field(page, 'Surname').fill('Dupont');
    await page.getByRole('button', { name: 'Send contact' }).click();
    const first = group(page, 'Situation de logement (required)').getByRole('radio').first();
    await expect(first).toBeFocused();
    await expect(first).toHaveAccessibleDescription('Answer this question.');
    await choose(page, 'Situation de logement (required)', 'Propriétaire');
    await expect(first).not.toHaveAttribute('aria-invalid', 'true');
  });

  test('phone numbers are normalised to E.164 with the campaign’s country, and an impossible one is refused', async ({
    page,
  }, testInfo) => {
    await signIn(page);
    const mobile = field(page, 'Mobile');
    await mobile.fill('06 12 34 56 78');
    await mobile.blur();
    await expect(mobile).toHaveValue('+33612345678');

    const phone = field(page, 'Phone');
    await phone.fill('12345');
    await phone.blur();
    await expect(phone).toHaveAccessibleDescription('Not a valid phone number (France). For another country, start with + and its code.');
    await expect(phone).toHaveValue('12345');
    await phone.fill('+44 20 7946 0958');
    await phone.blur();
    await expect(phone).toHaveValue('+442079460958');
    await expect(phone).not.toHaveAttribute('aria-invalid', 'true');

    // Sent before the field is left: the send waits for the number to be normalised.
    const surname = uniqueName(testInfo);
    await field(page, 'Surname').fill(surname);
    await mobile.fill('07.98.76.54.32');
    const posted = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/api/contacts'));
    await page.locator('form.contact-form').evaluate((form: HTMLFormElement) => form.requestSubmit());
    const request = await posted;
    expect(request.postDataJSON()).toMatchObject({ data: { mobile: '+33798765432', phone: '+442079460958', surname } });
    await expect(page.getByRole('heading', { name: 'Contact sent' })).toBeVisible();
  });
});

test.describe('languages', () => {
  test.use({ uiLanguage: null });

  test('the campaign’s language by default, a switch to English that is kept, zod’s messages too', async ({ page }) => {
    await page.goto('/');
    // Before sign-in the browser's language (en-GB); the French campaign's after.
    await page.getByLabel('Access code').fill(DEMO_ACCESS_CODE);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { name: 'Adresse et porte' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    await expect(page.getByRole('button', { name: 'Se déconnecter' })).toBeVisible();

    const mail = field(page, 'E-mail');
    await mail.fill('marie@');
    await mail.blur();
    await expect(mail).toHaveAccessibleDescription('Saisissez une adresse e-mail, comme nom@exemple.fr.');

    await page.getByRole('button', { name: /English/ }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('heading', { name: 'Address and door' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
    await expect(field(page, 'Email')).toHaveAccessibleDescription('Must be an email address');
    await expect(page.getByRole('button', { name: /English/ })).toHaveAttribute('aria-pressed', 'true');
    // What was typed stays.
    await expect(field(page, 'Email')).toHaveValue('marie@');

    await page.reload();
    await expect(page.getByRole('heading', { name: 'Address and door' })).toBeVisible();
    await page.getByRole('button', { name: /Français/ }).click();
    await expect(page.getByRole('heading', { name: 'Adresse et porte' })).toBeVisible();
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    // What was typed is a draft: signing out asks, in French too, whether to keep it here.
    const question = page.getByRole('alertdialog', { name: 'Se déconnecter\u00a0: ce que vous laissez sur cet appareil' });
    await expect(question).toContainText('1\u00a0brouillon (un contact non terminé) reste ici pour vous');
    await question.getByRole('button', { name: 'Me déconnecter, garder mes brouillons ici' }).click();
    await expect(page.getByRole('heading', { name: 'Connexion' })).toBeVisible();
  });
});

test.describe('when the send fails', () => {
  test('no connection: the contact is kept on the device, and its retry uses the same Idempotency-Key', async ({
    page,
    context,
  }, testInfo) => {
    const surname = uniqueName(testInfo);
    await signIn(page);
    await field(page, 'Surname').fill(surname);
    await field(page, 'Email').fill(`${surname.toLowerCase()}@example.org`);
    // The context's route sees requests that pass through the service worker too.
    await context.route('**/api/contacts', (route) => route.abort('internetdisconnected'), { times: 1 });
    const failed = await sendAndCapture(page);
    // Kept on the device and retried by the outbox, without the canvasser doing anything.
    const retried = await page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/api/contacts'));
    await expect(page.getByRole('heading', { name: 'Contact sent' })).toBeVisible();
    expect(idempotencyKey(retried)).toBe(idempotencyKey(failed));
    expect(await sandboxContacts(page.request, idempotencyKey(retried))).toHaveLength(1);
  });

  test('an expired session asks to sign in again over the form, and loses nothing', async ({ page, context }, testInfo) => {
    const surname = uniqueName(testInfo);
    await signIn(page);
    await field(page, 'Surname').fill(surname);
    await choose(page, 'Niveau de soutien', 'Indécis·e');
    await context.clearCookies();

    const refused = await sendAndCapture(page);
    await expect(page.getByRole('heading', { name: 'Saved on this device — it will be sent' })).toBeVisible();
    const dialog = page.getByRole('dialog', { name: 'Sign in again' });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('everything you typed is kept');
    await expect(dialog.getByLabel('Access code')).toBeFocused();
    const sent = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/api/contacts'));
    await dialog.getByLabel('Access code').fill(DEMO_ACCESS_CODE);
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    await expect(dialog).toBeHidden();

    await expect(page.getByRole('heading', { name: 'Contact sent' })).toBeVisible();
    expect(idempotencyKey(await sent)).toBe(idempotencyKey(refused));
    const [contact] = await sandboxContacts(page.request, idempotencyKey(refused));
    expect(contact?.body).toMatchObject({ data: { surname, status: [{ id: 301, value: 'indecis' }] } });
  });
});

test('each input asks for the right keyboard and autofill, and the form comes up from the campaign kept on the device', async ({
  page,
}) => {
  await signIn(page);
  const attributes = (label: string) =>
    field(page, label).evaluate((el: HTMLInputElement) => ({
      type: el.type,
      inputMode: el.inputMode,
      autocomplete: el.getAttribute('autocomplete'),
      enterKeyHint: el.enterKeyHint,
    }));
  expect(await attributes('Email')).toEqual({ type: 'email', inputMode: 'email', autocomplete: 'email', enterKeyHint: 'next' });
  expect(await attributes('Mobile')).toEqual({ type: 'tel', inputMode: 'tel', autocomplete: 'mobile tel', enterKeyHint: 'next' });
  expect(await attributes('Phone')).toEqual({ type: 'tel', inputMode: 'tel', autocomplete: 'home tel', enterKeyHint: 'next' });
  expect(await attributes('Postal code')).toEqual({
    type: 'text',
    inputMode: 'numeric',
    autocomplete: 'postal-code',
    enterKeyHint: 'next',
  });
  expect(await attributes('City')).toMatchObject({ autocomplete: 'address-level2' });
  expect(await attributes('Street')).toMatchObject({ autocomplete: 'address-line1' });
  expect(await attributes('Number')).toMatchObject({ inputMode: 'numeric' });
  expect(await attributes('First name')).toMatchObject({ autocomplete: 'given-name' });
  expect(await attributes('Surname')).toMatchObject({ autocomplete: 'family-name' });
  expect(await attributes('Date of birth')).toMatchObject({ type: 'date', autocomplete: 'bday' });
  expect(await attributes('Nombre de personnes au foyer')).toMatchObject({ inputMode: 'decimal' });

  // Each section's text fields belong to a small form of their own (form-owner-group.tsx), so that
  // Chrome's autofill does not read the whole contact form at each keystroke or caret move.
  // getAttribute, not `form.id`: a form's `id` property is shadowed by a field named "id" (the
  // advanced group has one).
  const owner = (label: string) =>
    field(page, label).evaluate((el: HTMLInputElement | HTMLTextAreaElement) => ({
      id: el.form?.getAttribute('id'),
      fields: el.form?.elements.length ?? 0,
      empty: el.form?.childElementCount === 0,
    }));
  expect(await owner('Street')).toMatchObject({ id: 'contact-form-fields-door', empty: true });
  expect(await owner('Address notes')).toMatchObject({ id: 'contact-form-fields-door' });
  expect(await owner('Email')).toMatchObject({ id: 'contact-form-fields-reach', empty: true });
  expect(await owner('Note 1')).toMatchObject({ id: 'contact-form-fields-notes', fields: 1 });
  expect((await owner('Street')).fields).toBeLessThanOrEqual(20);
  const typedIntoContactForm = await page
    .locator('form.contact-form')
    .evaluate(
      (form: HTMLFormElement) =>
        [...form.elements].filter(
          (el) => el instanceof HTMLTextAreaElement || (el instanceof HTMLInputElement && !['checkbox', 'radio'].includes(el.type)),
        ).length,
    );
  expect(typedIntoContactForm).toBe(0);

  // The campaign kept on the device is old, and cannot be fetched again (no network on the street):
  // the form still comes up from the kept copy.
  await page.evaluate(() => {
    const kept = JSON.parse(localStorage.getItem('doorstep.campaign')!) as { savedAt: number };
    localStorage.setItem('doorstep.campaign', JSON.stringify({ ...kept, savedAt: 0 }));
  });
  await page.route('**/api/campaign', (route) => route.abort('internetdisconnected'));
  const refetch = page.waitForEvent('requestfailed', (request) => request.url().endsWith('/api/campaign'));
  await page.reload();
  await refetch;
  await expect(group(page, 'Résultat à la porte').getByRole('radio')).toHaveCount(6);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'Municipale partielle 2027 — Lyon 7e, liste Ensemble pour la Guillotière',
  );
});

test('the whole form works from the keyboard', async ({ page }, testInfo) => {
  const surname = uniqueName(testInfo);
  await signIn(page);
  // Text fields belong to their section's own small form (form-owner-group.tsx): Enter must
  // submit none of them, nor the contact form.
  await page.evaluate(() => {
    const w = window as unknown as { submits: string[] };
    w.submits = [];
    document.addEventListener(
      'submit',
      (event) => w.submits.push((event.target as HTMLFormElement).getAttribute('id') ?? 'contact form'),
      true,
    );
  });
  const submits = () => page.evaluate(() => (window as unknown as { submits: string[] }).submits);
  await field(page, 'Street').focus();
  await page.keyboard.type('rue Chevreul');
  // Enter moves on, as the keyboard's "next" key says, and sends nothing.
  await page.keyboard.press('Enter');
  await expect(field(page, 'Number')).toBeFocused();
  await page.keyboard.type('7');
  // From a section's last text field on to the next field, in the contact form itself.
  await field(page, 'Phone').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('checkbox', { name: 'Do not contact again' })).toBeFocused();
  expect(await submits()).toEqual([]);
  await field(page, 'Surname').focus();
  await page.keyboard.type(surname);
  // Tiles are radios: Tab reaches the group, the arrows choose.
  const support = group(page, 'Niveau de soutien');
  await support.getByRole('radio').first().focus();
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowDown');
  await expect(support.getByRole('radio', { name: 'Plutôt favorable' })).toBeChecked();
  await page.getByRole('checkbox', { name: 'logement', exact: true }).focus();
  await page.keyboard.press('Space');
  await page.getByRole('button', { name: 'Send contact' }).focus();
  const posted = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/api/contacts'));
  await page.keyboard.press('Enter');
  const request = await posted;
  expect(await submits()).toEqual(['contact form']);
  expect(request.postDataJSON()).toMatchObject({
    data: {
      address: { street: 'rue Chevreul', housenumber: '7' },
      surname,
      status: [{ value: 'plutot_favorable' }],
      tags: [{ name: 'logement' }],
    },
  });
  await expect(page.getByRole('heading', { name: 'Contact sent' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Next door' })).toBeFocused();
});

async function smallTargets(page: Page, scope: Locator): Promise<string[]> {
  return scope
    .locator('input:not([type=radio]):not([type=checkbox]), textarea, button, .tile, .chip, .check, summary')
    .evaluateAll((elements) =>
      elements
        .filter((el) => el.getClientRects().length > 0)
        .filter((el) => el.getBoundingClientRect().height < 44)
        .map(
          (el) =>
            `${el.tagName.toLowerCase()}.${el.className} "${(el.textContent ?? '').trim().slice(0, 30)}" ${Math.round(el.getBoundingClientRect().height)}px`,
        ),
    );
}

for (const [width, height, name] of [
  [360, 800, 'phone'],
  [1024, 768, 'tablet'],
] as const) {
  test.describe(`at ${width} px wide`, () => {
    test.use({ viewport: { width, height } });

    test('the form fits, every target is big enough, and the send button stays in reach', async ({ page }, testInfo) => {
      await signIn(page);
      await openAll(page);
      const form = page.locator('form.contact-form');
      await expect(form).toBeVisible();
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways scroll').toBe(true);
      expect(await smallTargets(page, form), 'targets under 44 px').toEqual([]);

      // Sticky at the bottom of the screen, wherever the canvasser is in the form.
      const send = page.getByRole('button', { name: 'Send contact' });
      await field(page, 'Surname').scrollIntoViewIfNeeded();
      await expect(send).toBeInViewport();
      const box = await send.boundingBox();
      expect((box?.y ?? 0) + (box?.height ?? 0)).toBeLessThanOrEqual(height);

      // A focused field is never left under the send bar.
      await page.evaluate(() => {
        const bar = document.querySelector('.send-bar')!.getBoundingClientRect();
        const target = document.getElementById('f-mail')!;
        window.scrollBy(0, target.getBoundingClientRect().top - bar.top + 10);
      });
      await field(page, 'Email').focus();
      await expect
        .poll(() =>
          page.evaluate(
            () =>
              document.getElementById('f-mail')!.getBoundingClientRect().bottom <=
              document.querySelector('.send-bar')!.getBoundingClientRect().top,
          ),
        )
        .toBe(true);

      // The top of the form as a canvasser sees it at a door, for docs/screenshots.
      await page.evaluate(() => window.scrollTo(0, 0));
      await field(page, 'Street').fill('rue Béchevelin');
      await field(page, 'Number').fill('12');
      await choose(page, 'Résultat à la porte', 'Présent·e, échange à la porte');
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: testInfo.outputPath(`form-${name}.png`) });
      if (process.env.UPDATE_SCREENSHOTS) {
        // The first visit's "Ready to work offline" note goes after a few seconds: not in the picture.
        await expect(page.locator('.offline-ready-note')).toHaveCount(0, { timeout: 15_000 });
        await page.screenshot({ path: `docs/screenshots/form-${name}.png` });
      }
    });

    // Text fields are relayout boundaries (contact-form.css; what it saves is measured by the
    // bench's typing row): a block field, a contained input or textarea, but not a date input,
    // which containment would shrink. A note must still show three lines, below its label, and
    // scroll the rest rather than grow.
    test('text fields lay out alone; a note shows three lines below its label, however long, and scrolls the rest', async ({ page }) => {
      await signIn(page);
      await openAll(page);
      const layout = (label: string) =>
        field(page, label).evaluate((el) => ({
          contain: getComputedStyle(el).contain,
          field: getComputedStyle(el.parentElement!).display,
        }));
      for (const label of ['Street', 'Email', 'Note 1', 'Address notes'])
        expect(await layout(label), label).toEqual({ contain: 'size layout', field: 'block' });
      expect(await layout('Date of birth')).toEqual({ contain: 'none', field: 'block' });
      expect((await field(page, 'Street').boundingBox())!.height).toBeCloseTo(
        (await field(page, 'Date of birth').boundingBox())!.height,
        -1,
      );
      const note = field(page, 'Note 1');
      const lines = () =>
        note.evaluate((el: HTMLTextAreaElement) => {
          const style = getComputedStyle(el);
          const chrome =
            parseFloat(style.paddingTop) +
            parseFloat(style.paddingBottom) +
            parseFloat(style.borderTopWidth) +
            parseFloat(style.borderBottomWidth);
          return (el.getBoundingClientRect().height - chrome) / parseFloat(style.lineHeight);
        });
      expect(await lines()).toBeCloseTo(3, 1);
      const label = await page.getByText('Note 1', { exact: true }).boundingBox();
      const box = await note.boundingBox();
      expect(box!.y).toBeGreaterThanOrEqual(label!.y + label!.height);

      const long = Array.from({ length: 40 }, (_, i) => `line ${i + 1}`).join('\n');
      await note.fill(long);
      expect(await lines()).toBeCloseTo(3, 1);
      const after = await note.boundingBox();
      expect([after!.width, after!.height]).toEqual([box!.width, box!.height]);
      await note.press('Control+End');
      expect(await note.evaluate((el) => el.scrollTop > 0 && el.scrollHeight > el.clientHeight * 5)).toBe(true);
      await expect(note).toHaveValue(long);
    });
  });
}
