import { type FormEvent, useId, useRef, useState } from 'react';
import { useSessionText } from './session-text';
import { signInErrorMessage } from './sign-in-error-message';
import { useSignIn } from './use-sign-in';

/** The access-code form, shared by the sign-in screen and the dialog that asks to sign in again
 * over the contact form. */
export function SignInForm() {
  const text = useSessionText();
  const signIn = useSignIn();
  const [code, setCode] = useState('');
  const [emptyError, setEmptyError] = useState(false);
  // Remounting the alert on every attempt makes screen readers announce a repeated error.
  const [attempt, setAttempt] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const hintId = useId();
  const errorId = useId();

  const error = emptyError ? text.emptyCode : signIn.isError ? signInErrorMessage(signIn.error, text) : undefined;

  function refocus() {
    const input = inputRef.current;
    if (!input) return;
    input.focus();
    input.select();
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (signIn.isPending) return;
    setAttempt((n) => n + 1);
    // Codes get pasted from messages with stray spaces; none is ever part of a code.
    const accessCode = code.trim();
    if (accessCode === '') {
      signIn.reset();
      setEmptyError(true);
      refocus();
      return;
    }
    setEmptyError(false);
    signIn.mutate(accessCode, { onError: refocus });
  }

  return (
    <form className="sign-in__form" noValidate onSubmit={onSubmit}>
      <label className="field-label" htmlFor={inputId}>
        {text.accessCodeLabel}
      </label>
      <p className="field-hint" id={hintId}>
        {text.accessCodeHint}
      </p>
      <input
        ref={inputRef}
        id={inputId}
        className="field-input"
        name="accessCode"
        type="text"
        autoComplete="one-time-code"
        autoCapitalize="none"
        autoCorrect="off"
        spellCheck={false}
        enterKeyHint="go"
        value={code}
        onChange={(event) => setCode(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${hintId} ${errorId}` : hintId}
      />
      {error && (
        <p key={attempt} id={errorId} className="field-error" role="alert">
          {error}
        </p>
      )}
      <button className="button button--primary button--wide" type="submit" disabled={signIn.isPending}>
        {signIn.isPending ? text.signingIn : text.signIn}
      </button>
    </form>
  );
}
