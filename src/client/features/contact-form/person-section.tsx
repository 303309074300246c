import { useFormContext } from 'react-hook-form';
import type { Campaign } from '@shared/campaign-schema';
import { useContactFormText } from './contact-form-text';
import type { ContactFormValues } from './contact-form-values';
import { Section } from './section';
import { type FieldSpec, TextFields } from './text-fields';
import { TileGroup } from './tile-group';

const NAMES: FieldSpec[] = [
  ['firstname', 'half', { autoComplete: 'given-name', autoCapitalize: 'words' }],
  ['surname', 'half', { autoComplete: 'family-name', autoCapitalize: 'words' }],
  ['married_name', 'half', { autoCapitalize: 'words' }],
];
const BIRTH: FieldSpec[] = [
  ['birthdate', 'half', { type: 'date', autoComplete: 'bday' }],
  ['birthcity', 'half'],
  ['birthdept', 'half'],
  ['birthcountry', 'half'],
  ['nationality', 'half'],
];

export function PersonSection({ campaign }: { campaign: Campaign }) {
  const form = useFormContext<ContactFormValues>();
  const text = useContactFormText();
  const lang = campaign.language;
  return (
    <Section id="person" title={text.sections.person}>
      <div className="fields">
        <TextFields specs={NAMES} />
        {campaign.ageCategories.length > 0 && (
          <TileGroup
            form={form}
            name="age_category"
            legend={text.labels.age_category}
            options={campaign.ageCategories.map((a) => ({ value: String(a.id), label: a.label, lang }))}
            compact
            clear={{ label: text.clear, accessibleLabel: text.clearLabel(text.labels.age_category) }}
          />
        )}
      </div>
      <details className="more">
        <summary className="more__summary">{text.moreAboutPerson}</summary>
        <div className="fields">
          <TextFields specs={BIRTH} />
        </div>
      </details>
    </Section>
  );
}
