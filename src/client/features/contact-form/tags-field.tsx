import { type KeyboardEvent, useState } from 'react';
import { useWatch } from 'react-hook-form';
import type { ContactFormText } from './contact-form-text';
import { describedBy, fieldId } from './field-id';
import { FieldMessages } from './field-messages';
import { useFormOwner } from './form-owner-group';
import { type ContactForm, fieldError } from './text-field';

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** Tags as chips: the campaign's suggestions one tap away, and free tags typed in, which join the
 * chips. Each chip is a checkbox, so it toggles with a tap, Space, or a screen reader. */
export function TagsField({
  form,
  suggestions,
  text,
  lang,
}: {
  form: ContactForm;
  suggestions: readonly string[];
  text: ContactFormText;
  lang: string;
}) {
  const tags = useWatch({ control: form.control, name: 'tags' });
  const [draft, setDraft] = useState('');
  const owner = useFormOwner();
  const error = fieldError(form, 'tags');
  const setTags = (next: string[]) => form.setValue('tags', next, { shouldDirty: true, shouldValidate: form.formState.isSubmitted });
  const has = (tag: string) => tags.some((t) => same(t, tag));
  const toggle = (tag: string) => {
    const removing = has(tag);
    setTags(removing ? tags.filter((t) => !same(t, tag)) : [...tags, tag]);
    // A free tag's chip goes when unticked: the focus goes to where tags are typed.
    if (removing && !suggestions.some((s) => same(s, tag))) document.getElementById(fieldId('tags'))?.focus();
  };
  const free = tags.filter((t) => !suggestions.some((s) => same(s, t)));

  function addDraft() {
    const tag = draft.trim();
    if (tag && !has(tag)) setTags([...tags, tag]);
    setDraft('');
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    // Enter adds the tag here, rather than move on or send the form.
    if (event.key !== 'Enter') return;
    event.preventDefault();
    addDraft();
  }

  const chip = (tag: string, tagLang?: string) => (
    <label className="chip" key={tag}>
      <input type="checkbox" checked={has(tag)} onChange={() => toggle(tag)} />
      <span lang={tagLang}>{tag}</span>
    </label>
  );

  return (
    <div className="field field--full">
      {suggestions.length > 0 && (
        <fieldset className="tiles">
          <legend className="field-hint">{text.tagSuggestions}</legend>
          <div className="chips">{suggestions.map((tag) => chip(tag, lang))}</div>
        </fieldset>
      )}
      {free.length > 0 && (
        <fieldset className="tiles">
          <legend className="field-hint">{text.chosenTags}</legend>
          <div className="chips">{free.map((tag) => chip(tag))}</div>
        </fieldset>
      )}
      <label className="field-label" htmlFor={fieldId('tags')}>
        {text.labels.tags}
      </label>
      <FieldMessages name="tags" error={error} />
      <div className="inline-add">
        <input
          id={fieldId('tags')}
          form={owner}
          className="field-input"
          type="text"
          autoComplete="off"
          enterKeyHint="done"
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={onKeyDown}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy('tags', false, error)}
        />
        <button type="button" className="button button--secondary" onClick={addDraft}>
          {text.addTag}
        </button>
      </div>
    </div>
  );
}
