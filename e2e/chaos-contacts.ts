import { readFileSync } from 'node:fs';
import path from 'node:path';
import { campaignSchema, type Campaign, type CampaignField } from '../src/shared/campaign-schema';
import { checkAgainstCampaign } from '../src/shared/check-against-campaign';
import { checkConsentProof, contactRequestSchema } from '../src/shared/consent-proof';
import { between, pick, type Random } from './chaos-contacts-random';
import { PROJECT_ROOT } from './chaos-processes';

// The chaos suite's contacts: varied (names, addresses, answers picked from the shipped example
// campaign) so that the run is not one body sent a thousand times, and reproducible from a seed.
// Each carries a surname no other contact of the run has: that is how a contact is found again
// in the sandbox, whichever way it was queued.

export const exampleCampaign: Campaign = campaignSchema.parse(
  JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'config/example-campaign.json'), 'utf8')),
);

const FIRST_NAMES = ['Jeanne', 'Karim', 'Léa', 'Mamadou', 'Chloé', 'Thomas', 'Inès', 'Hugo', 'Nadia', 'Louis', 'Fatou', 'Élodie'];
const SURNAMES = ['Martin', 'Bernard', 'Dubois', 'Nguyen', 'Moreau', 'Haddad', 'Lefèvre', 'Diallo', 'Garcia', 'Roux', 'Fontaine', 'Benali'];
const STREETS = [
  'rue de Marseille',
  'rue Béchevelin',
  'cours Gambetta',
  'rue Sébastien Gryphe',
  'avenue Jean Jaurès',
  'rue de la Thibaudière',
];

/** The surname of contact number `index` of a run: unique within it. */
export function chaosSurname(runTag: string, index: number): string {
  return `${SURNAMES[index % SURNAMES.length]}-${runTag}-${index}`;
}

const answer = (field: CampaignField, random: Random) => ({ id: field.id, label: field.label, value: pick(random, field.options!).value });

/** A contact as the form would send it (Qomon's upsert body and the proof of its consent
 * answers), valid for the example campaign. */
export function chaosContact(
  runTag: string,
  index: number,
  random: Random,
): { kind: 'contact'; data: Record<string, unknown>; consentProof?: Record<string, unknown>[] } {
  const c = exampleCampaign;
  const firstname = pick(random, FIRST_NAMES);
  const surname = chaosSurname(runTag, index);
  const data: Record<string, unknown> = {
    firstname,
    surname,
    mail: `${firstname
      .normalize('NFD')
      .replace(/[^a-zA-Z]/g, '')
      .toLowerCase()}.${runTag}.${index}@example.fr`,
    address: { street: `${between(random, 1, 120)} ${pick(random, STREETS)}`, postalcode: '69007', city: 'Lyon' },
    name_presences: c.doorOutcomes.map((f) => answer(f, random)),
    status: c.supportLevels.map((f) => answer(f, random)),
  };
  if (random() < 0.6)
    data.mobile = `06 ${String(between(random, 10, 99))} ${String(between(random, 10, 99))} ${String(between(random, 10, 99))} ${String(between(random, 10, 99))}`;
  const consents = c.consents.filter(() => random() < 0.5);
  if (consents.length) data.consents = consents.map((k) => ({ id: k.id, label: k.label, value: k.value }));
  // Each consent given goes with its proof, as the form makes it: the notice version shown and when.
  const consentProof = consents.map((k) => ({
    id: k.id,
    answer: 'yes',
    noticeVersion: c.notice!.version,
    at: new Date(Date.now() - between(random, 1, 600) * 1000).toISOString(),
  }));
  const singleQuestions = c.surveys.flatMap((s) => s.questions).filter((q) => q.type === 'single');
  if (singleQuestions.length && random() < 0.7) data.forms = [answer(pick(random, singleQuestions), random)];
  const singleFields = c.customFields.filter((f) => f.type === 'single');
  if (singleFields.length && random() < 0.5) data.custom_fields = [answer(pick(random, singleFields), random)];
  if (c.ageCategories.length && random() < 0.5) data.age_category = pick(random, c.ageCategories).id;
  if (c.tags.length && random() < 0.5) data.tags = [{ name: pick(random, c.tags) }];
  if (random() < 0.3) data.notes = [{ content: `Passage n°${index}, rappeler après 18h` }];
  return consentProof.length ? { kind: 'contact', data, consentProof } : { kind: 'contact', data };
}

/** Throws unless the body passes what the server checks: the shared contract and the campaign's
 * ids. A generator mistake must fail as such, not as a contact the app "lost" to a 422. */
export function assertValidForCampaign(body: unknown): void {
  const parsed = contactRequestSchema.safeParse(body);
  if (!parsed.success) throw new Error(`chaos contact fails the contract: ${JSON.stringify(parsed.error.issues)}`);
  const errors = [...checkAgainstCampaign(parsed.data.data, exampleCampaign), ...checkConsentProof(parsed.data, exampleCampaign)];
  if (errors.length) throw new Error(`chaos contact fails the campaign: ${JSON.stringify(errors)}`);
}
