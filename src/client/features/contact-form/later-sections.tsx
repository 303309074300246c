import type { Campaign } from '@shared/campaign-schema';
import type { PhoneKey } from './contact-form-values';
import { AdvancedSection } from './advanced-section';
import { ConsentsSection } from './consents-section';
import { NotesSection } from './notes-section';
import { PersonSection } from './person-section';
import { ReachSection } from './reach-section';
import { SupportSection } from './support-section';
import { TagsSection } from './tags-section';

/** The form after its first section (the door): rendered after the first paint, so their code
 * is not part of the page's first load; boot.ts preloads it with the first screen's chunks. */
export function LaterSections({
  campaign,
  withPerson,
  normalisePhone,
}: {
  campaign: Campaign;
  /** False when the person's fields are already at the top (a door whose address is known). */
  withPerson: boolean;
  normalisePhone: (key: PhoneKey) => Promise<void>;
}) {
  return (
    <>
      {withPerson && <PersonSection campaign={campaign} />}
      <ReachSection normalisePhone={normalisePhone} />
      <ConsentsSection campaign={campaign} />
      <SupportSection campaign={campaign} />
      <TagsSection campaign={campaign} />
      <NotesSection />
      <AdvancedSection />
    </>
  );
}
