import { sessionText as text } from './session-text';
import { useSignOut } from './use-sign-out';
import './session-bar.css';

/** Who is signed in, and the way out; shared tablets change hands during a shift. */
export function SessionBar({ canvasserName }: { canvasserName: string }) {
  const signOut = useSignOut();
  return (
    <div className="session-bar">
      <p className="session-bar__who">
        {text.signedInAs} <strong>{canvasserName}</strong>
      </p>
      <button
        className="button button--secondary"
        type="button"
        disabled={signOut.isPending}
        onClick={() => signOut.mutate()}
      >
        {signOut.isPending ? text.signingOut : text.signOut}
      </button>
      {signOut.isError && (
        <p className="session-bar__error" role="alert">
          {text.signOutFailed}
        </p>
      )}
    </div>
  );
}
