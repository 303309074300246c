import { useEffect } from 'react';
import { LanguageSwitch } from '@client/components/language-switch';
import { Console } from '@client/features/console/console';
import { useConsoleText } from '@client/features/console/console-text';
import { SessionBar } from '@client/features/session/session-bar';
import { SignInScreen } from '@client/features/session/sign-in-screen';
import { useSession } from '@client/features/session/use-session';
import { firstScreenShown } from './first-screen';

/** `/console`: the organiser's console, behind the same sign-in screen as the app. Loaded only on
 * this page (main.tsx), so that a canvasser's first load carries none of it. */
export default function ConsoleRoot() {
  const text = useConsoleText();
  const session = useSession();
  useEffect(firstScreenShown, []);
  useEffect(() => {
    document.title = `${text.title} — Doorstep`;
  }, [text.title]);

  if (session.isPending) {
    return (
      <main className="app-main">
        <p role="status">{text.loading}</p>
      </main>
    );
  }
  if (!session.data) return <SignInScreen appName={`Doorstep — ${text.title}`} tools={<LanguageSwitch />} />;
  if (session.data.canvasser.role !== 'organiser') {
    return (
      <main className="app-main">
        <div className="status-panel">
          <h1 className="status-panel__heading">{text.title}</h1>
          <p>{text.notOrganiser}</p>
          <p>
            <a href="/">{text.openApp}</a>
          </p>
        </div>
      </main>
    );
  }
  return (
    <Console
      sandbox={session.data.sandbox === true}
      header={
        <div className="console-header__session">
          <SessionBar canvasserName={session.data.canvasser.name} />
          <LanguageSwitch />
        </div>
      }
    />
  );
}
