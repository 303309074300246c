import { useQueryClient } from '@tanstack/react-query';
import { Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useAppShellText } from './app-shell-text';
import type { ContactFormHandle, SubmittedContact } from '@client/features/contact-form/contact-form';
import { afterFirstScreen, firstScreenShown } from './first-screen';
import { LanguageSwitch } from '@client/components/language-switch';
import { LoadBoundary } from '@client/components/load-boundary';
import { lazyWithRetry, PartNotLoadedError, prefetch } from '@client/lib/lazy-with-retry';
import type { OfflineApi } from './offline-features';
import type { Session } from '@client/features/session/session-api';
import { SessionBar } from '@client/features/session/session-bar';
import { recheckSession, useSession } from '@client/features/session/use-session';
import { languageStore } from '@client/lib/ui-language';
import { useCampaign } from '@client/features/campaign/use-campaign';
import { readKeptSession } from '@client/features/session/kept-session';
import { peekEarlyAnswer } from '@client/lib/early-start';

// Each part loaded on demand sits in a LoadBoundary: should it fail to load (the network gone
// before it was fetched), only that part is missing, with a message, and it is tried again.
// Each first screen's part (the sign-in screen, the form) is preloaded by boot.ts for that screen
// only (vite.config.ts, FIRST_SCREEN_MODULES), and awaited by main.tsx (loadFirstScreenPart).
const SignInScreen = lazyWithRetry(() => import('@client/features/session/sign-in-screen').then((m) => ({ default: m.SignInScreen })));
const SignInDialog = lazyWithRetry(() => import('@client/features/session/sign-in-dialog').then((m) => ({ default: m.SignInDialog })));
// The contact form (and react-hook-form): a device nobody has signed in on yet does without it.
const ContactForm = lazyWithRetry(() => import('@client/features/contact-form/contact-form').then((m) => ({ default: m.ContactForm })));
// Drafts, the outbox and their screens (and idb) load once the form is on screen.
const OfflineFeatures = lazyWithRetry(() => import('./offline-features'));
// A canvasser's turfs are looked for once the offline part is up; the walk list loads only for one.
const WalkLists = lazyWithRetry(() => import('./walk-lists'));
// "Offline" and whether the browser keeps the app's storage: not needed for the first screen.
const DeviceStatus = lazyWithRetry(() => import('@client/features/device-status/device-status').then((m) => ({ default: m.DeviceStatus })));
// Whether the device can work offline yet (the service worker has stored the whole app).
const OfflineReadiness = lazyWithRetry(() =>
  import('@client/features/app-update/offline-readiness').then((m) => ({ default: m.OfflineReadiness })),
);

/** Loads the part the first screen will show, so that main.tsx's first render shows it at once
 * (lazyWithRetry: no fallback, no reveal throttle): the form when boot.ts's GET /api/session says
 * someone is signed in (or, without that early answer, a session is kept on the device), the
 * sign-in screen when it says nobody is. Never rejects: a part that fails loads again when shown. */
export async function loadFirstScreenPart(): Promise<void> {
  const early = peekEarlyAnswer('/api/session');
  const signedIn = early
    ? await early.then((r) => (r.ok ? true : r.status === 401 ? false : undefined)).catch(() => undefined)
    : !!readKeptSession();
  if (signedIn === undefined) return;
  await (signedIn ? ContactForm : SignInScreen).preload().catch(() => undefined);
}

/** Picks the screen from the session, and composes the features into it. */
export function AppShell() {
  const text = useAppShellText();
  const session = useSession();
  // The canvasser last signed in. When the session ends under their hands (expired, revoked) the
  // screen stays, with a sign-in dialog over it, so that a contact half typed is not lost; only a
  // sign-out, or a first visit, shows the sign-in screen.
  const [lastSession, setLastSession] = useState<Session | null>(null);
  if (session.data && session.data !== lastSession) setLastSession(session.data);
  const current = session.data ?? lastSession;
  // Whether this page showed the sign-in screen: the screen that follows it then takes the focus.
  const [signInShown, setSignInShown] = useState(false);

  if (current) {
    return (
      <>
        <SignedInScreen session={current} focusHeading={signInShown} onSignedOut={() => setLastSession(null)} />
        {session.data === null && (
          // Its own boundary: while the dialog loads, the screen beneath stays as it is.
          <LoadBoundary part="signIn">
            <Suspense fallback={null}>
              <SignInDialog />
            </Suspense>
          </LoadBoundary>
        )}
      </>
    );
  }
  if (session.isPending) {
    // TanStack Query pauses instead of failing while the browser says it is offline.
    return <StatusScreen message={session.fetchStatus === 'paused' ? text.waitingForNetwork : text.loading} />;
  }
  if (session.isError) {
    return (
      <>
        <StatusScreen message={text.serverUnreachable} onRetry={() => void session.refetch()} />
        <FirstScreenShown />
      </>
    );
  }
  if (!signInShown) setSignInShown(true);
  return (
    <>
      <LoadBoundary part="signIn">
        <SignInScreen appName={text.appName} tools={<LanguageSwitch />} />
      </LoadBoundary>
      <FirstScreenShown />
      <PrefetchForm />
    </>
  );
}

/** Committed with a screen that takes input (the form, the sign-in screen, a message with its
 * retry): from then on, what waited for the first screen may start (first-screen.ts). */
function FirstScreenShown() {
  useEffect(firstScreenShown, []);
  return null;
}

/** On the sign-in screen, the form that follows it loads once the screen is up. */
function PrefetchForm() {
  useEffect(() => afterFirstScreen(() => prefetch(ContactForm.preload)), []);
  return null;
}

function SignedInScreen({ session, focusHeading, onSignedOut }: { session: Session; focusHeading: boolean; onSignedOut: () => void }) {
  const text = useAppShellText();
  const campaign = useCampaign();
  const client = useQueryClient();
  const headingRef = useRef<HTMLHeadingElement>(null);
  // Signing in again drops every cached query, the campaign's too; the form must not unmount
  // meanwhile (it would lose what was typed), so the last campaign shown stays until the new one.
  const [shown, setShown] = useState(campaign.data);
  if (campaign.data && campaign.data !== shown) setShown(campaign.data);
  const data = campaign.data ?? shown;
  const language = data?.language;

  // The offline part hands the form its outbox and draft keeper once it has loaded; a contact
  // submitted before then waits for it. Should it fail to load (the network went first), Send says
  // so rather than wait: the contact stays in the form, and the part is tried again.
  const formRef = useRef<ContactFormHandle>(null);
  // The form loads on demand: the offline part, which resumes drafts into it, waits for it.
  const [formMounted, setFormMounted] = useState(false);
  const formRefCallback = useCallback((handle: ContactFormHandle | null) => {
    formRef.current = handle;
    setFormMounted(!!handle);
  }, []);
  const [outboxSlot, setOutboxSlot] = useState<HTMLDivElement | null>(null);
  const [offline, setOffline] = useState<OfflineApi>();
  const offlineRef = useRef(offline);
  offlineRef.current = offline;
  const offlineFailed = useRef(false);
  const [waiting] = useState(() => new Set<{ resolve: (api: OfflineApi) => void; reject: (error: Error) => void }>());
  const onOfflineReady = useCallback(
    (api: OfflineApi | undefined) => {
      setOffline(api);
      if (!api) return;
      for (const waiter of waiting) waiter.resolve(api);
      waiting.clear();
    },
    [waiting],
  );
  const onOfflineFailure = useCallback(
    (failed: boolean) => {
      offlineFailed.current = failed;
      if (!failed) return;
      for (const waiter of waiting) waiter.reject(new PartNotLoadedError('the outbox has not loaded'));
      waiting.clear();
    },
    [waiting],
  );
  const submitContact = useCallback(
    async (contact: SubmittedContact) => {
      if (!offlineRef.current && offlineFailed.current) throw new PartNotLoadedError('the outbox has not loaded');
      const api = offlineRef.current ?? (await new Promise<OfflineApi>((resolve, reject) => void waiting.add({ resolve, reject })));
      return api.submit(contact);
    },
    [waiting],
  );
  const onSignInNeeded = useCallback(() => recheckSession(client), [client]);
  // A walk list, when the canvasser has one, takes the form's place until a door's conversation
  // (or a draft, or a fix) opens it; "Next door" then goes back to the list.
  const [formShown, setFormShown] = useState(true);
  const showForm = useCallback(() => setFormShown(true), []);
  const nextDoor = useRef<() => boolean>(undefined);
  const onNextDoor = useCallback(() => nextDoor.current?.() ?? false, []);
  // The form is the same element while only the list comes and goes (formShown): going from the
  // form to the walk list, or back, does not render the whole form again (about 300 ms on a slow
  // phone, in the middle of the list's first paint).
  const form = useMemo(
    () =>
      data && (
        <ContactForm
          ref={formRefCallback}
          campaign={data}
          onSubmitContact={submitContact}
          onValuesChange={offline?.change}
          isDelivered={offline?.isDelivered}
          onNextDoor={onNextDoor}
        />
      ),
    [data, formRefCallback, submitContact, offline, onNextDoor],
  );

  // The sign-in form that held the focus is gone; start screen readers at the new heading. (Not on
  // a page opened signed in: nothing had the focus, and focusing forces the page's first layout
  // before its first paint.)
  const organiser = session.canvasser.role === 'organiser';
  useEffect(() => {
    // An organiser who has just signed in came for the console; the app stays one tap away.
    if (focusHeading && organiser) window.location.assign('/console');
    else if (focusHeading) headingRef.current?.focus();
  }, [focusHeading, organiser]);
  useEffect(() => languageStore.adoptCampaignLanguage(language), [language]);

  return (
    <>
      <header className="app-header">
        {session.sandbox && (
          <p className="sandbox-banner" role="note">
            {text.sandboxBanner}
          </p>
        )}
        <div className="app-header__inner">
          <div className="app-header__top">
            <p className="app-header__brand">
              <img src="/icon.svg" alt="" width="28" height="28" />
              {text.appName}
            </p>
            {organiser && (
              <a className="app-header__console" href="/console">
                {text.console}
              </a>
            )}
            <LanguageSwitch />
          </div>
          <h1 ref={headingRef} className="app-header__campaign" tabIndex={-1} lang={language}>
            {data?.name ?? text.loading}
          </h1>
          <SessionBar
            canvasserName={session.canvasser.name}
            onSignedOut={onSignedOut}
            confirmSignOut={offline ? () => offline.confirmSignOut() : undefined}
          />
          <div ref={setOutboxSlot} className="app-header__outbox" />
          <div className="app-header__status">
            <LoadBoundary part="status">
              <Suspense fallback={null}>
                <DeviceStatus />
              </Suspense>
            </LoadBoundary>
            <LoadBoundary part="offlineSetup">
              <Suspense fallback={null}>
                <OfflineReadiness />
              </Suspense>
            </LoadBoundary>
          </div>
        </div>
      </header>
      <main className="app-main">
        {data && formMounted && (
          <LoadBoundary part="offline" onFailure={onOfflineFailure}>
            <Suspense fallback={null}>
              <OfflineFeatures
                campaign={data}
                session={session}
                form={formRef}
                statusSlot={outboxSlot}
                onReady={onOfflineReady}
                onSignInNeeded={onSignInNeeded}
                onFormOpened={showForm}
              />
            </Suspense>
          </LoadBoundary>
        )}
        {data && offline && (
          <LoadBoundary part="offline">
            <Suspense fallback={null}>
              <WalkLists
                campaign={data}
                session={session}
                offline={offline}
                formShown={formShown}
                onFormShown={setFormShown}
                nextDoor={nextDoor}
              />
            </Suspense>
          </LoadBoundary>
        )}
        {data ? (
          <LoadBoundary part="form">
            <Suspense fallback={<p role="status">{text.loading}</p>}>
              <div hidden={!formShown}>{form}</div>
              <FirstScreenShown />
            </Suspense>
          </LoadBoundary>
        ) : campaign.isError ? (
          <div className="status-panel">
            <FirstScreenShown />
            <p role="alert">{text.campaignUnavailable}</p>
            <button className="button button--primary" type="button" onClick={() => void campaign.refetch()}>
              {text.retry}
            </button>
          </div>
        ) : (
          <p role="status">{campaign.fetchStatus === 'paused' ? text.waitingForNetwork : text.loading}</p>
        )}
      </main>
    </>
  );
}

function StatusScreen({ message, onRetry }: { message: string; onRetry?: () => void }) {
  const text = useAppShellText();
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
