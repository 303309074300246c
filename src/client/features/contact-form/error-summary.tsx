import { type Ref, useMemo } from 'react';
import type { FieldErrors } from 'react-hook-form';
import type { Campaign } from '@shared/campaign-schema';
import type { ContactFormText } from './contact-form-text';
import { campaignFieldGroups, type ContactFormValues, type FieldGroup, fieldKey } from './contact-form-values';
import { fieldId } from './field-id';
import { fieldText } from './field-text';
import { flattenErrors } from './flatten-errors';
import { focusField } from './focus-field';

export interface ErrorSummaryProps {
  errors: FieldErrors<ContactFormValues>;
  campaign: Campaign;
  text: ContactFormText;
  ref?: Ref<HTMLDivElement>;
}

/** The label of each campaign-driven field, by its form name. */
function campaignLabels(campaign: Campaign): Map<string, string> {
  const labels = new Map<string, string>();
  campaign.consents.forEach((c) => labels.set(`consents.${fieldKey('consents', c.id)}`, c.label));
  for (const [group, fields] of Object.entries(campaignFieldGroups(campaign))) {
    fields.forEach((f) => labels.set(`answers.${fieldKey(group as FieldGroup, f.id)}`, f.label));
  }
  return labels;
}

/** Where a field sits on the page, to list errors in the order the canvasser meets them. */
const byPosition = (a: Element | null, b: Element | null) =>
  a && b ? (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1) : a ? 1 : b ? -1 : 0;

/** Every error at the top of the form, each linking to its field: on a long form on a phone, the
 * canvasser sees at once what is left to fix and gets there in one tap. Errors about the contact
 * as a whole (no field) come first, unlinked. Loaded with the form's checks, not with the page. */
export function ErrorSummary({ errors, campaign, text, ref }: ErrorSummaryProps) {
  const labels = useMemo(() => campaignLabels(campaign), [campaign]);
  const entries = flattenErrors(errors)
    .map(([name, message]) => ({ name, message, element: document.getElementById(fieldId(name)) }))
    .sort((a, b) => byPosition(a.element, b.element))
    .map(({ name, message }) => {
      const field = name.startsWith('root') ? undefined : name;
      const note = field && /^notes\.(\d+)/.exec(field);
      const label = note ? text.noteLabel(Number(note[1]) + 1) : field && (fieldText(text.labels, field) ?? labels.get(field));
      return { field, line: label ? text.summaryItem(label, message) : message };
    });
  if (!entries.length) return null;
  return (
    <div className="error-summary" ref={ref} tabIndex={-1} role="alert" aria-labelledby="error-summary-heading">
      <h2 className="error-summary__heading" id="error-summary-heading">
        {text.errorSummary}
      </h2>
      <ul className="error-summary__list">
        {entries.map(({ field, line }, index) => (
          <li key={`${field ?? ''}${index}`}>
            {field ? (
              <a
                href={`#${fieldId(field)}`}
                onClick={(event) => {
                  if (focusField(document.getElementById(fieldId(field)))) event.preventDefault();
                }}
              >
                {line}
              </a>
            ) : (
              line
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
