/** Brings a field into view and focus, opening the collapsed part it may sit in ("More address
 * details", "Advanced"), so that an error can always be reached. */
export function focusField(element: HTMLElement | null): boolean {
  if (!element) return false;
  for (let details = element.closest('details'); details; details = details.parentElement?.closest('details') ?? null) {
    details.open = true;
  }
  element.focus({ preventScroll: true });
  element.scrollIntoView({ block: 'center' });
  return true;
}
