import { useEffect, useRef } from 'react';
import type { UseFormReturn } from 'react-hook-form';
import type { ContactFormValues } from './contact-form-values';

/** Every edit reaches the draft keeper (`onValuesChange`); returns whether an edit is waiting for
 * one, to be cleared when the form is loaded anew. */
export function useDraftBridge(form: UseFormReturn<ContactFormValues>, onValuesChange: ((values: ContactFormValues) => void) | undefined) {
  // An edit made before there is a draft keeper (it loads once the form is on screen) reaches it
  // as soon as it is there: a canvasser quick off the mark must not lose it to a reload.
  const unkeptEdit = useRef(false);

  // Every edit reaches the draft keeper; resets (a resumed draft, next door) do not: they are
  // not typing. Through a ref, so that a new callback does not resubscribe.
  const onValuesChangeRef = useRef(onValuesChange);
  onValuesChangeRef.current = onValuesChange;
  useEffect(() => {
    const subscription = form.watch((values, { name }) => {
      if (!name) return;
      const keep = onValuesChangeRef.current;
      // `values` is react-hook-form's deep copy of every value, made for this callback on each
      // change: a snapshot already, so no second copy (getValues) per keystroke.
      if (keep) keep(values as ContactFormValues);
      else unkeptEdit.current = true;
    });
    return () => subscription.unsubscribe();
  }, [form]);
  useEffect(() => {
    if (!onValuesChange || !unkeptEdit.current) return;
    unkeptEdit.current = false;
    onValuesChange(form.getValues());
  }, [onValuesChange, form]);

  return unkeptEdit;
}
