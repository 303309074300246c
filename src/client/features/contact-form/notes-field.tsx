import { useWatch } from 'react-hook-form';
import type { ContactFormText } from './contact-form-text';
import { emptyNote, type NoteValues } from './contact-form-values';
import { type ContactForm, TextField } from './text-field';

/** Several notes, each of which can be pinned (Qomon shows pinned notes first). */
export function NotesField({ form, text }: { form: ContactForm; text: ContactFormText }) {
  // Only how many notes there are: typing into a note must not re-render them all (the text
  // fields are uncontrolled; each keeps its own value).
  const count = useWatch({ control: form.control, name: 'notes', compute: (notes) => notes.length });
  const setNotes = (next: NoteValues[]) => form.setValue('notes', next, { shouldDirty: true });

  function add() {
    setNotes([...form.getValues('notes'), emptyNote()]);
    // The new note is where the canvasser will type next.
    requestAnimationFrame(() => document.getElementById(`f-notes-${count}-content`)?.focus());
  }

  return (
    <>
      {Array.from({ length: count }, (_, index) => (
        <div className="note" key={index}>
          <TextField form={form} name={`notes.${index}.content`} label={text.noteLabel(index + 1)} multiline />
          <div className="note__tools">
            <label className="check">
              <input type="checkbox" {...form.register(`notes.${index}.pinned`)} />
              <span>{text.pinNote}</span>
            </label>
            {count > 1 && (
              <button
                type="button"
                className="button button--quiet"
                onClick={() => {
                  setNotes(form.getValues('notes').filter((__, i) => i !== index));
                  // The button left with its note: the focus goes to the note before it.
                  requestAnimationFrame(() => document.getElementById(`f-notes-${Math.max(0, index - 1)}-content`)?.focus());
                }}
              >
                {text.removeNote(index + 1)}
              </button>
            )}
          </div>
        </div>
      ))}
      <button type="button" className="button button--secondary" onClick={add}>
        {text.addNote}
      </button>
    </>
  );
}
