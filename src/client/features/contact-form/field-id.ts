/** The element id of a form field's input (the first input of a group of tiles), which the error
 * summary links to: `address.street` → `f-address-street`. */
export function fieldId(name: string): string {
  return `f-${name.replace(/[^\w-]/g, '-')}`;
}

export const hintId = (name: string) => `${fieldId(name)}-hint`;
export const errorId = (name: string) => `${fieldId(name)}-error`;

/** aria-describedby for a field: its hint, then its error, as a screen reader should read them. */
export function describedBy(name: string, hint: unknown, error: unknown): string | undefined {
  const ids = [hint ? hintId(name) : '', error ? errorId(name) : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}
