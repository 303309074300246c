import { Suspense } from 'react';
import { LoadBoundary } from '@client/components/load-boundary';
import { useFormContext } from 'react-hook-form';
import { useContactFormText } from './contact-form-text';
import type { ContactFormValues } from './contact-form-values';
import { NotesField } from './later';
import { Section } from './section';

export function NotesSection() {
  const form = useFormContext<ContactFormValues>();
  const text = useContactFormText();
  return (
    <Section id="notes" title={text.sections.notes}>
      <LoadBoundary part="notes">
        <Suspense fallback={null}>
          <NotesField form={form} text={text} />
        </Suspense>
      </LoadBoundary>
    </Section>
  );
}
