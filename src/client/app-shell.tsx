import { useEffect, useRef } from 'react';
import { appShellText as text } from './app-shell-text';
import type { Session } from './session/session-api';
import { SessionBar } from './session/session-bar';
import { SignInScreen } from './session/sign-in-screen';
import { useSession } from './session/use-session';
import { useCampaign } from './use-campaign';

/** Picks the screen from the session, and composes the features into it. */
export function AppShell() {
  const session = useSession();

  if (session.isPending) {
    // TanStack Query pauses instead of failing while the browser says it is offline.
    return <StatusScreen message={session.fetchStatus === 'paused' ? text.waitingForNetwork : text.loading} />;
  }
  if (session.isError) {
    return <StatusScreen message={text.serverUnreachable} onRetry={() => void session.refetch()} />;
  }
  if (session.data === null) return <SignInScreen appName={text.appName} />;
  return <SignedInScreen session={session.data} />;
}

function SignedInScreen({ session }: { session: Session }) {
  const campaign = useCampaign();
  const headingRef = useRef<HTMLHeadingElement>(null);

  // The sign-in form that held the focus is gone; start screen readers at the new heading.
  useEffect(() => headingRef.current?.focus(), []);

  return (
    <>
      <header className="app-header">
        <div className="app-header__inner">
          <p className="app-header__brand">
            <img src="/icon.svg" alt="" width="28" height="28" />
            {text.appName}
          </p>
          <h1 ref={headingRef} className="app-header__campaign" tabIndex={-1} lang={campaign.data?.language}>
            {campaign.data?.name ?? text.loading}
          </h1>
          <SessionBar canvasserName={session.canvasser.name} />
        </div>
      </header>
      <main className="app-main">
        {campaign.isError ? (
          <div className="status-panel">
            <p role="alert">{text.campaignUnavailable}</p>
            <button className="button button--primary" type="button" onClick={() => void campaign.refetch()}>
              {text.retry}
            </button>
          </div>
        ) : (
          <p className="app-main__placeholder">{text.formComingSoon}</p>
        )}
      </main>
    </>
  );
}

function StatusScreen({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return (
    <main className="app-main">
      <div className="status-panel">
        <h1 className="status-panel__heading">{text.appName}</h1>
        <p role="status">{message}</p>
        {onRetry && (
          <button className="button button--primary" type="button" onClick={onRetry}>
            {text.retry}
          </button>
        )}
      </div>
    </main>
  );
}
