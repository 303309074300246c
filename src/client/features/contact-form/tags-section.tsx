import { Suspense } from 'react';
import { LoadBoundary } from '@client/components/load-boundary';
import { useFormContext } from 'react-hook-form';
import type { Campaign } from '@shared/campaign-schema';
import { useContactFormText } from './contact-form-text';
import type { ContactFormValues } from './contact-form-values';
import { TagsField } from './later';
import { Section } from './section';

export function TagsSection({ campaign }: { campaign: Campaign }) {
  const form = useFormContext<ContactFormValues>();
  const text = useContactFormText();
  return (
    <Section id="tags" title={text.sections.tags}>
      <div className="fields">
        <LoadBoundary part="tags">
          <Suspense fallback={null}>
            <TagsField form={form} suggestions={campaign.tags} text={text} lang={campaign.language} />
          </Suspense>
        </LoadBoundary>
      </div>
    </Section>
  );
}
