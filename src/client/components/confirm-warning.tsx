import { useEffect, useId, useRef } from 'react';
import './dialog.css';

/** A question asked before something the canvasser may regret (signing out with contacts waiting,
 * deleting a contact that needs fixing): the safe choice first and focused, so that an Enter
 * pressed out of habit keeps things as they are; Escape or closing the dialog answers it too. */
export function ConfirmWarning(props: {
  heading: string;
  body: string;
  keepLabel: string;
  confirmLabel: string;
  onAnswer: (confirmed: boolean) => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const keep = useRef<HTMLButtonElement>(null);
  const headingId = useId();
  const bodyId = useId();
  const answered = useRef(false);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    keep.current?.focus();
    return () => dialog?.close();
  }, []);

  const answer = (confirmed: boolean) => {
    if (answered.current) return;
    answered.current = true;
    // Closed before it goes, so that the browser gives the focus back to what opened it.
    if (ref.current?.open) ref.current.close();
    props.onAnswer(confirmed);
  };

  return (
    <dialog
      ref={ref}
      className="dialog"
      role="alertdialog"
      aria-labelledby={headingId}
      aria-describedby={bodyId}
      // It may open inside another dialog (the outbox details): its close is not that dialog's.
      onClose={(event) => {
        event.stopPropagation();
        answer(false);
      }}
      onCancel={(event) => event.stopPropagation()}
    >
      <h2 id={headingId} className="dialog__heading">
        {props.heading}
      </h2>
      <p id={bodyId}>{props.body}</p>
      <div className="dialog__actions">
        <button ref={keep} className="button button--primary" type="button" onClick={() => answer(false)}>
          {props.keepLabel}
        </button>
        <button className="button button--secondary" type="button" onClick={() => answer(true)}>
          {props.confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
