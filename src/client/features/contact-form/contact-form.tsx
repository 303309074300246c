import {
  type FormEvent,
  type KeyboardEvent,
  lazy,
  type ReactNode,
  type Ref,
  Suspense,
  useDeferredValue,
  useEffect,
  useImperativeHandle,
  useMemo,
  useRef,
  useState,
} from 'react';
import { type Path, useForm } from 'react-hook-form';
import type { Campaign, CampaignField } from '@shared/campaign-schema';
import type { ContactUpsertInput } from '@shared/contact-upsert-schema';
import type { QomonError } from '@shared/problem';
import { useUiLanguage } from '@client/lib/ui-language';
import { CampaignFieldInput, type CampaignFieldInputProps } from './campaign-field-input';
import { type ContactFormText, useContactFormText } from './contact-form-text';
import {
  type ContactFormValues,
  countryName,
  emptyContactFormValues,
  fieldKey,
  nextDoorValues,
  PHONE_KEYS,
  type PhoneKey,
  sameHouseholdValues,
} from './contact-form-values';
import { fieldId, hintId } from './field-id';
import { flattenErrors } from './flatten-errors';
import { focusField } from './focus-field';
import { FormOwnerForms, FormOwnerGroup, isFormOwnerGroup } from './form-owner-group';
import { loadToE164 } from './load-to-e164';
import { lazyContactFormResolver, loadContactFormValidation } from './lazy-contact-form-resolver';
import { LocationButton } from './location-button';
import { type ContactForm as Form, TextField, type TextFieldProps } from './text-field';
import { TileGroup } from './tile-group';
import './contact-form.css';

/** A contact that passed the form's checks, as it leaves the form. */
export interface SubmittedContact {
  body: ContactUpsertInput;
  /** What the form held, to open the contact again should the server refuse part of it. */
  values: ContactFormValues;
  /** Made once per contact, kept when the same contact is submitted again (after a fix). */
  idempotencyKey: string;
}

/** What the shell can do to the form from outside: resume a draft, open a refused contact. */
export interface ContactFormHandle {
  /** Shows `values` in the form. With `idempotencyKey`, submitting goes under that key again (a
   * contact being fixed); with `serverErrors`, the server's refusals are shown on their fields. */
  load(values: ContactFormValues, options?: { idempotencyKey?: string | undefined; serverErrors?: readonly QomonError[] | undefined }): void;
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
  ref?: Ref<ContactFormHandle> | undefined;
}

// Where postal codes are digits only, the numeric keypad is the quicker one.
const NUMERIC_POSTCODES = new Set(['FR', 'DE', 'IT', 'ES', 'BE', 'CH', 'AT', 'LU', 'MC', 'US']);

const isVisible = (element: HTMLElement) => element.getClientRects().length > 0;

/** Runs `task` once the next frame has been painted (a frame, then a task after it); returns the
 * way to cancel. */
function afterNextPaint(task: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const frame = requestAnimationFrame(() => (timer = setTimeout(task)));
  return () => {
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
}

// Not needed to show the top of the form: the error summary and the confirmation (shown after
// Send), tags and notes (at the bottom of a long form). They load as soon as the form is on
// screen, and the page's first load stays small.
const later = {
  summary: () => import('./error-summary').then((m) => ({ default: m.ErrorSummary })),
  sent: () => import('./sent-confirmation').then((m) => ({ default: m.SentConfirmation })),
  tags: () => import('./tags-field').then((m) => ({ default: m.TagsField })),
  notes: () => import('./notes-field').then((m) => ({ default: m.NotesField })),
};
const ErrorSummary = lazy(later.summary);
const SentConfirmation = lazy(later.sent);
const TagsField = lazy(later.tags);
const NotesField = lazy(later.notes);

type FieldSpec = readonly [name: TextFieldProps['name'], size?: TextFieldProps['size'], props?: Partial<TextFieldProps>];

/** Plain text fields, labelled and hinted from the text table by their name. */
function TextFields({ form, text, specs }: { form: Form; text: ContactFormText; specs: readonly FieldSpec[] }) {
  return specs.map(([name, size, props]) => (
    <TextField key={name} form={form} name={name} label={text.labels[name]!} hint={text.hints[name]} size={size} {...props} />
  ));
}

const ADDRESS: FieldSpec[] = [
  ['address.street', 'full', { autoComplete: 'address-line1' }],
  ['address.housenumber', 'half', { inputMode: 'numeric' }],
  ['address.addition', 'half'],
];
const FLAT: FieldSpec[] = [
  ['address.building', 'third', { autoComplete: 'address-line2' }],
  ['address.floor', 'third'],
  ['address.door', 'third'],
];
const CITY: FieldSpec[] = [
  ['address.city', 'half', { autoComplete: 'address-level2' }],
  ['address.infos', 'full', { multiline: true }],
];
const MORE_ADDRESS: FieldSpec[] = [
  ['address.latitude', 'half', { inputMode: 'decimal' }],
  ['address.longitude', 'half', { inputMode: 'decimal' }],
  ['address.citycode', 'half'],
  ['address.pollingstation', 'half'],
  ['address.county', 'half'],
  ['address.state', 'half', { autoComplete: 'address-level1' }],
  ['address.country', 'full', { autoComplete: 'country-name' }],
];
const NAMES: FieldSpec[] = [
  ['firstname', 'half', { autoComplete: 'given-name', autoCapitalize: 'words' }],
  ['surname', 'half', { autoComplete: 'family-name', autoCapitalize: 'words' }],
  ['married_name', 'half', { autoCapitalize: 'words' }],
];
const BIRTH: FieldSpec[] = [
  ['birthdate', 'half', { type: 'date', autoComplete: 'bday' }],
  ['birthcity', 'half'],
  ['birthdept', 'half'],
  ['birthcountry', 'half'],
  ['nationality', 'half'],
];
const ADVANCED: FieldSpec[] = [
  ['id', 'half', { inputMode: 'numeric' }],
  ['nationbuilderid', 'half', { inputMode: 'numeric' }],
];

/** A group of the campaign's own fields under a heading (a survey, the tasks, the custom fields);
 * nothing when the campaign has none. */
function CampaignSubsection({
  heading,
  headingLang,
  fields,
  ...input
}: { heading: string; headingLang?: string; fields: readonly CampaignField[] } & Omit<CampaignFieldInputProps, 'field'>) {
  if (!fields.length) return null;
  return (
    <div className="subsection">
      <h3 className="subsection__heading" lang={headingLang}>
        {heading}
      </h3>
      <div className="fields">
        {fields.map((field) => (
          <CampaignFieldInput key={field.id} field={field} {...input} />
        ))}
      </div>
    </div>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="form-section" aria-labelledby={`section-${id}`}>
      <h2 className="form-section__heading" id={`section-${id}`}>
        {title}
      </h2>
      {isFormOwnerGroup(id) ? <FormOwnerGroup id={id}>{children}</FormOwnerGroup> : children}
    </section>
  );
}

/** The contact form: every field of Qomon's upsert, built from the campaign, grouped the way a
 * canvasser meets them at a door. */
export function ContactForm({ campaign, onSubmitContact, onValuesChange, isDelivered, ref }: ContactFormProps) {
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

  const formRef = useRef<HTMLFormElement>(null);
  const barRef = useRef<HTMLDivElement>(null);
  const summaryRef = useRef<HTMLDivElement | null>(null);
  const summaryWanted = useRef(false);
  // One key per contact, kept across failed attempts so the server forwards it once at most.
  const keyRef = useRef<string | undefined>(undefined);
  // An edit made before there is a draft keeper (it loads once the form is on screen) reaches it
  // as soon as it is there: a canvasser quick off the mark must not lose it to a reload.
  const unkeptEdit = useRef(false);
  const [busy, setBusy] = useState(false);
  const [notSent, setNotSent] = useState<string>();
  const [sent, setSent] = useState<{ summary: string; key: string } | undefined>();
  const [focusRequest, setFocusRequest] = useState<{ n: number; field?: string }>({ n: 0 });

  const lang = campaign.language;
  // The form's first render is its first section, the door, where a canvasser starts; the other
  // sections follow at once in a render of their own that gives way to input
  // (https://react.dev/reference/react/useDeferredValue#usage). Rendering all of it in one go held
  // the street field back by the time the rest took (bench/README.md, "cold load").
  const allSections = useDeferredValue(true, false);

  // Loaded with the rest once the form is on screen: the keyboard comes up only at the first tap.
  useEffect(() => {
    const root = formRef.current;
    let stop: (() => void) | undefined;
    let gone = false;
    if (root) {
      void import('./keep-focused-field-visible').then((m) => {
        if (!gone) stop = m.keepFocusedFieldVisible(root, () => barRef.current);
      }, () => undefined);
    }
    return () => {
      gone = true;
      stop?.();
    };
  }, [sent]);

  // The checks load once the form is on screen, well before the first field is left: after its
  // first paint, which starting a dozen imports (tens of ms on a slow phone) would otherwise delay.
  useEffect(
    () =>
      afterNextPaint(() => {
        void loadContactFormValidation().catch(() => undefined);
        for (const load of Object.values(later)) void load().catch(() => undefined);
      }),
    [],
  );

  // A new language: the messages on screen are redone in it.
  const shownErrors = useRef(errors);
  shownErrors.current = errors;
  useEffect(() => {
    if (form.formState.isSubmitted) void form.trigger();
    else {
      const names = flattenErrors(shownErrors.current).map(([name]) => name);
      if (names.length) void form.trigger(names as Path<ContactFormValues>[]);
    }
  }, [resolver, form]);

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

  async function normalisePhone(key: PhoneKey): Promise<void> {
    const raw = form.getValues(key);
    if (raw.trim() === '') return;
    try {
      const toE164 = await loadToE164();
      const e164 = toE164(raw, campaign.country);
      // Only a number the library is sure of is rewritten; anything else stays as typed, with
      // its error, for the canvasser to correct.
      if (e164 && e164 !== raw && form.getValues(key) === raw) form.setValue(key, e164, { shouldDirty: true, shouldValidate: true });
    } catch {
      // The library could not load (offline before its first use): the number goes as typed.
    }
  }

  async function onValid(values: ContactFormValues): Promise<void> {
    // Loaded already: the checks that just passed come from the same module.
    const { buildUpsertBody, describeContact, newIdempotencyKey } = await loadContactFormValidation();
    const { body } = buildUpsertBody(values, campaign);
    let key = (keyRef.current ??= newIdempotencyKey());
    try {
      key = await onSubmitContact({ body, values, idempotencyKey: key });
    } catch (error) {
      // Kept nowhere but on screen: the canvasser must know, and can export before freeing space.
      setNotSent(error instanceof Error && error.name === 'StorageFullError' ? text.notSaved.storageFull : text.notSaved.other);
      return;
    }
    keyRef.current = undefined;
    setNotSent(undefined);
    setSent({ summary: describeContact(values), key });
  }

  /** The server's refusals of a contact kept on the device, put back on their fields. */
  async function showServerErrors(values: ContactFormValues, serverErrors: readonly QomonError[]): Promise<void> {
    const { serverErrorsOnFields } = await loadContactFormValidation();
    serverErrorsOnFields(serverErrors, values, campaign, language).forEach((e, i) =>
      form.setError(e.field ? (e.field as Path<ContactFormValues>) : `root.server${i}`, { type: 'server', message: e.message }),
    );
    requestFocus();
  }

  useImperativeHandle(ref, () => {
    const load: ContactFormHandle['load'] = (values, options) => {
      form.reset(values);
      unkeptEdit.current = false;
      keyRef.current = options?.idempotencyKey;
      setSent(undefined);
      setNotSent(undefined);
      if (options?.serverErrors?.length) void showServerErrors(values, options.serverErrors).catch(() => undefined);
    };
    return { load, clear: () => load(emptyContactFormValues(campaign)), hasUnkeptEdit: () => unkeptEdit.current };
  });

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

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setNotSent(undefined);
    try {
      // The numbers typed just before pressing Send are normalised before anything is checked.
      await Promise.all(PHONE_KEYS.map(normalisePhone));
      let invalid = false;
      await form.handleSubmit(onValid, () => {
        invalid = true;
      })();
      if (invalid) requestFocus();
    } finally {
      setBusy(false);
    }
  }

  function startNext(values: ContactFormValues, focus: string) {
    form.reset(values);
    keyRef.current = undefined;
    setSent(undefined);
    requestFocus(focus);
  }

  /** Enter moves to the next field, as the keyboard's "next" key promises, instead of sending a
   * half-filled contact. */
  function onKeyDown(event: KeyboardEvent<HTMLFormElement>) {
    const target = event.target;
    if (event.key !== 'Enter' || event.defaultPrevented || !(target instanceof HTMLInputElement)) return;
    event.preventDefault();
    const all = [...(formRef.current?.querySelectorAll<HTMLElement>('input, textarea, select') ?? [])];
    const next = all
      .slice(all.indexOf(target) + 1)
      .find((el) => isVisible(el) && !(el instanceof HTMLInputElement && el.type === 'radio' && el.name === target.name));
    next?.focus();
  }

  if (sent !== undefined) {
    return (
      <Suspense fallback={null}>
        <SentConfirmation
          text={text}
          summary={sent.summary}
          delivered={isDelivered?.(sent.key) ?? false}
          onNextDoor={() => startNext(nextDoorValues(form.getValues(), campaign), 'address.housenumber')}
          onSameHousehold={() => startNext(sameHouseholdValues(form.getValues(), campaign), 'firstname')}
        />
      </Suspense>
    );
  }

  const phoneEvents = (key: PhoneKey) => ({
    // Loading the phone library while the number is typed, so it is there when the field is left.
    onFocus: () => void loadToE164().catch(() => undefined),
    onBlur: () => void normalisePhone(key),
  });

  return (
    <>
      <form ref={formRef} className="contact-form" noValidate onSubmit={(event) => void submit(event)} onKeyDown={onKeyDown} aria-label={text.formLabel}>
        {isSubmitted && (
          <Suspense fallback={null}>
            <ErrorSummary ref={summaryRefCallback} errors={errors} campaign={campaign} text={text} />
          </Suspense>
        )}

        <Section id="door" title={text.sections.door}>
          <div className="fields">
            <TextFields form={form} text={text} specs={ADDRESS} />
            {/* The outcome right under the address: at most doors it is the one other answer. */}
            {campaign.doorOutcomes.map((field) => (
              <CampaignFieldInput key={field.id} form={form} group="name_presences" field={field} text={text} lang={lang} />
            ))}
            <TextFields form={form} text={text} specs={FLAT} />
            <TextFields
              form={form}
              text={text}
              specs={[['address.postalcode', 'half', { autoComplete: 'postal-code', inputMode: NUMERIC_POSTCODES.has(campaign.country) ? 'numeric' : 'text' }]]}
            />
            <TextFields form={form} text={text} specs={CITY} />
            <LocationButton form={form} text={text} />
          </div>
          <details className="more">
            <summary className="more__summary">{text.moreAddress}</summary>
            {/* Closed at first: its fields come with the other sections. */}
            {allSections && (
              <div className="fields">
                <TextFields form={form} text={text} specs={MORE_ADDRESS} />
              </div>
            )}
          </details>
        </Section>

        {allSections && (
          <>
            <Section id="person" title={text.sections.person}>
              <div className="fields">
                <TextFields form={form} text={text} specs={NAMES} />
                {campaign.ageCategories.length > 0 && (
                  <TileGroup
                    form={form}
                    name="age_category"
                    legend={text.labels.age_category}
                    options={campaign.ageCategories.map((a) => ({ value: String(a.id), label: a.label, lang }))}
                    compact
                    clear={{ label: text.clear, accessibleLabel: text.clearLabel(text.labels.age_category!) }}
                  />
                )}
              </div>
              <details className="more">
                <summary className="more__summary">{text.moreAboutPerson}</summary>
                <div className="fields">
                  <TextFields form={form} text={text} specs={BIRTH} />
                </div>
              </details>
            </Section>

            <Section id="reach" title={text.sections.reach}>
              <div className="fields">
                <TextFields
                  form={form}
                  text={text}
                  specs={[
                    ['mail', 'full', { type: 'email', inputMode: 'email', autoComplete: 'email', autoCapitalize: 'none' }],
                    ['mobile', 'full', { type: 'tel', inputMode: 'tel', autoComplete: 'mobile tel', ...phoneEvents('mobile') }],
                    ['phone', 'full', { type: 'tel', inputMode: 'tel', autoComplete: 'home tel', ...phoneEvents('phone') }],
                  ]}
                />
                <div className="field field--full">
                  <label className="check check--strong">
                    <input type="checkbox" id={fieldId('black_list')} {...form.register('black_list')} aria-describedby={hintId('black_list')} />
                    <span>{text.labels.black_list}</span>
                  </label>
                  <p className="field-hint" id={hintId('black_list')}>
                    {text.hints.black_list}
                  </p>
                </div>
              </div>
            </Section>

            {campaign.consents.length > 0 && (
              <Section id="consents" title={text.sections.consents}>
                <p className="field-hint">{text.consentsHint}</p>
                <div className="fields">
                  {campaign.consents.map((consent) => (
                    <TileGroup
                      key={consent.id}
                      form={form}
                      name={`consents.${fieldKey('consents', consent.id)}`}
                      legend={consent.label}
                      lang={lang}
                      hint={consent.help}
                      compact
                      options={[
                        { value: 'yes', label: text.yes },
                        { value: 'no', label: text.no },
                      ]}
                      clear={{ label: text.clear, accessibleLabel: text.clearLabel(consent.label) }}
                    />
                  ))}
                </div>
              </Section>
            )}

            {(campaign.supportLevels.length > 0 || campaign.surveys.length > 0 || campaign.tasks.length > 0 || campaign.customFields.length > 0) && (
              <Section id="support" title={text.sections.support}>
                <div className="fields">
                  {campaign.supportLevels.map((field) => (
                    <CampaignFieldInput key={field.id} form={form} group="status" field={field} text={text} lang={lang} />
                  ))}
                </div>
                {campaign.surveys.map((survey, index) => (
                  <CampaignSubsection key={index} heading={survey.label} headingLang={lang} fields={survey.questions} group="forms" form={form} text={text} lang={lang} />
                ))}
                <CampaignSubsection heading={text.tasksHeading} fields={campaign.tasks} group="actions" form={form} text={text} lang={lang} />
                <CampaignSubsection heading={text.customFieldsHeading} fields={campaign.customFields} group="custom_fields" form={form} text={text} lang={lang} />
              </Section>
            )}

            <Section id="tags" title={text.sections.tags}>
              <div className="fields">
                <Suspense fallback={null}>
                  <TagsField form={form} suggestions={campaign.tags} text={text} lang={lang} />
                </Suspense>
              </div>
            </Section>

            <Section id="notes" title={text.sections.notes}>
              <Suspense fallback={null}>
                <NotesField form={form} text={text} />
              </Suspense>
            </Section>

            <details className="form-section more more--section">
              <summary className="more__summary form-section__heading">{text.sections.advanced}</summary>
              <div className="fields">
                <FormOwnerGroup id="advanced">
                  <TextFields form={form} text={text} specs={ADVANCED} />
                </FormOwnerGroup>
              </div>
            </details>
          </>
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
    </>
  );
}
