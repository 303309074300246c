import type { ContactFormText } from './contact-form-text-en';

/** The label or hint of a field by its form path, for code that holds the path as a string. Read
 * through a widened view: the tables themselves keep their exact keys, so that a French table
 * missing one fails the type check. */
export function fieldText(table: ContactFormText['labels'] | ContactFormText['hints'], name: string): string | undefined {
  return (table as Partial<Record<string, string>>)[name];
}
