import { useFormContext } from 'react-hook-form';
import { useContactFormText } from './contact-form-text';
import { fieldText } from './field-text';
import type { ContactFormValues } from './contact-form-values';
import { TextField, type TextFieldProps } from './text-field';

export type FieldSpec = readonly [name: TextFieldProps['name'], size?: TextFieldProps['size'], props?: Partial<TextFieldProps>];

/** Plain text fields, labelled and hinted from the text table by their name. */
export function TextFields({ specs }: { specs: readonly FieldSpec[] }) {
  const form = useFormContext<ContactFormValues>();
  const text = useContactFormText();
  return specs.map(([name, size, props]) => (
    <TextField
      key={name}
      form={form}
      name={name}
      label={fieldText(text.labels, name) ?? name}
      hint={fieldText(text.hints, name)}
      size={size}
      {...props}
    />
  ));
}
