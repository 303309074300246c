import { type FormEvent, useRef, useState } from 'react';
import type { Path, UseFormReturn } from 'react-hook-form';
import type { Campaign } from '@shared/campaign-schema';
import type { QomonError } from '@shared/problem';
import type { UiLanguage } from '@client/lib/ui-language';
import { isStorageFull } from '@client/lib/storage-full-error';
import { isLoadFailure } from '@client/lib/lazy-with-retry';
import type { SubmittedContact } from './contact-form';
import type { ContactFormText } from './contact-form-text';
import { type ContactFormValues, PHONE_KEYS, type PhoneKey } from './contact-form-values';
import { loadContactFormValidation } from './lazy-contact-form-resolver';
import { loadToE164 } from './load-to-e164';

interface ContactSubmitOptions {
  form: UseFormReturn<ContactFormValues>;
  campaign: Campaign;
  text: ContactFormText;
  language: UiLanguage;
  onSubmitContact: (contact: SubmittedContact) => Promise<string>;
  /** Focus the field named, or (none named) the first invalid one. */
  requestFocus: (field?: string) => void;
}

/** Send: phone numbers normalised, the contact checked, handed to the shell under its key, and
 * what became of it (being sent, not kept, sent). */
export function useContactSubmit({ form, campaign, text, language, onSubmitContact, requestFocus }: ContactSubmitOptions) {
  // One key per contact, kept across failed attempts so the server forwards it once at most.
  const keyRef = useRef<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [notSent, setNotSent] = useState<string>();
  const [sent, setSent] = useState<{ summary: string; key: string } | undefined>();

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
      // Kept nowhere but on screen (and in the draft, when drafts have loaded): the canvasser must
      // know, and can export before freeing space, or try again once the app has loaded.
      setNotSent(isStorageFull(error) ? text.notSaved.storageFull : isLoadFailure(error) ? text.notSaved.notReady : text.notSaved.other);
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

  /** A contact put in the form from outside (with the key it goes under, for a fix). */
  function open(idempotencyKey: string | undefined) {
    keyRef.current = idempotencyKey;
    setSent(undefined);
    setNotSent(undefined);
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setNotSent(undefined);
    try {
      // The numbers typed just before pressing Send are normalised before anything is checked.
      await Promise.all(PHONE_KEYS.map(normalisePhone));
      let invalid = false;
      let notLoaded = false;
      await form.handleSubmit(onValid, (errors) => {
        invalid = true;
        notLoaded = errors.root?.notLoaded !== undefined;
      })();
      // The checks could not load (the network went before they did): said on the send bar, which
      // needs nothing more to load, rather than in the list of errors, which may not have loaded.
      if (notLoaded) setNotSent(text.notSaved.notReady);
      else if (invalid) requestFocus();
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

  return { busy, notSent, sent, normalisePhone, showServerErrors, open, submit, startNext };
}
