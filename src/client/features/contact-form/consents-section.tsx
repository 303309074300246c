import { useFormContext } from 'react-hook-form';
import type { Campaign } from '@shared/campaign-schema';
import { useContactFormText } from './contact-form-text';
import { type ContactFormValues, fieldKey } from './contact-form-values';
import { Section } from './section';
import { TileGroup } from './tile-group';

/** The campaign's consents, a yes or no each; nothing when the campaign asks for none. */
export function ConsentsSection({ campaign }: { campaign: Campaign }) {
  const form = useFormContext<ContactFormValues>();
  const text = useContactFormText();
  const lang = campaign.language;
  if (campaign.consents.length === 0) return null;
  return (
    <Section id="consents" title={text.sections.consents}>
      <p className="field-hint">{text.consentsHint}</p>
      <div className="fields">
        {campaign.consents.map((consent) => (
          <TileGroup
            key={consent.id}
            form={form}
            name={`consents.${fieldKey('consents', consent.id)}`}
            legend={consent.label}
            lang={lang}
            hint={consent.help}
            compact
            options={[
              { value: 'yes', label: text.yes },
              { value: 'no', label: text.no },
            ]}
            clear={{ label: text.clear, accessibleLabel: text.clearLabel(consent.label) }}
          />
        ))}
      </div>
    </Section>
  );
}
