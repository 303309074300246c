import { useFormContext, useWatch } from 'react-hook-form';
import type { Campaign, Consent, Notice } from '@shared/campaign-schema';
import { useUiLanguage } from '@client/lib/ui-language';
import { useContactFormText } from './contact-form-text';
import { type ContactFormValues, emptyConsentProof, fieldKey } from './contact-form-values';
import { Section } from './section';
import { TileGroup } from './tile-group';

/** The campaign's notice, then its consents, a yes or no each; nothing when the campaign asks for
 * none. Each answer tapped records its proof: the notice version on screen and the time. */
export function ConsentsSection({ campaign }: { campaign: Campaign }) {
  const text = useContactFormText();
  if (campaign.consents.length === 0) return null;
  return (
    <Section id="consents" title={text.sections.consents}>
      {campaign.notice && <ConsentNotice notice={campaign.notice} campaign={campaign} />}
      <p className="field-hint">{text.consentsHint}</p>
      <div className="fields">
        {campaign.consents.map((consent) => (
          <ConsentQuestion key={consent.id} consent={consent} campaign={campaign} />
        ))}
      </div>
    </Section>
  );
}

function ConsentNotice({ notice, campaign }: { notice: Notice; campaign: Campaign }) {
  const text = useContactFormText();
  const language = useUiLanguage();
  // The campaign's language is always there (the schema requires it); the other one may not be.
  const lang = notice.text[language] ? language : campaign.language;
  return (
    <div className="consent-notice" id="consent-notice">
      <p className="consent-notice__intro">{text.noticeIntro}</p>
      <p className="consent-notice__text" lang={lang}>
        {notice.text[lang]}
      </p>
      <a className="consent-notice__link" href={notice.url} target="_blank" rel="noopener noreferrer">
        {text.noticeLink(notice.version)}
      </a>
    </div>
  );
}

function ConsentQuestion({ consent, campaign }: { consent: Consent; campaign: Campaign }) {
  const form = useFormContext<ContactFormValues>();
  const text = useContactFormText();
  const key = fieldKey('consents', consent.id);
  const proof = useWatch({ control: form.control, name: `consentProofs.${key}` });
  const current = campaign.notice?.version;
  const older = proof?.noticeVersion && current && proof.noticeVersion !== current ? proof.noticeVersion : undefined;
  return (
    <div className="consent-question">
      <TileGroup
        form={form}
        name={`consents.${key}`}
        legend={consent.label}
        lang={campaign.language}
        hint={consent.help}
        compact
        options={[
          { value: 'yes', label: text.yes },
          { value: 'no', label: text.no },
        ]}
        clear={{ label: text.clear, accessibleLabel: text.clearLabel(consent.label) }}
        onChoose={(value) =>
          form.setValue(
            `consentProofs.${key}`,
            // A proof is of an answer given with the notice on screen: no notice, no proof.
            value && current ? { noticeVersion: current, at: new Date().toISOString() } : emptyConsentProof(),
            { shouldDirty: true },
          )
        }
      />
      {older && current && <p className="field-hint consent-question__older">{text.olderNotice(older, current)}</p>}
    </div>
  );
}
