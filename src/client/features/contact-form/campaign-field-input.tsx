import type { CampaignField } from '@shared/campaign-schema';
import { YES_NO_VALUES } from '@shared/yes-no-values';
import type { ContactFormText } from './contact-form-text';
import { type FieldGroup, fieldKey } from './contact-form-values';
import { type ContactForm, TextField } from './text-field';
import { TileGroup } from './tile-group';

export interface CampaignFieldInputProps {
  form: ContactForm;
  group: FieldGroup;
  field: CampaignField;
  text: ContactFormText;
  /** The campaign's language: its labels are written in it, whatever the interface's. */
  lang: string;
}

/** One field the campaign defines (door outcome, support level, survey question, task or custom
 * field), drawn by its answer type. */
export function CampaignFieldInput({ form, group, field, text, lang }: CampaignFieldInputProps) {
  const name = `answers.${fieldKey(group, field.id)}` as const;
  const common = { form, name, hint: field.help, required: field.required, requiredMark: text.requiredMark };
  const clear = { label: text.clear, accessibleLabel: text.clearLabel(field.label) };
  switch (field.type) {
    case 'single':
    case 'multiple':
      return (
        <TileGroup
          {...common}
          legend={field.label}
          lang={lang}
          options={(field.options ?? []).map((option) => ({ ...option, lang }))}
          multiple={field.type === 'multiple'}
          clear={field.type === 'single' ? clear : undefined}
        />
      );
    case 'yesno':
      return (
        <TileGroup
          {...common}
          legend={field.label}
          lang={lang}
          compact
          // The values are the shared ones the server checks; only the words are translated.
          options={YES_NO_VALUES.map((value) => ({ value, label: value === 'yes' ? text.yes : text.no }))}
          clear={clear}
        />
      );
    case 'number':
      return <TextField {...common} label={field.label} labelLang={lang} inputMode="decimal" size="half" />;
    case 'date':
      return <TextField {...common} label={field.label} labelLang={lang} type="date" size="half" />;
    case 'text':
      return <TextField {...common} label={field.label} labelLang={lang} />;
  }
}
