import { type RefObject, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import type { Campaign } from '@shared/campaign-schema';
import { buildRescueFile, downloadRescueFile } from './build-rescue-file';
import { listFixedElsewhere, listOtherDrafts, listOutboxItems } from './offline-listings';
import type { ContactFormHandle, SubmittedContact } from '@client/features/contact-form/contact-form';
import { type ContactFormValues, FORM_VERSION } from '@client/features/contact-form/contact-form-values';
import { describeContact } from '@client/features/contact-form/describe-contact';
import { migrateContactFormValues } from '@client/features/contact-form/migrate-contact-form-values';
import { newIdempotencyKey } from '@client/features/contact-form/new-idempotency-key';
import { createDraftAutosave, type DraftAutosave } from '@client/features/drafts/create-draft-autosave';
import { createDraftClaims, type DraftClaims } from '@client/features/drafts/create-draft-claims';
import { DraftsPanel } from '@client/features/drafts/drafts-panel';
import { discardDraft, listDrafts, restoreDraft } from '@client/features/drafts/drafts-store';
import type { DraftRecord, OutboxItem } from '@client/lib/local-db';
import { discardOutboxItem, enqueue, getOutboxItem, getReceipt, listOutbox, restoreOutboxItem } from '@client/features/outbox/outbox-store';
import { OutboxStatusBar } from '@client/features/outbox/outbox-status-bar';
import { createOutboxSync, type OutboxSync } from '@client/features/outbox/outbox-sync';
import { useOutboxText } from '@client/features/outbox/outbox-text';
import { OutboxView } from '@client/features/outbox/outbox-view';
import { ConfirmWarning } from '@client/components/confirm-warning';
import { useOutboxSync } from '@client/features/outbox/use-outbox-sync';
import type { Session } from '@client/features/session/session-api';
import { useNow } from '@client/lib/use-now';

// The offline half of the app, composed here so that drafts, the outbox and the form never import
// one another: the form hands over checked contacts and its changes; the outbox keeps and sends
// them; drafts keep what is being typed. Loaded after the form is on screen (with idb and every
// screen below), so that the page's first load does not grow.

/** What the shell and the form call, once this part has loaded. */
export interface OfflineApi {
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
}

const isStorageFull = (error: unknown) => error instanceof Error && error.name === 'StorageFullError';

/** A page that has just reloaded may find its draft still claimed by the page it replaced, whose
 * locks the browser lets go of a moment later: it looks once more after this long. */
const CLAIM_RETRY_MS = 400;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One outbox sync and one draft keeper for as long as someone is signed in on this page. */
export default function OfflineFeatures(props: OfflineFeaturesProps) {
  const [parts, setParts] = useState<{ sync: OutboxSync; autosave: DraftAutosave; claims: DraftClaims }>();
  const { onReady } = props;
  const listeners = useRef<{ saved?: () => void; error?: (e: unknown) => void }>({});
  useEffect(() => {
    const sync = createOutboxSync();
    const autosave = createDraftAutosave({
      formVersion: FORM_VERSION,
      onSaved: () => listeners.current.saved?.(),
      onError: (e) => listeners.current.error?.(e),
    });
    const stopListening = autosave.listen();
    const claims = createDraftClaims();
    setParts({ sync, autosave, claims });
    return () => {
      // Signing out: what is being typed is kept as a draft; the outbox stays for the next sign-in.
      // The draft is let go of once written, so that no other tab resumes it half saved.
      void autosave.flush().finally(() => claims.close());
      stopListening();
      sync.stop();
      onReady(undefined);
    };
  }, [onReady]);
  if (!parts) return null;
  return <OfflineFeaturesRunning {...props} {...parts} listeners={listeners} />;
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

/** Asked before signing out while contacts wait: nothing is deleted either way, but they go only
 * after someone signs in again on this device. Inside the Suspense: it waits for its texts. */
function SignOutQuestion({ unsent, onAnswer }: { unsent: number; onAnswer: (signOut: boolean) => void }) {
  const text = useOutboxText();
  return (
    <ConfirmWarning
      heading={text.signOutHeading}
      body={text.signOutBody(unsent)}
      keepLabel={text.signOutCancel}
      confirmLabel={text.signOutConfirm}
      onAnswer={onAnswer}
    />
  );
}

function OfflineFeaturesRunning({
  campaign, session, form, statusSlot, onReady, onSignInNeeded, sync, autosave, claims, listeners,
}: OfflineFeaturesProps & {
  sync: OutboxSync;
  autosave: DraftAutosave;
  claims: DraftClaims;
  listeners: RefObject<{ saved?: () => void; error?: (e: unknown) => void }>;
}) {
  // Nothing here waits for texts (Suspense): handing over a contact must work even when a
  // screen's texts cannot load (offline before they ever did); only the screens below wait.
  const state = useOutboxSync(sync);
  const now = useNow();
  const [drafts, setDrafts] = useState<DraftRecord[]>([]);
  // The drafts another tab has in its form: listed, not resumable here.
  const [elsewhere, setElsewhere] = useState<ReadonlySet<string>>(new Set());
  const [currentDraft, setCurrentDraft] = useState<string>();
  const [storageFull, setStorageFull] = useState(false);
  const [exportFailed, setExportFailed] = useState(false);
  const [viewOpen, setViewOpen] = useState(false);
  const [items, setItems] = useState<OutboxItem[]>([]);
  const currentDraftRef = useRef<string>(undefined);
  const [delivered, setDelivered] = useState<ReadonlySet<string>>(new Set());
  const [watched, setWatched] = useState<ReadonlySet<string>>(new Set());
  const [signOutAsk, setSignOutAsk] = useState<(answer: boolean) => void>();
  const askSignOut = useCallback(
    () =>
      new Promise<boolean>((resolve) => {
        setSignOutAsk(() => (signOut: boolean) => {
          setSignOutAsk(undefined);
          resolve(signOut);
        });
      }),
    [],
  );

  const readValues = useCallback(
    (values: unknown, formVersion: number) => migrateContactFormValues(values, formVersion, campaign),
    [campaign],
  );
  const describe = useCallback(
    (values: unknown, formVersion: number) => {
      const read = readValues(values, formVersion);
      return read ? describeContact(read) : '';
    },
    [readValues],
  );

  const reloadDrafts = useCallback(() => {
    void listDrafts().then(async (all) => {
      setDrafts(all);
      setElsewhere(await claims.heldElsewhere());
    }, () => undefined);
  }, [claims]);

  // The draft in the form is this tab's: claimed while it is there, let go of when it leaves (sent,
  // put aside for a new contact, another resumed).
  useEffect(() => {
    if (currentDraft) void claims.claim(currentDraft);
    else claims.release();
  }, [currentDraft, claims]);

  // Another tab claimed a draft, or let go of one: the list follows.
  useEffect(() => claims.subscribe(reloadDrafts), [claims, reloadDrafts]);

  // A draft open in another tab becomes resumable here as soon as that tab lets go of it (or is
  // closed, or crashes).
  const elsewhereIds = [...elsewhere].sort().join(' ');
  useEffect(() => {
    if (!elsewhereIds) return;
    return claims.watch(elsewhereIds.split(' '), reloadDrafts);
  }, [elsewhereIds, claims, reloadDrafts]);

  useEffect(() => {
    listeners.current.saved = () => {
      setCurrentDraft(autosave.currentId());
      setStorageFull(false);
      reloadDrafts();
    };
    listeners.current.error = (e) => {
      if (isStorageFull(e)) setStorageFull(true);
      else console.error('draft not saved', e);
    };
  }, [autosave, listeners, reloadDrafts]);

  /** Whether a contact is being typed here: one with a draft, or an edit made before this part
   * had loaded, which the form holds until it can hand it over. */
  const typing = useCallback(() => autosave.currentId() !== undefined || form.current?.hasUnkeptEdit() === true, [autosave, form]);

  /** Opens a draft in the form, once this tab has claimed it: false when another tab has it (or
   * it cannot be read, or, with `unlessTyping`, typing began here meanwhile). */
  const resume = useCallback(
    async (draft: DraftRecord, options: { showServerErrors?: boolean; unlessTyping?: boolean } = {}): Promise<boolean> => {
      const values = readValues(draft.values, draft.formVersion);
      if (!values) return false;
      if (!(await claims.claim(draft.id))) {
        reloadDrafts();
        return false;
      }
      if (options.unlessTyping && typing()) {
        // The claim just made let go of the draft being typed, if any: take that one back.
        const current = autosave.currentId();
        if (current) void claims.claim(current);
        else claims.release();
        reloadDrafts();
        return false;
      }
      // A fix goes on under the key of the contact it fixes, while that contact is still on this
      // device; gone meanwhile (sent, or exported and discarded), it is a new contact.
      const fixed = draft.fixing ? await getOutboxItem(draft.fixing).catch(() => undefined) : undefined;
      await autosave.switchTo({ id: draft.id, createdAt: draft.createdAt, fixing: fixed?.key });
      form.current?.load(values, {
        idempotencyKey: fixed?.key,
        serverErrors: options.showServerErrors ? fixed?.lastError?.errors : undefined,
      });
      // Touched, so that the draft open in the form is the one a reload brings back.
      autosave.change(values);
      setCurrentDraft(draft.id);
      reloadDrafts();
      return true;
    },
    [autosave, claims, form, readValues, reloadDrafts, typing],
  );

  // At start: the contact being typed when the page last went away (a reload, a crash, a closed
  // tab) comes back, unless typing has begun meanwhile, or another tab has it in its form (two
  // tabs opened at once): then this tab starts a new contact. The others are listed.
  useEffect(() => {
    let cancelled = false;
    void listDrafts().then(async (all) => {
      if (cancelled) return;
      setDrafts(all);
      const latest = all.find((d) => readValues(d.values, d.formVersion));
      // Typing began before this part had loaded: that is the contact in the form.
      if (!latest || typing()) return reloadDrafts();
      if (await resume(latest, { unlessTyping: true })) return;
      await sleep(CLAIM_RETRY_MS);
      if (!cancelled && !typing()) await resume(latest, { unlessTyping: true });
    }, () => undefined);
    return () => {
      cancelled = true;
    };
  }, [readValues, reloadDrafts, resume, typing]);

  // Other tabs keep drafts too: look again when this one comes back into view.
  useEffect(() => {
    const onVisible = () => {
      if (document.visibilityState === 'visible') reloadDrafts();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [reloadDrafts]);

  // A 401 paused the outbox: have the session checked, so the sign-in dialog comes up.
  useEffect(() => {
    if (state.waitingForSignIn) onSignInNeeded();
  }, [state.waitingForSignIn, onSignInNeeded]);
  // Signed in again (a new session): the outbox goes on.
  const firstSession = useRef(session);
  useEffect(() => {
    if (session !== firstSession.current) {
      firstSession.current = session;
      sync.resume();
    }
  }, [session, sync]);

  // "Sent" on the confirmation once the receipt is there (this tab's drain, or another tab's).
  useEffect(() => {
    const open = [...watched].filter((key) => !delivered.has(key));
    if (!open.length) return;
    let cancelled = false;
    void Promise.all(open.map((key) => getReceipt(key).then((r) => (r ? key : undefined)))).then((keys) => {
      const found = keys.filter((k): k is string => k !== undefined);
      if (!cancelled && found.length) setDelivered((d) => new Set([...d, ...found]));
    }, () => undefined);
    return () => {
      cancelled = true;
    };
  }, [state, watched, delivered]);

  // The list in the dialog follows every change of the outbox.
  useEffect(() => {
    if (!viewOpen) return;
    let cancelled = false;
    void listOutbox().then((all) => !cancelled && setItems(all), () => undefined);
    return () => {
      cancelled = true;
    };
  }, [viewOpen, state]);

  const submit = useCallback(
    async (contact: SubmittedContact): Promise<string> => {
      const draft = autosave.finish();
      // A fix replaces the contact it fixes, under its key; should that contact be gone meanwhile
      // (sent, or discarded), the fix goes as a new contact, under a key of its own: the old key
      // may be known to the server already, which would then not forward the fix.
      const fixes = draft?.fixing !== undefined && draft.fixing === contact.idempotencyKey ? draft.fixing : undefined;
      let queued: OutboxItem;
      try {
        queued = await enqueue({
          key: fixes ? newIdempotencyKey() : contact.idempotencyKey,
          fixes,
          body: contact.body,
          values: contact.values,
          formVersion: FORM_VERSION,
          draftId: draft?.id,
        });
      } catch (error) {
        // Nothing was written (one transaction): the draft goes on as it was.
        await autosave.switchTo(draft);
        autosave.change(contact.values);
        if (isStorageFull(error)) setStorageFull(true);
        throw error;
      }
      setStorageFull(false);
      setCurrentDraft(undefined);
      setWatched((w) => new Set([...w, queued.key]));
      sync.kick();
      reloadDrafts();
      return queued.key;
    },
    [autosave, reloadDrafts, sync],
  );

  const exportUnsent = useCallback(async () => {
    setExportFailed(false);
    try {
      await autosave.flush();
      const [outbox, allDrafts] = await Promise.all([listOutbox(), listDrafts()]);
      downloadRescueFile(buildRescueFile(outbox, allDrafts));
    } catch (error) {
      console.error('export failed', error);
      setExportFailed(true);
    }
  }, [autosave]);

  // Fix runs through several IndexedDB reads with the details still open: a second tap meanwhile
  // must not start it twice.
  const fixBusy = useRef(false);
  const fix = useCallback(
    async (key: string) => {
      if (fixBusy.current) return;
      fixBusy.current = true;
      try {
        const item = await getOutboxItem(key);
        const values = item && readValues(item.values, item.formVersion);
        if (!item || !values) return setViewOpen(false);
        // Begun before (a reload came in between): that fix goes on, rather than a second one.
        await autosave.flush();
        const begun = (await listDrafts().catch(() => [])).find((d) => d.fixing === key);
        if (begun && (await resume(begun, { showServerErrors: true }))) return setViewOpen(false);
        // Open in another tab (claimed there since the list was drawn): it is fixed there, not
        // twice. The list, drawn again, now says so.
        if (begun && (await claims.heldElsewhere()).has(begun.id)) return;
        setViewOpen(false);
        // What was in the form stays as a draft; the fix is typed into a draft of its own, which
        // remembers the contact it fixes. Kept and claimed at once, not at the first keystroke, so
        // that another tab offers no second Fix of it meanwhile.
        await autosave.switchTo(undefined, { fixing: key });
        form.current?.load(values, { idempotencyKey: key, serverErrors: item.lastError?.errors });
        autosave.change(values);
        setCurrentDraft(autosave.currentId());
        await autosave.flush();
        reloadDrafts();
      } finally {
        fixBusy.current = false;
      }
    },
    [autosave, claims, form, readValues, reloadDrafts, resume],
  );

  const discardItem = useCallback(
    async (key: string) => {
      const gone = await discardOutboxItem(key);
      await sync.refresh().catch(() => undefined);
      // Other tabs' counts follow (a drain tells them).
      sync.kick();
      return gone
        ? async () => {
            await restoreOutboxItem(gone);
            await sync.refresh().catch(() => undefined);
            sync.kick();
          }
        : undefined;
    },
    [sync],
  );

  currentDraftRef.current = currentDraft;
  const unsent = state.summary.waiting;
  const unsentRef = useRef(unsent);
  unsentRef.current = unsent;
  const api = useMemo<OfflineApi>(
    () => ({
      submit,
      change: (values) => {
        autosave.change(values);
        if (!currentDraftRef.current) setCurrentDraft(autosave.currentId());
      },
      isDelivered: (key) => delivered.has(key),
      confirmSignOut: () => (unsentRef.current === 0 ? Promise.resolve(true) : askSignOut()),
    }),
    [submit, autosave, delivered, askSignOut],
  );
  useEffect(() => onReady(api), [api, onReady]);

  const otherDrafts = listOtherDrafts(drafts, currentDraft, elsewhere, readValues, describe);
  const fixedElsewhere = listFixedElsewhere(drafts, elsewhere);
  const listings = listOutboxItems(items, state, fixedElsewhere, describe);

  const sendNow = () => {
    if (state.waitingForSignIn) onSignInNeeded();
    else void sync.sendNow();
  };

  return (
    // Each screen waits (Suspense) for its texts on its own; the work above never does.
    <>
      {statusSlot &&
        createPortal(
          <Suspense fallback={null}>
            <OutboxStatusBar
              state={state}
              now={now}
              onSendNow={sendNow}
              onOpen={() => setViewOpen(true)}
              onExport={() => void exportUnsent()}
              canExport={unsent > 0 || drafts.length > 0}
            />
          </Suspense>,
          statusSlot,
        )}
      <Suspense fallback={null}>
        {(storageFull || exportFailed) && <StorageAlert storageFull={storageFull} onExport={() => void exportUnsent()} />}
        <DraftsPanel
          drafts={otherDrafts}
          now={now}
          canStartNew={currentDraft !== undefined}
          onResume={(id) => {
            const draft = drafts.find((d) => d.id === id);
            if (draft) void resume(draft);
          }}
          onDiscard={async (id) => {
            const gone = await discardDraft(id);
            reloadDrafts();
            return gone
              ? async () => {
                  await restoreDraft(gone);
                  reloadDrafts();
                }
              : undefined;
          }}
          onNewContact={() => {
            void autosave.switchTo(undefined).then(() => {
              form.current?.clear();
              setCurrentDraft(undefined);
              reloadDrafts();
            });
          }}
        />
        {viewOpen && (
          <OutboxView
            items={listings}
            now={now}
            onClose={() => setViewOpen(false)}
            onFix={(key) => void fix(key)}
            onDiscard={discardItem}
            onSendNow={sendNow}
            onExport={() => void exportUnsent()}
          />
        )}
        {signOutAsk && <SignOutQuestion unsent={unsent} onAnswer={signOutAsk} />}
      </Suspense>
    </>
  );
}
