import { useFormContext } from 'react-hook-form';
import type { CampaignField } from '@shared/campaign-schema';
import { CampaignFieldInput, type CampaignFieldInputProps } from './campaign-field-input';
import { useContactFormText } from './contact-form-text';
import type { ContactFormValues } from './contact-form-values';

/** A group of the campaign's own fields under a heading (a survey, the tasks, the custom fields);
 * nothing when the campaign has none. */
export function CampaignSubsection({
  heading,
  headingLang,
  fields,
  ...input
}: { heading: string; headingLang?: string; fields: readonly CampaignField[] } & Omit<CampaignFieldInputProps, 'field' | 'form' | 'text'>) {
  const form = useFormContext<ContactFormValues>();
  const text = useContactFormText();
  if (!fields.length) return null;
  return (
    <div className="subsection">
      <h3 className="subsection__heading" lang={headingLang}>
        {heading}
      </h3>
      <div className="fields">
        {fields.map((field) => (
          <CampaignFieldInput key={field.id} field={field} form={form} text={text} {...input} />
        ))}
      </div>
    </div>
  );
}
