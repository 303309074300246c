import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { fieldId } from './field-id';
import { focusField } from './focus-field';
import { nextField } from './next-field';

const isVisible = (element: HTMLElement) => element.getClientRects().length > 0;

/** Where the focus goes in the form: a field asked for, the first invalid one, or the error
 * summary; and Enter moving to the next field. */
export function useFormFocus() {
  const formRef = useRef<HTMLFormElement>(null);
  const summaryRef = useRef<HTMLDivElement | null>(null);
  const summaryWanted = useRef(false);
  const [focusRequest, setFocusRequest] = useState<{ n: number; field?: string }>({ n: 0 });

  useEffect(() => {
    if (focusRequest.n === 0) return;
    if (focusRequest.field) {
      focusField(document.getElementById(fieldId(focusRequest.field)));
      return;
    }
    const firstInvalid = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (focusField(firstInvalid ?? null)) return;
    // Only errors about the contact as a whole: the summary takes the focus, now or as soon as it
    // shows (it loads apart from the page).
    if (summaryRef.current) summaryRef.current.focus();
    else summaryWanted.current = true;
  }, [focusRequest]);

  const summaryRefCallback = (element: HTMLDivElement | null) => {
    summaryRef.current = element;
    if (element && summaryWanted.current) {
      summaryWanted.current = false;
      element.focus();
    }
  };

  const requestFocus = (field?: string) => setFocusRequest((r) => ({ n: r.n + 1, field }));

  /** Enter moves to the next field, as the keyboard's "next" key promises, instead of sending a
   * half-filled contact. */
  function onKeyDown(event: KeyboardEvent<HTMLFormElement>) {
    const target = event.target;
    if (event.key !== 'Enter' || event.defaultPrevented || !(target instanceof HTMLInputElement)) return;
    event.preventDefault();
    const all = [...(formRef.current?.querySelectorAll<HTMLElement>('input, textarea, select') ?? [])];
    const next = nextField(
      all,
      target,
      (el) => isVisible(el) && !(el instanceof HTMLInputElement && el.type === 'radio' && el.name === target.name),
    );
    next?.focus();
  }

  return { formRef, summaryRefCallback, requestFocus, onKeyDown };
}

/** Keeps the focused field clear of the send bar; `shown` changes when the form is drawn anew. */
export function useKeepFocusedFieldVisible(
  formRef: { readonly current: HTMLFormElement | null },
  barRef: { readonly current: HTMLDivElement | null },
  shown: unknown,
) {
  // Loaded with the rest once the form is on screen: the keyboard comes up only at the first tap.
  useEffect(() => {
    const root = formRef.current;
    let stop: (() => void) | undefined;
    let gone = false;
    if (root) {
      void import('./keep-focused-field-visible').then(
        (m) => {
          if (!gone) stop = m.keepFocusedFieldVisible(root, () => barRef.current);
        },
        () => undefined,
      );
    }
    return () => {
      gone = true;
      stop?.();
    };
  }, [shown, formRef, barRef]);
}
