import { useContactFormText } from './contact-form-text';
import { FormOwnerGroup } from './form-owner-group';
import { type FieldSpec, TextFields } from './text-fields';

const ADVANCED: FieldSpec[] = [
  ['id', 'half', { inputMode: 'numeric' }],
  ['nationbuilderid', 'half', { inputMode: 'numeric' }],
];

export function AdvancedSection() {
  const text = useContactFormText();
  return (
    <details className="form-section more more--section">
      <summary className="more__summary form-section__heading">{text.sections.advanced}</summary>
      <div className="fields">
        <FormOwnerGroup id="advanced">
          <TextFields specs={ADVANCED} />
        </FormOwnerGroup>
      </div>
    </details>
  );
}
