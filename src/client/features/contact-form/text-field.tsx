import type { FocusEvent, HTMLAttributes } from 'react';
import { get, type Path, type UseFormReturn } from 'react-hook-form';
import type { ContactFormValues } from './contact-form-values';
import { describedBy, fieldId } from './field-id';
import { FieldMessages } from './field-messages';
import { useFormOwner } from './form-owner-group';

export type ContactForm = UseFormReturn<ContactFormValues>;

export interface TextFieldProps {
  form: ContactForm;
  name: Path<ContactFormValues>;
  label: string;
  hint?: string | undefined;
  type?: 'text' | 'email' | 'tel' | 'date';
  inputMode?: HTMLAttributes<HTMLInputElement>['inputMode'];
  autoComplete?: string;
  autoCapitalize?: string;
  multiline?: boolean;
  /** Width in the field grid: phones put two halves or three thirds on a row. */
  size?: 'full' | 'half' | 'third' | 'quarter';
  /** The language of a label that comes from the campaign rather than the interface. */
  labelLang?: string | undefined;
  required?: boolean;
  requiredMark?: string;
  onFocus?: (event: FocusEvent<HTMLInputElement | HTMLTextAreaElement>) => void;
  onBlur?: (event: FocusEvent<HTMLInputElement | HTMLTextAreaElement>) => void;
}

export function fieldError(form: ContactForm, name: string): string | undefined {
  const error = get(form.formState.errors, name) as { message?: unknown } | undefined;
  return typeof error?.message === 'string' ? error.message : undefined;
}

/** One labelled text input (or textarea), with its hint and error tied to it for screen readers. */
export function TextField(props: TextFieldProps) {
  const { form, name, hint } = props;
  const error = fieldError(form, name);
  const owner = useFormOwner();
  const registration = form.register(name, { onBlur: props.onBlur });
  const common = {
    ...registration,
    form: owner,
    id: fieldId(name),
    className: 'field-input',
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy(name, hint, error),
    'aria-required': props.required || undefined,
    onFocus: props.onFocus,
  };
  return (
    <div className={`field field--${props.size ?? 'full'} field--text`}>
      <label className="field-label" htmlFor={fieldId(name)}>
        <span lang={props.labelLang}>{props.label}</span>
        {props.required && <span className="field-required"> {props.requiredMark}</span>}
      </label>
      <FieldMessages name={name} hint={hint} error={error} lang={props.labelLang} />
      {props.multiline ? (
        <textarea {...common} rows={3} />
      ) : (
        <input
          {...common}
          type={props.type ?? 'text'}
          inputMode={props.inputMode}
          autoComplete={props.autoComplete ?? 'off'}
          autoCapitalize={props.autoCapitalize}
          // "Next" on the on-screen keyboard: the form moves to the next field rather than send.
          enterKeyHint="next"
        />
      )}
    </div>
  );
}
