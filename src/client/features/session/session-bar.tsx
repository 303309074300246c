import { useSessionText } from './session-text';
import { useSignOut } from './use-sign-out';
import './session-bar.css';

/** Who is signed in, and the way out; shared tablets change hands during a shift.
 * `onSignedOut` runs in the same update that ends the session, so the shell can tell a sign-out
 * from a session that expired under the canvasser's hands. */
export function SessionBar({
  canvasserName,
  onSignedOut,
  confirmSignOut,
}: {
  canvasserName: string;
  onSignedOut?: () => void;
  /** Asked before signing out (contacts not sent yet); false keeps the canvasser signed in. */
  confirmSignOut?: () => Promise<boolean>;
}) {
  const text = useSessionText();
  const signOut = useSignOut(onSignedOut);
  return (
    <div className="session-bar">
      <p className="session-bar__who">
        {text.signedInAs} <strong>{canvasserName}</strong>
      </p>
      <button
        className="button button--secondary"
        type="button"
        disabled={signOut.isPending}
        onClick={async () => {
          if (confirmSignOut && !(await confirmSignOut())) return;
          signOut.mutate();
        }}
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
