import { useFormContext } from 'react-hook-form';
import type { Campaign } from '@shared/campaign-schema';
import { CampaignFieldInput } from './campaign-field-input';
import { CampaignSubsection } from './campaign-subsection';
import { useContactFormText } from './contact-form-text';
import type { ContactFormValues } from './contact-form-values';
import { Section } from './section';

/** Support levels, surveys, tasks and custom fields; nothing when the campaign has none of them. */
export function SupportSection({ campaign }: { campaign: Campaign }) {
  const form = useFormContext<ContactFormValues>();
  const text = useContactFormText();
  const lang = campaign.language;
  if (!(campaign.supportLevels.length > 0 || campaign.surveys.length > 0 || campaign.tasks.length > 0 || campaign.customFields.length > 0))
    return null;
  return (
    <Section id="support" title={text.sections.support}>
      <div className="fields">
        {campaign.supportLevels.map((field) => (
          <CampaignFieldInput key={field.id} form={form} group="status" field={field} text={text} lang={lang} />
        ))}
      </div>
      {campaign.surveys.map((survey, index) => (
        <CampaignSubsection key={index} heading={survey.label} headingLang={lang} fields={survey.questions} group="forms" lang={lang} />
      ))}
      <CampaignSubsection heading={text.tasksHeading} fields={campaign.tasks} group="actions" lang={lang} />
      <CampaignSubsection heading={text.customFieldsHeading} fields={campaign.customFields} group="custom_fields" lang={lang} />
    </Section>
  );
}
