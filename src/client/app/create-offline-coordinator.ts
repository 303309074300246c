import { isStorageFull } from '@client/lib/storage-full-error';
import { buildRescueFile, downloadRescueFile } from './build-rescue-file';
import type { ContactFormHandle, SubmittedContact } from '@client/features/contact-form/contact-form';
import { type ContactFormValues, FORM_VERSION } from '@client/features/contact-form/contact-form-values';
import { describeContact } from '@client/features/contact-form/describe-contact';
import { newIdempotencyKey } from '@client/features/contact-form/new-idempotency-key';
import type { DraftAutosave } from '@client/features/drafts/create-draft-autosave';
import type { DraftClaims } from '@client/features/drafts/create-draft-claims';
import { countOthersDrafts, discardDraft, listDrafts, restoreDraft } from '@client/features/drafts/drafts-store';
import { adoptUnowned, ownedBy, type DraftRecord, type OutboxItem } from '@client/lib/local-db';
import {
  discardOutboxItem,
  enqueue,
  enqueueVisit,
  getOutboxItem,
  getReceipt,
  listOutbox,
  listPendingVisits,
  type PendingVisit,
  type QueuedVisit,
  restoreOutboxItem,
  withdrawVisit,
} from '@client/features/outbox/outbox-store';
import type { OutboxSync } from '@client/features/outbox/outbox-sync';

// The offline half of the app, without React: drafts, the outbox and the form never import one
// another; this wires them. The view (offline-features.tsx) only renders what it says.

export interface OfflineState {
  drafts: DraftRecord[];
  /** The drafts another tab has in its form: listed, not resumable here. */
  elsewhere: ReadonlySet<string>;
  currentDraft: string | undefined;
  storageFull: boolean;
  exportFailed: boolean;
  viewOpen: boolean;
  /** The outbox, read while its dialog is open. */
  items: OutboxItem[];
  delivered: ReadonlySet<string>;
  watched: ReadonlySet<string>;
  /** Set while the sign-out question is asked: its answer. */
  signOutAsk: ((answer: SignOutAnswer) => void) | undefined;
  /** What the sign-out question is about: the canvasser's own unsent items and drafts. */
  signOutCounts: { unsent: number; drafts: number };
  /** Drafts of other canvassers kept on this device (a shared tablet): a count, never content. */
  othersDrafts: number;
  /** The door visits in the outbox: the walk list shows them before the server has them. */
  visits: PendingVisit[];
}

/** Signing out with one's own work on the device: stay signed in, sign out keeping it, or export
 * it all and remove one's drafts (the unsent contacts stay, to be delivered under one's name). */
export type SignOutAnswer = 'stay' | 'keep' | 'export-and-remove';

/** The visit a contact records, if it was met at a door of a walk list (see setVisitFor). */
export type VisitFor = (contact: SubmittedContact) => QueuedVisit | undefined;

/** The database functions it uses; tests may replace some. */
export interface OfflineStore {
  listDrafts: typeof listDrafts;
  countOthersDrafts: typeof countOthersDrafts;
  adoptUnowned: typeof adoptUnowned;
  discardDraft: typeof discardDraft;
  restoreDraft: typeof restoreDraft;
  enqueue: typeof enqueue;
  getOutboxItem: typeof getOutboxItem;
  getReceipt: typeof getReceipt;
  listOutbox: typeof listOutbox;
  discardOutboxItem: typeof discardOutboxItem;
  restoreOutboxItem: typeof restoreOutboxItem;
  enqueueVisit: typeof enqueueVisit;
  withdrawVisit: typeof withdrawVisit;
  listPendingVisits: typeof listPendingVisits;
}

const realStore: OfflineStore = {
  listDrafts,
  countOthersDrafts,
  adoptUnowned,
  discardDraft,
  restoreDraft,
  enqueue,
  getOutboxItem,
  getReceipt,
  listOutbox,
  discardOutboxItem,
  restoreOutboxItem,
  enqueueVisit,
  withdrawVisit,
  listPendingVisits,
};

export interface OfflineCoordinatorOptions {
  sync: OutboxSync;
  autosave: DraftAutosave;
  claims: DraftClaims;
  /** The form, once on screen. */
  form: () => ContactFormHandle | null | undefined;
  /** Reads stored values as this campaign's form would: undefined when it cannot. */
  readValues: (values: unknown, formVersion: number) => ContactFormValues | undefined;
  /** The server answered 401: the shell checks the session, and asks to sign in again. */
  onSignInNeeded: () => void;
  store?: Partial<OfflineStore>;
  download?: (file: ReturnType<typeof buildRescueFile>) => void;
  /** Where "this tab came back into view" is heard; none in tests that do not need it. */
  document?: Pick<Document, 'addEventListener' | 'removeEventListener' | 'visibilityState'> | undefined;
  sleep?: (ms: number) => Promise<unknown>;
  /** The signed-in canvasser and the author token the server gave this device for them: what
   * they queue and type is theirs; others' items on the device are counted, never shown. Left
   * out (tests of one canvasser), every item is the session's. */
  canvasser?: { id: string; authorToken?: string | undefined } | undefined;
}

export interface OfflineCoordinator {
  readonly sync: OutboxSync;
  getState(): OfflineState;
  subscribe(listener: () => void): () => void;
  /** Reads the drafts, resumes the one last typed, and starts following other tabs and the outbox. */
  start(): void;
  stop(): void;
  /** The campaign changed: values are read its way from now on, and the start-up look is made again. */
  setReadValues(readValues: OfflineCoordinatorOptions['readValues']): void;
  /** Signed in (again): a session other than the first lifts the 401 pause. */
  setSession(session: unknown): void;
  /** The autosave's onSaved. */
  draftSaved(): void;
  /** The autosave's onError. */
  draftFailed(error: unknown): void;
  submit(contact: SubmittedContact): Promise<string>;
  change(values: ContactFormValues): void;
  /** A walk list says which door a contact was met at: its visit is queued with it. */
  setVisitFor(visitFor: VisitFor | undefined): void;
  /** A door with no conversation: its visit is queued on its own. */
  recordVisit(visit: QueuedVisit): Promise<void>;
  /** Undo of a visit not yet tried: false once it may have gone. */
  withdrawVisit(key: string): Promise<boolean>;
  /** A conversation at a door: what was in the form stays a draft, and the form opens on the
   * door's values, the person's fields first. */
  startContact(values: ContactFormValues): Promise<void>;
  /** Before signing out: true to go on with it. Asks when the canvasser's own contacts wait or
   * drafts are kept; "export and remove" first downloads the rescue file, and only once it is
   * made deletes the canvasser's drafts (never an unsent contact). */
  confirmSignOut(): Promise<boolean>;
  resume(draft: DraftRecord, options?: { showServerErrors?: boolean; unlessTyping?: boolean }): Promise<boolean>;
  resumeById(id: string): void;
  fix(key: string): Promise<void>;
  discardDraft(id: string): Promise<(() => Promise<void>) | undefined>;
  discardItem(key: string): Promise<(() => Promise<void>) | undefined>;
  newContact(): Promise<void>;
  exportUnsent(): Promise<void>;
  sendNow(): void;
  openView(): void;
  closeView(): void;
  readValues(values: unknown, formVersion: number): ContactFormValues | undefined;
  describe(values: unknown, formVersion: number): string;
}

/** A page that has just reloaded may find its draft still claimed by the page it replaced, whose
 * locks the browser lets go of a moment later: it looks once more after this long. */
export const CLAIM_RETRY_MS = 400;

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createOfflineCoordinator(options: OfflineCoordinatorOptions): OfflineCoordinator {
  const { sync, autosave, claims, form, onSignInNeeded } = options;
  const store = { ...realStore, ...options.store };
  const download = options.download ?? downloadRescueFile;
  const sleep = options.sleep ?? wait;
  let readValues = options.readValues;
  const me = options.canvasser?.id;
  const mine = <T extends { author?: string | undefined }>(record: T) => ownedBy(record, me);
  const owner = me ? { author: me, authorToken: options.canvasser?.authorToken } : {};
  // Items kept by a release that did not record authors become this canvasser's (adoptUnowned, at
  // start); until then they are listed as theirs (ownedBy), so nothing waits for it: the draft
  // typed when the page went away comes back at once.
  const listMyDrafts = () => store.listDrafts(me);
  let state: OfflineState = {
    drafts: [],
    elsewhere: new Set(),
    currentDraft: undefined,
    storageFull: false,
    exportFailed: false,
    viewOpen: false,
    items: [],
    delivered: new Set(),
    watched: new Set(),
    signOutAsk: undefined,
    signOutCounts: { unsent: 0, drafts: 0 },
    othersDrafts: 0,
    visits: [],
  };
  let visitFor: VisitFor | undefined;
  const listeners = new Set<() => void>();
  let stopped = false;
  const stops: (() => void)[] = [];

  const set = (patch: Partial<OfflineState>) => {
    // Signed out: work still under way (a resume, a fix) must claim nothing for a page that has
    // let go of its claims, as the view it fed is gone.
    if (stopped) return;
    const before = state;
    state = { ...state, ...patch };
    // The draft in the form is this tab's: claimed while it is there, let go of when it leaves
    // (sent, put aside for a new contact, another resumed).
    if (state.currentDraft !== before.currentDraft) {
      if (state.currentDraft) void claims.claim(state.currentDraft);
      else claims.release();
    }
    if (state.elsewhere !== before.elsewhere) watchElsewhere();
    if (state.watched !== before.watched) checkReceipts();
    if (state.viewOpen && !before.viewOpen) readItems();
    for (const listener of listeners) listener();
  };

  const reloadDrafts = () => {
    if (me) {
      void store.countOthersDrafts(me).then(
        (othersDrafts) => {
          if (!stopped && othersDrafts !== state.othersDrafts) set({ othersDrafts });
        },
        () => undefined,
      );
    }
    void listMyDrafts().then(
      async (all) => {
        if (stopped) return;
        set({ drafts: all });
        const elsewhere = await claims.heldElsewhere();
        if (!stopped) set({ elsewhere });
      },
      () => undefined,
    );
  };

  // A draft open in another tab becomes resumable here as soon as that tab lets go of it (or is
  // closed, or crashes).
  let watchedIds = '';
  let stopWatch: (() => void) | undefined;
  const watchElsewhere = () => {
    const ids = [...state.elsewhere].sort().join(' ');
    if (ids === watchedIds || stopped) return;
    watchedIds = ids;
    stopWatch?.();
    stopWatch = ids ? claims.watch(ids.split(' '), reloadDrafts) : undefined;
  };

  // "Sent" on the confirmation once the receipt is there (this tab's drain, or another tab's).
  const checkReceipts = () => {
    const open = [...state.watched].filter((key) => !state.delivered.has(key));
    if (!open.length) return;
    void Promise.all(open.map((key) => store.getReceipt(key).then((r) => (r ? key : undefined)))).then(
      (keys) => {
        const found = keys.filter((k): k is string => k !== undefined && !state.delivered.has(k));
        if (!stopped && found.length) set({ delivered: new Set([...state.delivered, ...found]) });
      },
      () => undefined,
    );
  };

  // The list in the dialog follows every change of the outbox; only the latest read counts.
  let itemsRead = 0;
  const readItems = () => {
    if (!state.viewOpen) return;
    const read = ++itemsRead;
    void store.listOutbox(me).then(
      (items) => {
        if (!stopped && read === itemsRead && state.viewOpen) set({ items });
      },
      () => undefined,
    );
  };

  /** Whether a contact is being typed here: one with a draft, or an edit made before this part
   * had loaded, which the form holds until it can hand it over. */
  const typing = () => autosave.currentId() !== undefined || form()?.hasUnkeptEdit() === true;

  const describe = (values: unknown, formVersion: number) => {
    const read = readValues(values, formVersion);
    return read ? describeContact(read) : '';
  };

  /** Opens a draft in the form, once this tab has claimed it: false when another tab has it (or
   * it cannot be read, or, with `unlessTyping`, typing began here meanwhile). */
  const resume: OfflineCoordinator['resume'] = async (draft, resumeOptions = {}) => {
    // Another canvasser's draft is theirs to resume, on their next sign-in here.
    if (!mine(draft)) return false;
    const values = readValues(draft.values, draft.formVersion);
    if (!values) return false;
    if (!(await claims.claim(draft.id))) {
      reloadDrafts();
      return false;
    }
    if (resumeOptions.unlessTyping && typing()) {
      // The claim just made let go of the draft being typed, if any: take that one back.
      const current = autosave.currentId();
      if (current) void claims.claim(current);
      else claims.release();
      reloadDrafts();
      return false;
    }
    // A fix goes on under the key of the contact it fixes, while that contact is still on this
    // device; gone meanwhile (sent, or exported and discarded), it is a new contact.
    const fixedItem = draft.fixing ? await store.getOutboxItem(draft.fixing).catch(() => undefined) : undefined;
    const fixed = fixedItem && mine(fixedItem) ? fixedItem : undefined;
    await autosave.switchTo({ id: draft.id, createdAt: draft.createdAt, fixing: fixed?.key });
    form()?.load(values, {
      idempotencyKey: fixed?.key,
      serverErrors: resumeOptions.showServerErrors ? fixed?.lastError?.errors : undefined,
    });
    // Touched, so that the draft open in the form is the one a reload brings back.
    autosave.change(values);
    set({ currentDraft: draft.id });
    reloadDrafts();
    return true;
  };

  // At start: the contact being typed when the page last went away (a reload, a crash, a closed
  // tab) comes back, unless typing has begun meanwhile, or another tab has it in its form (two
  // tabs opened at once): then this tab starts a new contact. The others are listed.
  let restoring = 0;
  const restore = () => {
    const run = ++restoring;
    const cancelled = () => stopped || run !== restoring;
    void listMyDrafts().then(
      async (all) => {
        if (cancelled()) return;
        set({ drafts: all });
        const latest = all.find((d) => readValues(d.values, d.formVersion));
        // Typing began before this part had loaded: that is the contact in the form.
        if (!latest || typing()) return reloadDrafts();
        if (await resume(latest, { unlessTyping: true })) return;
        await sleep(CLAIM_RETRY_MS);
        if (!cancelled() && !typing()) await resume(latest, { unlessTyping: true });
      },
      () => undefined,
    );
  };

  // The visits the walk list shows: read again whenever the outbox may have changed; only the
  // latest read counts.
  let visitsRead = 0;
  const readVisits = () => {
    const read = ++visitsRead;
    void store.listPendingVisits(me).then(
      (visits) => {
        if (!stopped && read === visitsRead) set({ visits });
      },
      () => undefined,
    );
  };

  let firstSession: unknown;
  let sessionSeen = false;
  let waitingForSignIn = false;
  const onSync = () => {
    const now = sync.getState();
    // A 401 paused the outbox: have the session checked, so the sign-in dialog comes up.
    if (now.waitingForSignIn && !waitingForSignIn) onSignInNeeded();
    waitingForSignIn = now.waitingForSignIn;
    checkReceipts();
    readItems();
    readVisits();
  };

  // Fix runs through several IndexedDB reads with the details still open: a second tap meanwhile
  // must not start it twice.
  let fixBusy = false;

  const askSignOut = (signOutCounts: OfflineState['signOutCounts']) =>
    new Promise<SignOutAnswer>((resolve) => {
      set({
        signOutCounts,
        signOutAsk: (answer: SignOutAnswer) => {
          set({ signOutAsk: undefined });
          resolve(answer);
        },
      });
    });

  /** The rescue file of this canvasser's own work: their unsent items and drafts, nobody else's. */
  const exportMine = async () => {
    await autosave.flush();
    const [outbox, drafts] = await Promise.all([store.listOutbox(me), listMyDrafts()]);
    download(buildRescueFile(outbox, drafts));
    return drafts;
  };

  return {
    sync,
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start() {
      if (me) void store.adoptUnowned(me).catch(() => 0);
      claims.release();
      // Another tab claimed a draft, or let go of one: the list follows.
      stops.push(claims.subscribe(reloadDrafts));
      stops.push(sync.subscribe(onSync));
      onSync();
      restore();
      // Other tabs keep drafts too: look again when this one comes back into view.
      const doc = options.document;
      if (doc) {
        const onVisible = () => {
          if (doc.visibilityState === 'visible') reloadDrafts();
        };
        doc.addEventListener('visibilitychange', onVisible);
        stops.push(() => doc.removeEventListener('visibilitychange', onVisible));
      }
    },
    stop() {
      stopped = true;
      for (const stop of stops.splice(0)) stop();
      stopWatch?.();
      listeners.clear();
      // Signing out: what is being typed is kept as a draft; the outbox stays for the next sign-in.
      // The draft is let go of once written, so that no other tab resumes it half saved.
      void autosave.flush().finally(() => claims.close());
      sync.stop();
    },
    setReadValues(next) {
      if (next === readValues) return;
      readValues = next;
      restore();
    },
    setSession(session) {
      // Signed in again (a new session): the outbox goes on.
      if (!sessionSeen) {
        sessionSeen = true;
        firstSession = session;
      } else if (session !== firstSession) {
        firstSession = session;
        sync.resume();
      }
    },
    draftSaved() {
      set({ currentDraft: autosave.currentId(), storageFull: false });
      reloadDrafts();
    },
    draftFailed(error) {
      if (isStorageFull(error)) set({ storageFull: true });
      else console.error('draft not saved', error);
    },
    async submit(contact) {
      const draft = autosave.finish();
      // A fix replaces the contact it fixes, under its key; should that contact be gone meanwhile
      // (sent, or discarded), the fix goes as a new contact, under a key of its own: the old key
      // may be known to the server already, which would then not forward the fix.
      const fixes = draft?.fixing !== undefined && draft.fixing === contact.idempotencyKey ? draft.fixing : undefined;
      const visit = visitFor?.(contact);
      let queued: OutboxItem;
      try {
        queued = await store.enqueue({
          key: fixes ? newIdempotencyKey() : contact.idempotencyKey,
          fixes,
          body: contact.body,
          values: contact.values,
          formVersion: FORM_VERSION,
          draftId: draft?.id,
          visits: visit ? [{ ...visit, ...owner }] : undefined,
          ...owner,
        });
      } catch (error) {
        // Nothing was written (one transaction): the draft goes on as it was.
        await autosave.switchTo(draft);
        autosave.change(contact.values);
        if (isStorageFull(error)) set({ storageFull: true });
        throw error;
      }
      set({ storageFull: false, currentDraft: undefined, watched: new Set([...state.watched, queued.key]) });
      sync.kick();
      reloadDrafts();
      if (visit) readVisits();
      return queued.key;
    },
    setVisitFor(next) {
      visitFor = next;
    },
    async recordVisit(visit) {
      try {
        await store.enqueueVisit({ ...visit, ...owner });
      } catch (error) {
        if (isStorageFull(error)) set({ storageFull: true });
        throw error;
      }
      readVisits();
      await sync.refresh().catch(() => undefined);
      sync.kick();
    },
    async withdrawVisit(key) {
      const withdrawn = await store.withdrawVisit(key);
      readVisits();
      await sync.refresh().catch(() => undefined);
      sync.kick();
      return withdrawn;
    },
    async startContact(values) {
      await autosave.switchTo(undefined);
      form()?.load(values, { personFirst: true });
      set({ currentDraft: undefined });
      reloadDrafts();
    },
    change(values) {
      autosave.change(values);
      if (!state.currentDraft) set({ currentDraft: autosave.currentId() });
    },
    async confirmSignOut() {
      // What is being typed counts: it is kept as a draft.
      await autosave.flush().catch(() => undefined);
      const drafts = (await listMyDrafts().catch(() => state.drafts)).length;
      const unsent = sync.getState().summary.waiting;
      if (unsent === 0 && drafts === 0) return true;
      const answer = await askSignOut({ unsent, drafts });
      if (answer === 'stay') return false;
      if (answer === 'keep') return true;
      set({ exportFailed: false });
      let exported: DraftRecord[];
      try {
        exported = await exportMine();
      } catch (error) {
        // No file, nothing removed: the canvasser stays signed in, told so.
        console.error('export failed', error);
        set({ exportFailed: true });
        return false;
      }
      // The draft in the form is in the file: it must not be saved again as the page lets go.
      autosave.finish();
      set({ currentDraft: undefined });
      for (const draft of exported) await store.discardDraft(draft.id);
      reloadDrafts();
      return true;
    },
    resume,
    resumeById(id) {
      const draft = state.drafts.find((d) => d.id === id);
      if (draft) void resume(draft);
    },
    async fix(key) {
      if (fixBusy) return;
      fixBusy = true;
      try {
        const found = await store.getOutboxItem(key);
        const item = found && mine(found) ? found : undefined;
        const values = item && readValues(item.values, item.formVersion);
        if (!item || !values) return set({ viewOpen: false });
        // Begun before (a reload came in between): that fix goes on, rather than a second one.
        await autosave.flush();
        const begun = (await listMyDrafts().catch(() => [])).find((d) => d.fixing === key);
        if (begun && (await resume(begun, { showServerErrors: true }))) return set({ viewOpen: false });
        // Open in another tab (claimed there since the list was drawn): it is fixed there, not
        // twice. The list, drawn again, now says so.
        if (begun && (await claims.heldElsewhere()).has(begun.id)) return;
        set({ viewOpen: false });
        // What was in the form stays as a draft; the fix is typed into a draft of its own, which
        // remembers the contact it fixes. Kept and claimed at once, not at the first keystroke, so
        // that another tab offers no second Fix of it meanwhile.
        await autosave.switchTo(undefined, { fixing: key });
        form()?.load(values, { idempotencyKey: key, serverErrors: item.lastError?.errors });
        autosave.change(values);
        set({ currentDraft: autosave.currentId() });
        await autosave.flush();
        reloadDrafts();
      } finally {
        fixBusy = false;
      }
    },
    async discardDraft(id) {
      if (me && !(await listMyDrafts()).some((d) => d.id === id)) return undefined;
      const gone = await store.discardDraft(id);
      reloadDrafts();
      return gone
        ? async () => {
            await store.restoreDraft(gone);
            reloadDrafts();
          }
        : undefined;
    },
    async discardItem(key) {
      const item = await store.getOutboxItem(key);
      if (!item || !mine(item)) return undefined;
      const gone = await store.discardOutboxItem(key);
      await sync.refresh().catch(() => undefined);
      // Other tabs' counts follow (a drain tells them).
      sync.kick();
      return gone
        ? async () => {
            await store.restoreOutboxItem(gone);
            await sync.refresh().catch(() => undefined);
            sync.kick();
          }
        : undefined;
    },
    async newContact() {
      await autosave.switchTo(undefined);
      form()?.clear();
      set({ currentDraft: undefined });
      reloadDrafts();
    },
    async exportUnsent() {
      set({ exportFailed: false });
      try {
        await exportMine();
      } catch (error) {
        console.error('export failed', error);
        set({ exportFailed: true });
      }
    },
    sendNow() {
      if (sync.getState().waitingForSignIn) onSignInNeeded();
      else void sync.sendNow();
    },
    openView: () => set({ viewOpen: true }),
    closeView: () => set({ viewOpen: false }),
    readValues: (values, formVersion) => readValues(values, formVersion),
    describe,
  };
}
