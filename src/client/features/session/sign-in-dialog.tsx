import { useEffect, useId, useRef } from 'react';
import { SignInForm } from './sign-in-form';
import { useSessionText } from './session-text';
import './sign-in-screen.css';

/**
 * Asks to sign in again when the session ended while the canvasser was working. It is a modal
 * dialog over the screen rather than a screen of its own, so that what lies beneath (a contact
 * half typed) stays mounted and nothing is lost; the modal makes the rest inert meanwhile.
 */
export function SignInDialog() {
  const text = useSessionText();
  const ref = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  const leadId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  return (
    <dialog
      ref={ref}
      className="sign-in-dialog"
      aria-labelledby={headingId}
      aria-describedby={leadId}
      // Escape would leave an inert page behind a closed dialog: signing in is the way out.
      onCancel={(event) => event.preventDefault()}
    >
      <h2 id={headingId} className="sign-in__heading">
        {text.sessionEndedHeading}
      </h2>
      <p id={leadId} className="sign-in-dialog__lead">
        {text.sessionEndedLead}
      </p>
      {/* showModal focuses the first field: the access code. */}
      <SignInForm />
    </dialog>
  );
}
