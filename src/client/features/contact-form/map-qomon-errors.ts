import type { QomonError } from '@shared/problem';
import { locationToFieldPath } from '@shared/qomon-errors';
import { fieldForPath } from './build-upsert-body';
import type { ContactFormValues } from './contact-form-values';

export interface FormError {
  /** The form field to show it on; undefined when it belongs to no field (error summary only). */
  field: string | undefined;
  message: string;
}

function isPlainField(values: ContactFormValues, path: string): boolean {
  const [head, tail, ...rest] = path.split('.');
  if (rest.length || head === undefined) return false;
  const value: unknown =
    tail === undefined
      ? (values as unknown as Record<string, unknown>)[head]
      : head === 'address'
        ? (values.address as Record<string, unknown>)[tail]
        : undefined;
  return typeof value === 'string' || typeof value === 'boolean';
}

/**
 * Puts Qomon-style errors (`{location: 'body.data.custom_fields.2.value', message}`), from the
 * contract, the campaign check or the server's 422, on the form fields they are about, through
 * the `origins` of the body they were found in. `translate` turns the contract's English messages
 * into the interface language.
 */
export function mapQomonErrors(
  errors: readonly QomonError[],
  origins: Record<string, string>,
  values: ContactFormValues,
  translate: (message: string) => string = (message) => message,
): FormError[] {
  return errors.map((error) => {
    const path = locationToFieldPath(error.location);
    let field = path ? fieldForPath(path, origins) : undefined;
    // A required field left empty has no item, so no path of its own: the campaign check names
    // the whole array and gives the field's id as the value (`custom_fields`, 604).
    if (!field && path && /^[a-z_]+$/.test(path) && typeof error.value === 'number') {
      const key = `${path}_${error.value}`;
      if (key in values.answers) field = `answers.${key}`;
    }
    // A field the body left out, that Qomon wants after all (`address.city`): the form field of
    // the same name.
    if (!field && path && isPlainField(values, path)) field = path;
    return { field, message: translate(error.message) };
  });
}
