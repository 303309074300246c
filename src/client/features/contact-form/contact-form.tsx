import { type Ref, Suspense, useDeferredValue, useEffect, useImperativeHandle, useMemo, useRef, useState } from 'react';
import { FormProvider, type Path, useForm } from 'react-hook-form';
import type { Campaign } from '@shared/campaign-schema';
import type { ContactRequestInput } from '@shared/consent-proof';
import type { QomonError } from '@shared/problem';
import { useUiLanguage } from '@client/lib/ui-language';
import { prefetch } from '@client/lib/lazy-with-retry';
import { LoadBoundary } from '@client/components/load-boundary';
import { afterNextPaint } from '@client/lib/after-next-paint';
import { useContactFormText } from './contact-form-text';
import { type ContactFormValues, countryName, emptyContactFormValues, nextDoorValues, sameHouseholdValues } from './contact-form-values';
import { DoorSection } from './door-section';
import { FormOwnerForms } from './form-owner-group';
import { ErrorSummary, LaterSections, laterParts, SentConfirmation } from './later';
import { lazyContactFormResolver, loadContactFormValidation } from './lazy-contact-form-resolver';
import { loadToE164 } from './load-to-e164';
import { PersonSection } from './person-section';
import { useContactSubmit } from './use-contact-submit';
import { useDraftBridge } from './use-draft-bridge';
import { useFormFocus, useKeepFocusedFieldVisible } from './use-form-focus';
import './contact-form.css';

/** A contact that passed the form's checks, as it leaves the form. */
export interface SubmittedContact {
  body: ContactRequestInput;
  /** What the form held, to open the contact again should the server refuse part of it. */
  values: ContactFormValues;
  /** Made once per contact, kept when the same contact is submitted again (after a fix). */
  idempotencyKey: string;
}

/** What the shell can do to the form from outside: resume a draft, open a refused contact. */
export interface ContactFormHandle {
  /** Shows `values` in the form. With `idempotencyKey`, submitting goes under that key again (a
   * contact being fixed); with `serverErrors`, the server's refusals are shown on their fields;
   * with `personFirst`, the person's fields come first, focused (a door whose address is known). */
  load(
    values: ContactFormValues,
    options?: { idempotencyKey?: string | undefined; serverErrors?: readonly QomonError[] | undefined; personFirst?: boolean },
  ): void;
  /** An empty form, for a new contact. */
  clear(): void;
  /** Whether something was typed that no draft keeper has been told of yet (there was none): a
   * draft that would replace it must not be opened. */
  hasUnkeptEdit(): boolean;
}

export interface ContactFormProps {
  campaign: Campaign;
  /** Where a checked contact goes: the shell keeps it (the outbox) and sends it when it can, and
   * answers with the key it went under: the contact's own, but for a fix whose refused contact is
   * gone meanwhile (sent, or discarded), which goes as a new contact under a new key. A rejection
   * (the device is full) leaves everything in the form. */
  onSubmitContact: (contact: SubmittedContact) => Promise<string>;
  /** Told of every change made to a field (not of a reset): the shell keeps the draft. */
  onValuesChange?: ((values: ContactFormValues) => void) | undefined;
  /** Whether the contact queued under `idempotencyKey` has reached the server yet. */
  isDelivered?: ((idempotencyKey: string) => boolean) | undefined;
  /** "Next door" after a send: true when the shell took it (a walk list's next door). */
  onNextDoor?: (() => boolean) | undefined;
  ref?: Ref<ContactFormHandle> | undefined;
}

/** The contact form: every field of Qomon's upsert, built from the campaign, grouped the way a
 * canvasser meets them at a door. */
export function ContactForm({ campaign, onSubmitContact, onValuesChange, isDelivered, onNextDoor, ref }: ContactFormProps) {
  const text = useContactFormText();
  const language = useUiLanguage();
  const country = useMemo(() => countryName(campaign.country, language), [campaign.country, language]);
  const resolver = useMemo(
    () => lazyContactFormResolver({ campaign, text, language, countryName: country, loadToE164 }),
    [campaign, text, language, country],
  );
  const [defaultValues] = useState(() => emptyContactFormValues(campaign));
  const form = useForm<ContactFormValues>({ defaultValues, resolver, mode: 'onTouched', shouldFocusError: false });
  const { errors, isSubmitted } = form.formState;

  const barRef = useRef<HTMLDivElement>(null);
  const { formRef, summaryRefCallback, requestFocus, onKeyDown } = useFormFocus();
  const { busy, notSent, sent, normalisePhone, showServerErrors, open, submit, startNext } = useContactSubmit({
    form,
    campaign,
    text,
    language,
    onSubmitContact,
    requestFocus,
  });
  const unkeptEdit = useDraftBridge(form, onValuesChange);

  // The form's first render is its first section, the door, where a canvasser starts; the other
  // sections follow at once in a render of their own that gives way to input
  // (https://react.dev/reference/react/useDeferredValue#usage). Rendering all of it in one go held
  // the street field back by the time the rest took (bench/README.md, "cold load").
  const allSections = useDeferredValue(true, false);
  const [personFirst, setPersonFirst] = useState(false);

  useKeepFocusedFieldVisible(formRef, barRef, sent);

  // What Send needs (the checks, the confirmation) loads once the form is on screen, well before the
  // first field is left: after its first paint, which starting a dozen imports (tens of ms on a
  // slow phone) would otherwise delay. Should the network go first, again as soon as it is back.
  useEffect(
    () =>
      afterNextPaint(() => {
        prefetch(loadContactFormValidation);
        for (const part of laterParts) prefetch(part.preload);
      }),
    [],
  );

  // A new language: the messages on screen are redone in it.
  const shownErrors = useRef(errors);
  shownErrors.current = errors;
  // Errors on screen came from the checks (or the server's refusals, shown through them), so their
  // module has loaded: flattenErrors comes with it rather than with the first load.
  useEffect(() => {
    if (form.formState.isSubmitted) void form.trigger();
    else if (Object.keys(shownErrors.current).length)
      void loadContactFormValidation()
        .then(({ flattenErrors }) => {
          const names = flattenErrors(shownErrors.current).map(([name]) => name);
          if (names.length) void form.trigger(names as Path<ContactFormValues>[]);
        })
        .catch(() => undefined);
  }, [resolver, form]);

  useImperativeHandle(ref, () => {
    const load: ContactFormHandle['load'] = (values, options) => {
      form.reset(values);
      unkeptEdit.current = false;
      open(options?.idempotencyKey);
      setPersonFirst(!!options?.personFirst);
      if (options?.personFirst) requestFocus('firstname');
      if (options?.serverErrors?.length) void showServerErrors(values, options.serverErrors).catch(() => undefined);
    };
    return { load, clear: () => load(emptyContactFormValues(campaign)), hasUnkeptEdit: () => unkeptEdit.current };
  });

  if (sent !== undefined) {
    return (
      <LoadBoundary part="confirmation">
        <Suspense fallback={null}>
          <SentConfirmation
            text={text}
            summary={sent.summary}
            delivered={isDelivered?.(sent.key) ?? false}
            onNextDoor={() => onNextDoor?.() || startNext(nextDoorValues(form.getValues(), campaign), 'address.housenumber')}
            onSameHousehold={() => startNext(sameHouseholdValues(form.getValues(), campaign), 'firstname')}
          />
        </Suspense>
      </LoadBoundary>
    );
  }

  return (
    <FormProvider {...form}>
      <form
        ref={formRef}
        className="contact-form"
        noValidate
        onSubmit={(event) => void submit(event)}
        onKeyDown={onKeyDown}
        aria-label={text.formLabel}
      >
        {isSubmitted && (
          <LoadBoundary part="summary">
            <Suspense fallback={null}>
              <ErrorSummary ref={summaryRefCallback} errors={errors} campaign={campaign} text={text} />
            </Suspense>
          </LoadBoundary>
        )}

        {personFirst && <PersonSection campaign={campaign} />}
        <DoorSection campaign={campaign} allSections={allSections} />

        {allSections && (
          <LoadBoundary part="sections">
            <Suspense fallback={null}>
              <LaterSections campaign={campaign} withPerson={!personFirst} normalisePhone={normalisePhone} />
            </Suspense>
          </LoadBoundary>
        )}

        <div className="send-bar" ref={barRef}>
          <div className="send-bar__inner">
            {notSent && (
              <p className="send-bar__problem" role="alert">
                {notSent}
              </p>
            )}
            <button className="button button--primary button--wide button--send" type="submit" aria-disabled={busy || undefined}>
              {busy ? text.sending : text.send}
            </button>
          </div>
        </div>
      </form>
      <FormOwnerForms />
    </FormProvider>
  );
}
