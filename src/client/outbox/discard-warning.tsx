import { useEffect, useId, useRef } from 'react';
import { useOutboxText } from './outbox-text';
import './outbox.css';

/** Asked before a contact that needs fixing is deleted: unlike a draft, it is a visit the
 * canvasser finished, and once gone from this device it is gone for good (past the Undo). */
export function DiscardWarning({ what, onAnswer }: { what: string; onAnswer: (discard: boolean) => void }) {
  const text = useOutboxText();
  const ref = useRef<HTMLDialogElement>(null);
  const keep = useRef<HTMLButtonElement>(null);
  const headingId = useId();
  const bodyId = useId();
  const answered = useRef(false);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    // The safe choice has the focus: an Enter pressed out of habit keeps the contact.
    keep.current?.focus();
    return () => dialog?.close();
  }, []);

  const answer = (discard: boolean) => {
    if (answered.current) return;
    answered.current = true;
    // Closed before it goes, so that the browser gives the focus back to the Discard button.
    if (ref.current?.open) ref.current.close();
    onAnswer(discard);
  };

  return (
    <dialog
      ref={ref}
      className="outbox-view"
      role="alertdialog"
      aria-labelledby={headingId}
      aria-describedby={bodyId}
      // Opened inside the outbox dialog: its close must not be taken for that dialog's.
      onClose={(event) => {
        event.stopPropagation();
        answer(false);
      }}
      onCancel={(event) => event.stopPropagation()}
    >
      <h2 id={headingId} className="outbox-view__heading">
        {text.discardHeading}
      </h2>
      <p id={bodyId}>{text.discardBody(what)}</p>
      <div className="outbox-view__actions">
        <button ref={keep} className="button button--primary" type="button" onClick={() => answer(false)}>
          {text.discardKeep}
        </button>
        <button className="button button--secondary" type="button" onClick={() => answer(true)}>
          {text.discardConfirm}
        </button>
      </div>
    </dialog>
  );
}
