import { useFormContext } from 'react-hook-form';
import { useContactFormText } from './contact-form-text';
import type { ContactFormValues, PhoneKey } from './contact-form-values';
import { fieldId, hintId } from './field-id';
import { loadToE164 } from './load-to-e164';
import { Section } from './section';
import { TextFields } from './text-fields';

/** The ways to reach the person; `normalisePhone` rewrites a number left in its field. */
export function ReachSection({ normalisePhone }: { normalisePhone: (key: PhoneKey) => Promise<void> }) {
  const form = useFormContext<ContactFormValues>();
  const text = useContactFormText();

  const phoneEvents = (key: PhoneKey) => ({
    // Loading the phone library while the number is typed, so it is there when the field is left.
    onFocus: () => void loadToE164().catch(() => undefined),
    onBlur: () => void normalisePhone(key),
  });

  return (
    <Section id="reach" title={text.sections.reach}>
      <div className="fields">
        <TextFields
          specs={[
            ['mail', 'full', { type: 'email', inputMode: 'email', autoComplete: 'email', autoCapitalize: 'none' }],
            ['mobile', 'full', { type: 'tel', inputMode: 'tel', autoComplete: 'mobile tel', ...phoneEvents('mobile') }],
            ['phone', 'full', { type: 'tel', inputMode: 'tel', autoComplete: 'home tel', ...phoneEvents('phone') }],
          ]}
        />
        <div className="field field--full">
          <label className="check check--strong">
            <input type="checkbox" id={fieldId('black_list')} {...form.register('black_list')} aria-describedby={hintId('black_list')} />
            <span>{text.labels.black_list}</span>
          </label>
          <p className="field-hint" id={hintId('black_list')}>
            {text.hints.black_list}
          </p>
        </div>
      </div>
    </Section>
  );
}
