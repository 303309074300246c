import type { ReactNode } from 'react';
import { SignInForm } from './sign-in-form';
import { useSessionText } from './session-text';
import './sign-in-screen.css';

export { signInFromLink } from './sign-in-from-link';

/** `tools` is what the shell puts beside the brand (the language switch): the session feature
 * does not know about other features. */
export function SignInScreen({ appName, tools }: { appName: string; tools?: ReactNode }) {
  const text = useSessionText();
  return (
    <main className="sign-in">
      <div className="sign-in__panel">
        <div className="sign-in__top">
          <p className="sign-in__brand">
            <img src="/icon.svg" alt="" width="40" height="40" />
            {appName}
          </p>
          {tools}
        </div>
        <h1 className="sign-in__heading">{text.signInHeading}</h1>
        <SignInForm />
      </div>
    </main>
  );
}
