import type { ReactNode } from 'react';
import { type Path, useWatch } from 'react-hook-form';
import type { ContactFormValues } from './contact-form-values';
import { describedBy, errorId, fieldId } from './field-id';
import { FieldMessages } from './field-messages';
import { type ContactForm, fieldError } from './text-field';

export interface TileOption {
  value: string;
  label: string;
  /** The language of a label that comes from the campaign. */
  lang?: string | undefined;
}

export interface TileGroupProps {
  form: ContactForm;
  name: Path<ContactFormValues>;
  legend: ReactNode;
  hint?: string | undefined;
  options: readonly TileOption[];
  /** Checkboxes (several answers) rather than radios (one). */
  multiple?: boolean;
  /** The language of a legend and hint that come from the campaign. */
  lang?: string | undefined;
  /** A one-choice answer can be taken back: a radio alone cannot be unticked. */
  clear?: { label: string; accessibleLabel: string };
  required?: boolean;
  requiredMark?: string;
  /** Narrow tiles (yes/no, short labels) fit more to a row. */
  compact?: boolean;
  /** Called with each answer the canvasser gives, even the one already chosen (a click on a
   * checked radio changes nothing else), and with '' when it is cleared. */
  onChoose?: (value: string) => void;
}

/** Radio or checkbox inputs drawn as large tiles: one tap, a big target for a gloved thumb, and
 * the state readable in full sun. They stay native inputs, so the keyboard and screen readers
 * work as with any radio group or checkbox list. */
export function TileGroup(props: TileGroupProps) {
  const { form, name, hint } = props;
  const error = fieldError(form, name);
  const value = useWatch({ control: form.control, name }) as unknown;
  const registration = form.register(name);
  const described = describedBy(name, hint, error);
  return (
    <fieldset className="field field--full tiles" aria-describedby={described}>
      <legend className="field-label">
        <span lang={props.lang}>{props.legend}</span>
        {props.required && <span className="field-required"> {props.requiredMark}</span>}
      </legend>
      <FieldMessages name={name} hint={hint} error={error} lang={props.lang} />
      <div className={props.compact ? 'tiles__grid tiles__grid--compact' : 'tiles__grid'}>
        {props.options.map((option, index) => (
          <label className="tile" key={option.value}>
            <input
              {...registration}
              id={index === 0 ? fieldId(name) : undefined}
              type={props.multiple ? 'checkbox' : 'radio'}
              value={option.value}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? errorId(name) : undefined}
              onClick={props.onChoose ? () => props.onChoose?.(option.value) : undefined}
            />
            <span lang={option.lang}>{option.label}</span>
          </label>
        ))}
      </div>
      {props.clear && typeof value === 'string' && value !== '' && (
        <button
          type="button"
          className="button button--quiet"
          aria-label={props.clear.accessibleLabel}
          onClick={() => {
            form.setValue(name, '', { shouldDirty: true, shouldValidate: form.formState.isSubmitted });
            props.onChoose?.('');
            // This button goes with the answer: the focus goes back to the choices.
            document.getElementById(fieldId(name))?.focus();
          }}
        >
          {props.clear.label}
        </button>
      )}
    </fieldset>
  );
}
