import { type RefObject, Suspense, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { createPortal } from 'react-dom';
import type { Campaign } from '@shared/campaign-schema';
import { createOfflineCoordinator, type OfflineCoordinator, type SignOutAnswer } from './create-offline-coordinator';
import { listFixedElsewhere, listOtherDrafts, listOutboxItems } from './offline-listings';
import type { ContactFormHandle, SubmittedContact } from '@client/features/contact-form/contact-form';
import { type ContactFormValues, FORM_VERSION } from '@client/features/contact-form/contact-form-values';
import { migrateContactFormValues } from '@client/features/contact-form/migrate-contact-form-values';
import { createDraftAutosave } from '@client/features/drafts/create-draft-autosave';
import { createDraftClaims } from '@client/features/drafts/create-draft-claims';
import { DraftsPanel } from '@client/features/drafts/drafts-panel';
import { OutboxStatusBar } from '@client/features/outbox/outbox-status-bar';
import { createOutboxSync } from '@client/features/outbox/outbox-sync';
import { useOutboxText } from '@client/features/outbox/outbox-text';
import { OutboxView } from '@client/features/outbox/outbox-view';
import { ChoiceDialog } from '@client/components/choice-dialog';
import { LoadBoundary } from '@client/components/load-boundary';
import { useOutboxSync } from '@client/features/outbox/use-outbox-sync';
import type { Session } from '@client/features/session/session-api';
import { useNow } from '@client/lib/use-now';

// The offline half of the app, composed here so that drafts, the outbox and the form never import
// one another: the form hands over checked contacts and its changes; the outbox keeps and sends
// them; drafts keep what is being typed. Loaded after the form is on screen (with idb and every
// screen below), so that the page's first load does not grow. What it does, and why, is in
// create-offline-coordinator.ts; this only renders it.

/** What the shell and the form call, once this part has loaded. */
export interface OfflineApi {
  /** Its state (the visits in the outbox) and the outbox's sync, for the walk list. */
  coordinator: OfflineCoordinator;
  /** Queues the contact; resolves with the key it went under (see ContactFormProps). */
  submit(contact: SubmittedContact): Promise<string>;
  change(values: ContactFormValues): void;
  isDelivered(idempotencyKey: string): boolean;
  /** Before signing out: true at once when nothing waits; else asks, and the contacts stay on the
   * device whatever the answer. */
  confirmSignOut(): Promise<boolean>;
}

export interface OfflineFeaturesProps {
  campaign: Campaign;
  /** A new session (signed in again) lifts the pause a 401 put on the outbox. */
  session: Session;
  form: RefObject<ContactFormHandle | null>;
  /** Where the status bar goes (the header): always on screen. */
  statusSlot: HTMLElement | null;
  onReady: (api: OfflineApi | undefined) => void;
  /** The server answered 401: the shell checks the session, and asks to sign in again. */
  onSignInNeeded: () => void;
  /** Something was put in the form (a draft resumed, a fix, a door's conversation): the shell
   * shows it, should a walk list have been in its place. */
  onFormOpened?: () => void;
}

/** One outbox sync and one draft keeper for as long as someone is signed in on this page. */
export default function OfflineFeatures(props: OfflineFeaturesProps) {
  const [coordinator, setCoordinator] = useState<OfflineCoordinator>();
  const { onReady } = props;
  // The latest props, for a coordinator made once per sign-in.
  const latest = useRef(props);
  latest.current = props;
  useEffect(() => {
    // Made once per sign-in (the shell mounts this part anew for each canvasser): whose drafts
    // and items these are does not change while it runs.
    const canvasser = { id: String(latest.current.session.canvasser.id), authorToken: latest.current.session.authorToken };
    const sync = createOutboxSync(undefined, { canvasserId: canvasser.id });
    let made: OfflineCoordinator | undefined;
    const autosave = createDraftAutosave({
      formVersion: FORM_VERSION,
      author: canvasser.id,
      onSaved: () => made?.draftSaved(),
      onError: (e) => made?.draftFailed(e),
    });
    const stopListening = autosave.listen();
    const claims = createDraftClaims();
    const campaign = latest.current.campaign;
    made = createOfflineCoordinator({
      sync,
      autosave,
      claims,
      form: () => {
        const form = latest.current.form.current;
        return (
          form && {
            ...form,
            load: (...args: Parameters<ContactFormHandle['load']>) => {
              latest.current.onFormOpened?.();
              form.load(...args);
            },
            clear: () => {
              latest.current.onFormOpened?.();
              form.clear();
            },
          }
        );
      },
      readValues: (values, formVersion) => migrateContactFormValues(values, formVersion, campaign),
      onSignInNeeded: () => latest.current.onSignInNeeded(),
      document,
      canvasser,
    });
    made.setSession(latest.current.session);
    made.start();
    setCoordinator(made);
    return () => {
      made.stop();
      stopListening();
      onReady(undefined);
    };
  }, [onReady]);
  if (!coordinator) return null;
  return <OfflineFeaturesRunning {...props} coordinator={coordinator} />;
}

/** No room left on the device: said plainly, with the way out at hand. */
function StorageAlert({ storageFull, onExport }: { storageFull: boolean; onExport: () => void }) {
  const text = useOutboxText();
  return (
    <div className="storage-alert" role="alert">
      <p>{storageFull ? text.storageFull : text.exportFailed}</p>
      <button className="button button--primary" type="button" onClick={onExport}>
        {text.export}
      </button>
    </div>
  );
}

/** Asked before signing out while the canvasser's own contacts wait or drafts are kept: unsent
 * contacts stay whatever the answer (sent under the canvasser's name after the next sign-in on
 * this device); drafts stay too, unless the canvasser has them exported and removed. Inside the
 * Suspense: it waits for its texts. */
function SignOutQuestion({ unsent, drafts, onAnswer }: { unsent: number; drafts: number; onAnswer: (answer: SignOutAnswer) => void }) {
  const text = useOutboxText();
  return (
    <ChoiceDialog<SignOutAnswer>
      heading={text.signOutHeading}
      body={[...(unsent ? [text.signOutUnsent(unsent)] : []), ...(drafts ? [text.signOutDrafts(drafts)] : [])]}
      choices={[
        { value: 'stay', label: text.signOutCancel },
        { value: 'keep', label: text.signOutKeep(drafts) },
        ...(drafts ? [{ value: 'export-and-remove' as const, label: text.signOutRemove }] : []),
      ]}
      onAnswer={onAnswer}
    />
  );
}

function OfflineFeaturesRunning({
  campaign,
  session,
  statusSlot,
  onReady,
  coordinator,
}: OfflineFeaturesProps & { coordinator: OfflineCoordinator }) {
  // Nothing here waits for texts (Suspense): handing over a contact must work even when a
  // screen's texts cannot load (offline before they ever did); only the screens below wait.
  const sync = useOutboxSync(coordinator.sync);
  const {
    drafts,
    elsewhere,
    currentDraft,
    storageFull,
    exportFailed,
    viewOpen,
    items,
    delivered,
    signOutAsk,
    signOutCounts,
    othersDrafts,
  } = useSyncExternalStore(coordinator.subscribe, coordinator.getState, coordinator.getState);
  const now = useNow();

  const firstCampaign = useRef(campaign);
  useEffect(() => {
    if (campaign === firstCampaign.current) return;
    firstCampaign.current = campaign;
    coordinator.setReadValues((values, formVersion) => migrateContactFormValues(values, formVersion, campaign));
  }, [campaign, coordinator]);
  useEffect(() => coordinator.setSession(session), [session, coordinator]);

  // A new object each time a receipt comes in, so that the shell renders "Sent".
  const api = useMemo<OfflineApi>(
    () => ({
      coordinator,
      submit: coordinator.submit,
      change: coordinator.change,
      isDelivered: (key) => delivered.has(key),
      confirmSignOut: coordinator.confirmSignOut,
    }),
    [coordinator, delivered],
  );
  useEffect(() => onReady(api), [api, onReady]);

  const { describe } = coordinator;
  const state = sync;
  const unsent = state.summary.waiting;
  const otherDrafts = listOtherDrafts(drafts, currentDraft, elsewhere, coordinator.readValues, describe);
  const fixedElsewhere = listFixedElsewhere(drafts, elsewhere);
  const listings = listOutboxItems(items, state, fixedElsewhere, describe);
  const sendNow = coordinator.sendNow;
  const exportUnsent = coordinator.exportUnsent;
  const setViewOpen = (open: boolean) => (open ? coordinator.openView() : coordinator.closeView());
  const resumeById = coordinator.resumeById;

  return (
    // Each screen waits (Suspense) for its texts on its own, and should they fail to load, shows it
    // in its own LoadBoundary; the work above never waits, and goes on whatever they do.
    <>
      {statusSlot &&
        createPortal(
          <LoadBoundary part="outbox">
            <Suspense fallback={null}>
              <OutboxStatusBar
                state={state}
                now={now}
                onSendNow={sendNow}
                onOpen={() => setViewOpen(true)}
                onExport={() => void exportUnsent()}
                canExport={unsent > 0 || drafts.length > 0}
              />
            </Suspense>
          </LoadBoundary>,
          statusSlot,
        )}
      <LoadBoundary part="drafts">
        <Suspense fallback={null}>
          <DraftsPanel
            drafts={otherDrafts}
            now={now}
            canStartNew={currentDraft !== undefined}
            onResume={resumeById}
            onDiscard={coordinator.discardDraft}
            onNewContact={() => void coordinator.newContact()}
            othersCount={othersDrafts}
          />
        </Suspense>
      </LoadBoundary>
      <LoadBoundary part="outbox">
        <Suspense fallback={null}>
          {(storageFull || exportFailed) && <StorageAlert storageFull={storageFull} onExport={() => void exportUnsent()} />}
          {viewOpen && (
            <OutboxView
              items={listings}
              now={now}
              onClose={() => setViewOpen(false)}
              onFix={(key) => void coordinator.fix(key)}
              onDiscard={coordinator.discardItem}
              onSendNow={sendNow}
              onExport={() => void exportUnsent()}
              others={{ contacts: state.summary.others - state.summary.otherVisits, doors: state.summary.otherVisits }}
            />
          )}
          {signOutAsk && <SignOutQuestion unsent={signOutCounts.unsent} drafts={signOutCounts.drafts} onAnswer={signOutAsk} />}
        </Suspense>
      </LoadBoundary>
    </>
  );
}
