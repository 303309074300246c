import { useEffect, useId, useRef } from 'react';
import { useOutboxText } from './outbox-text';
import './outbox.css';

/** Asked before signing out while contacts wait: nothing is deleted either way, but the canvasser
 * should know that they go only after someone signs in again on this device. */
export function SignOutWarning({ unsent, onAnswer }: { unsent: number; onAnswer: (signOut: boolean) => void }) {
  const text = useOutboxText();
  const ref = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  const bodyId = useId();
  const answered = useRef(false);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  const answer = (signOut: boolean) => {
    if (answered.current) return;
    answered.current = true;
    onAnswer(signOut);
  };

  return (
    <dialog ref={ref} className="outbox-view" role="alertdialog" aria-labelledby={headingId} aria-describedby={bodyId} onClose={() => answer(false)}>
      <h2 id={headingId} className="outbox-view__heading">
        {text.signOutHeading}
      </h2>
      <p id={bodyId}>{text.signOutBody(unsent)}</p>
      <div className="outbox-view__actions">
        {/* The safe choice first, and focused by showModal. */}
        <button className="button button--primary" type="button" onClick={() => answer(false)}>
          {text.signOutCancel}
        </button>
        <button className="button button--secondary" type="button" onClick={() => answer(true)}>
          {text.signOutConfirm}
        </button>
      </div>
    </dialog>
  );
}
