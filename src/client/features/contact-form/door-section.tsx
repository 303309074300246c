import { Suspense } from 'react';
import { useFormContext } from 'react-hook-form';
import { LoadBoundary } from '@client/components/load-boundary';
import type { Campaign } from '@shared/campaign-schema';
import { CampaignFieldInput } from './campaign-field-input';
import { useContactFormText } from './contact-form-text';
import type { ContactFormValues } from './contact-form-values';
import { LocationButton } from './later';
import { Section } from './section';
import { type FieldSpec, TextFields } from './text-fields';

// Where postal codes are digits only, the numeric keypad is the quicker one.
const NUMERIC_POSTCODES = new Set(['FR', 'DE', 'IT', 'ES', 'BE', 'CH', 'AT', 'LU', 'MC', 'US']);

const ADDRESS: FieldSpec[] = [
  ['address.street', 'full', { autoComplete: 'address-line1' }],
  ['address.housenumber', 'half', { inputMode: 'numeric' }],
  ['address.addition', 'half'],
];
const FLAT: FieldSpec[] = [
  ['address.building', 'third', { autoComplete: 'address-line2' }],
  ['address.floor', 'third'],
  ['address.door', 'third'],
];
const CITY: FieldSpec[] = [
  ['address.city', 'half', { autoComplete: 'address-level2' }],
  ['address.infos', 'full', { multiline: true }],
];
const MORE_ADDRESS: FieldSpec[] = [
  ['address.latitude', 'half', { inputMode: 'decimal' }],
  ['address.longitude', 'half', { inputMode: 'decimal' }],
  ['address.citycode', 'half'],
  ['address.pollingstation', 'half'],
  ['address.county', 'half'],
  ['address.state', 'half', { autoComplete: 'address-level1' }],
  ['address.country', 'full', { autoComplete: 'country-name' }],
];

/** The address and the door's outcome; `allSections` is whether the fields after the first paint
 * are drawn yet. */
export function DoorSection({ campaign, allSections }: { campaign: Campaign; allSections: boolean }) {
  const form = useFormContext<ContactFormValues>();
  const text = useContactFormText();
  const lang = campaign.language;
  return (
    <Section id="door" title={text.sections.door}>
      <div className="fields">
        <TextFields specs={ADDRESS} />
        {/* The outcome right under the address: at most doors it is the one other answer. */}
        {campaign.doorOutcomes.map((field) => (
          <CampaignFieldInput key={field.id} form={form} group="name_presences" field={field} text={text} lang={lang} />
        ))}
        <TextFields specs={FLAT} />
        <TextFields
          specs={[
            [
              'address.postalcode',
              'half',
              { autoComplete: 'postal-code', inputMode: NUMERIC_POSTCODES.has(campaign.country) ? 'numeric' : 'text' },
            ],
          ]}
        />
        <TextFields specs={CITY} />
        {/* Drawn with the fields after the first paint: its chunk is not part of the first load. */}
        {allSections && (
          <LoadBoundary part="location">
            <Suspense fallback={null}>
              <LocationButton form={form} text={text} />
            </Suspense>
          </LoadBoundary>
        )}
      </div>
      <details className="more">
        <summary className="more__summary">{text.moreAddress}</summary>
        {/* Closed at first: its fields come with the other sections. */}
        {allSections && (
          <div className="fields">
            <TextFields specs={MORE_ADDRESS} />
          </div>
        )}
      </details>
    </Section>
  );
}
