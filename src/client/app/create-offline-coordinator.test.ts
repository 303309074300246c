import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { closeLocalDb, localDb } from '@client/lib/local-db';
import type { ContactFormHandle, SubmittedContact } from '@client/features/contact-form/contact-form';
import type { ContactFormValues } from '@client/features/contact-form/contact-form-values';
import { createDraftAutosave, type DraftAutosave } from '@client/features/drafts/create-draft-autosave';
import type { DraftClaims } from '@client/features/drafts/create-draft-claims';
import { listDrafts, saveDraft } from '@client/features/drafts/drafts-store';
import { enqueue, listOutbox } from '@client/features/outbox/outbox-store';
import type { OutboxSync, OutboxSyncState } from '@client/features/outbox/outbox-sync';
import { createOfflineCoordinator, type OfflineCoordinator, type OfflineCoordinatorOptions } from './create-offline-coordinator';
import { StorageFullError } from '@client/lib/storage-full-error';

// The coordinator in Node, on fake-indexeddb's real stores and a real draft keeper; the sync, the
// claims (other tabs) and the form are fakes, so each test says what the other tabs hold.

beforeEach(async () => {
  await closeLocalDb();
  globalThis.indexedDB = new IDBFactory();
});
afterEach(async () => {
  coordinator?.stop();
  coordinator = undefined;
  await closeLocalDb();
});

let coordinator: OfflineCoordinator | undefined;

function fakeSync(waiting = 0) {
  let state: OutboxSyncState = {
    loaded: true,
    summary: { waiting, visits: 0, needsAttention: 0, oldestCreatedAt: undefined, lastSentAt: undefined, others: 0, otherVisits: 0 },
    draining: false,
    waitingForSignIn: false,
    sending: new Set(),
    lastReport: undefined,
  };
  const listeners = new Set<() => void>();
  const sync = {
    getState: () => state,
    subscribe: (l: () => void) => (listeners.add(l), () => void listeners.delete(l)),
    kick: vi.fn(),
    sendNow: vi.fn(async () => undefined),
    resume: vi.fn(),
    refresh: vi.fn(async () => undefined),
    stop: vi.fn(),
  } satisfies OutboxSync;
  const update = (patch: Partial<OutboxSyncState>) => {
    state = { ...state, ...patch };
    for (const l of listeners) l();
  };
  return { sync, update };
}

/** Claims as another tab sees them: `elsewhere` holds what other tabs have in their forms. */
function fakeClaims(elsewhere = new Set<string>()) {
  let mine: string | undefined;
  const claims = {
    claim: vi.fn(async (id: string) => {
      if (elsewhere.has(id)) return false;
      mine = id;
      return true;
    }),
    release: vi.fn(() => void (mine = undefined)),
    heldElsewhere: async () => new Set(elsewhere),
    watch: () => () => undefined,
    subscribe: () => () => undefined,
    close: vi.fn(),
  } satisfies DraftClaims;
  return { claims, elsewhere, mine: () => mine };
}

function fakeForm(unkeptEdit = false) {
  return {
    load: vi.fn<ContactFormHandle['load']>(),
    clear: vi.fn(),
    hasUnkeptEdit: () => unkeptEdit,
  } as unknown as ContactFormHandle & { load: ReturnType<typeof vi.fn> };
}

// A stored form is readable once it names someone.
const readValues = (values: unknown, _v: number) =>
  (values as { firstname?: string }).firstname ? (values as ContactFormValues) : undefined;
const values = (firstname: string) => ({ firstname }) as unknown as ContactFormValues;

function make(over: Partial<OfflineCoordinatorOptions> & { autosave?: DraftAutosave } = {}) {
  const autosave = over.autosave ?? createDraftAutosave({ formVersion: 1, delayMs: 10_000 });
  const made = createOfflineCoordinator({
    sync: fakeSync().sync,
    claims: fakeClaims().claims,
    form: () => fakeForm(),
    readValues,
    onSignInNeeded: () => undefined,
    sleep: async () => undefined,
    ...over,
    autosave,
  });
  coordinator = made;
  return { coordinator: made, autosave };
}

function until(check: () => boolean | Promise<boolean>, ms = 2_000): Promise<void> {
  const end = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const tick = async () => {
      if (await check()) resolve();
      else if (Date.now() > end) reject(new Error('timed out'));
      else setTimeout(() => void tick(), 5);
    };
    void tick();
  });
}

const contact = (key: string, firstname = 'Ada'): SubmittedContact =>
  ({ idempotencyKey: key, body: { kind: 'contact', data: { firstname } }, values: values(firstname) }) as unknown as SubmittedContact;

describe('createOfflineCoordinator', () => {
  it('submit queues the contact, clears the current draft and kicks the sync', async () => {
    const { sync } = fakeSync();
    const { coordinator: c, autosave } = make({ sync });
    c.change(values('Ada'));
    await autosave.flush();
    expect(c.getState().currentDraft).toBe(autosave.currentId());
    const key = await c.submit(contact('k-1'));
    expect(key).toBe('k-1');
    expect((await listOutbox()).map((i) => i.key)).toEqual(['k-1']);
    // Queued in the same transaction as the draft's deletion.
    expect(await listDrafts()).toEqual([]);
    expect(c.getState().currentDraft).toBeUndefined();
    expect(c.getState().watched.has('k-1')).toBe(true);
    expect(sync.kick).toHaveBeenCalledTimes(1);
  });

  it('on a full device, submit puts the draft back and says so', async () => {
    const full = new StorageFullError('full');
    const { sync } = fakeSync();
    const { coordinator: c, autosave } = make({ sync, store: { enqueue: async () => Promise.reject(full) } });
    c.change(values('Ada'));
    await autosave.flush();
    const draftId = autosave.currentId();
    await expect(c.submit(contact('k-1'))).rejects.toBe(full);
    expect(autosave.currentId()).toBe(draftId);
    expect(c.getState().storageFull).toBe(true);
    expect(sync.kick).not.toHaveBeenCalled();
    await autosave.flush();
    expect((await listDrafts()).map((d) => [d.id, d.values])).toEqual([[draftId, values('Ada')]]);
  });

  it('resume refuses a draft another tab has in its form', async () => {
    await saveDraft('d1', values('Ada'), 1);
    const form = fakeForm();
    const { claims } = fakeClaims(new Set(['d1']));
    const { coordinator: c } = make({ claims, form: () => form });
    const [draft] = await listDrafts();
    expect(await c.resume(draft!)).toBe(false);
    expect(form.load).not.toHaveBeenCalled();
    expect(c.getState().currentDraft).toBeUndefined();
  });

  it('at start, resumes the latest readable draft', async () => {
    await saveDraft('old', values('Ada'), 1, 1_000);
    await saveDraft('unreadable', {}, 1, 2_000);
    const form = fakeForm();
    const { claims, mine } = fakeClaims();
    const { coordinator: c, autosave } = make({ claims, form: () => form });
    c.start();
    await until(() => c.getState().currentDraft === 'old');
    expect(form.load).toHaveBeenCalledWith(values('Ada'), { idempotencyKey: undefined, serverErrors: undefined });
    expect(autosave.currentId()).toBe('old');
    expect(mine()).toBe('old');
  });

  it('at start, resumes nothing once typing began', async () => {
    await saveDraft('old', values('Ada'), 1);
    const form = fakeForm(true);
    const { coordinator: c } = make({ form: () => form });
    c.start();
    await until(() => c.getState().drafts.length === 1);
    await new Promise((r) => setTimeout(r, 20));
    expect(form.load).not.toHaveBeenCalled();
    expect(c.getState().currentDraft).toBeUndefined();
  });

  it('at start, looks once more when the draft was still claimed by the page it replaced', async () => {
    await saveDraft('d1', values('Ada'), 1);
    const { claims, elsewhere } = fakeClaims(new Set(['d1']));
    // The page before lets go while this one waits.
    const sleep = vi.fn(async () => void elsewhere.clear());
    const { coordinator: c } = make({ claims, sleep });
    c.start();
    await until(() => c.getState().currentDraft === 'd1');
    expect(sleep).toHaveBeenCalledTimes(1);
  });

  it('fix goes on with a fix begun before, under the key of the contact it fixes', async () => {
    await enqueue({ key: 'k-1', body: {}, values: values('Ada'), formVersion: 1 });
    await saveDraft('begun', values('Ada L'), 1, Date.now(), undefined, 'k-1');
    const form = fakeForm();
    const { coordinator: c } = make({ form: () => form });
    c.openView();
    await c.fix('k-1');
    expect(form.load).toHaveBeenCalledTimes(1);
    expect(form.load).toHaveBeenCalledWith(values('Ada L'), { idempotencyKey: 'k-1', serverErrors: undefined });
    expect(c.getState().currentDraft).toBe('begun');
    expect(c.getState().viewOpen).toBe(false);
    expect((await listDrafts()).filter((d) => d.fixing === 'k-1')).toHaveLength(1);
  });

  it('a second tap on Fix while the first runs starts no second fix', async () => {
    await enqueue({ key: 'k-1', body: {}, values: values('Ada'), formVersion: 1 });
    const form = fakeForm();
    const { coordinator: c } = make({ form: () => form });
    await Promise.all([c.fix('k-1'), c.fix('k-1')]);
    expect(form.load).toHaveBeenCalledTimes(1);
    expect((await listDrafts()).filter((d) => d.fixing === 'k-1')).toHaveLength(1);
    // Once done, Fix works again (the guard is let go of).
    await c.fix('k-1');
    expect(form.load).toHaveBeenCalledTimes(2);
  });

  it('discards a draft, and undo brings it back', async () => {
    await saveDraft('d1', values('Ada'), 1);
    const { coordinator: c } = make();
    const undo = await c.discardDraft('d1');
    expect(await listDrafts()).toEqual([]);
    expect(undo).toBeDefined();
    await undo!();
    expect((await listDrafts()).map((d) => d.id)).toEqual(['d1']);
    await until(() => c.getState().drafts.length === 1);
  });

  it('confirmSignOut is true at once with nothing waiting, and asks otherwise', async () => {
    const { coordinator: idle } = make();
    await expect(idle.confirmSignOut()).resolves.toBe(true);
    expect(idle.getState().signOutAsk).toBeUndefined();
    idle.stop();

    const { coordinator: c } = make({ sync: fakeSync(2).sync });
    const answer = c.confirmSignOut();
    await until(() => c.getState().signOutAsk !== undefined);
    expect(c.getState().signOutCounts).toEqual({ unsent: 2, drafts: 0 });
    c.getState().signOutAsk!('stay');
    await expect(answer).resolves.toBe(false);
    expect(c.getState().signOutAsk).toBeUndefined();
  });

  it('asks for sign-in on a 401 pause, and resumes the outbox on a new session only', async () => {
    const { sync, update } = fakeSync();
    const onSignInNeeded = vi.fn();
    const { coordinator: c } = make({ sync, onSignInNeeded });
    const first = {};
    c.setSession(first);
    c.start();
    update({ waitingForSignIn: true });
    update({ waitingForSignIn: true, draining: true });
    expect(onSignInNeeded).toHaveBeenCalledTimes(1);
    c.setSession(first);
    expect(sync.resume).not.toHaveBeenCalled();
    c.setSession({});
    expect(sync.resume).toHaveBeenCalledTimes(1);
  });
});

describe('createOfflineCoordinator, once stopped', () => {
  it('claims nothing for a resume that ends after signing out', async () => {
    await saveDraft('d1', values('Ada'), 1);
    const { claims } = fakeClaims();
    const { coordinator: c } = make({ claims });
    const [draft] = await listDrafts();
    const resumed = c.resume(draft!);
    c.stop();
    await resumed;
    expect(claims.close).toHaveBeenCalled();
    expect(c.getState().currentDraft).toBeUndefined();
  });
});

describe('door visits', () => {
  const visit = (key: string, door = 'd1') => ({
    key,
    turfId: 't1',
    visit: { door, outcome: 'absent', at: '2026-12-03T09:00:00.000Z' },
    label: `${door} · Absent`,
  });

  it('a contact met at a door of the list queues the door’s visit with it, and the visits are shown at once', async () => {
    const { coordinator: c } = make();
    c.start();
    c.setVisitFor((submitted) => ((submitted.values as unknown as { firstname: string }).firstname === 'Ada' ? visit('v-1') : undefined));
    await c.submit(contact('k-1'));
    await c.submit(contact('k-2', 'Bob'));
    expect((await listOutbox()).map((i) => [i.key, i.kind])).toEqual([
      ['k-1', 'contact'],
      ['v-1', 'visit'],
      ['k-2', 'contact'],
    ]);
    await until(() => c.getState().visits.length === 1);
    expect(c.getState().visits[0]).toMatchObject({ key: 'v-1', turfId: 't1', door: 'd1' });
  });

  it('records a visit with no conversation, and takes it back while it is untried', async () => {
    const { sync } = fakeSync();
    const { coordinator: c } = make({ sync });
    c.start();
    await c.recordVisit(visit('v-1'));
    expect(sync.kick).toHaveBeenCalled();
    await until(() => c.getState().visits.length === 1);
    expect(await c.withdrawVisit('v-1')).toBe(true);
    await until(() => c.getState().visits.length === 0);
    expect(await listOutbox()).toEqual([]);
  });

  it('a conversation leaves what was being typed as a draft, and opens the form on the door, person first', async () => {
    const form = fakeForm();
    const { coordinator: c, autosave } = make({ form: () => form });
    c.change(values('Ada'));
    await autosave.flush();
    await c.startContact(values('Door'));
    expect(form.load).toHaveBeenCalledWith(values('Door'), { personFirst: true });
    expect(c.getState().currentDraft).toBeUndefined();
    expect((await listDrafts()).map((d) => d.values)).toEqual([values('Ada')]);
  });
});

describe('a shared tablet: each draft and outbox item is its author’s', () => {
  /** Anne's turn on the tablet: a contact queued (with her author token) and a draft kept. */
  async function anneWasHere() {
    const autosave = createDraftAutosave({ formVersion: 1, delayMs: 10_000, author: 'anne' });
    const { coordinator: anne } = make({ canvasser: { id: 'anne', authorToken: 'tok-anne' }, autosave });
    anne.start();
    anne.change(values('Ada'));
    await anne.submit(contact('k-anne', 'Ada'));
    anne.change(values('Berthe'));
    await autosave.flush();
    anne.stop();
  }

  function bruno(over: Partial<OfflineCoordinatorOptions> = {}) {
    const autosave = createDraftAutosave({ formVersion: 1, delayMs: 10_000, author: 'bruno' });
    return make({ canvasser: { id: 'bruno', authorToken: 'tok-bruno' }, autosave, ...over });
  }

  it('queues with the author and the author token; the next canvasser sees a count of the drafts, not them, and cannot resume or discard one', async () => {
    await anneWasHere();
    const [queued] = await listOutbox();
    expect(queued).toMatchObject({ key: 'k-anne', author: 'anne', authorToken: 'tok-anne' });
    const form = fakeForm();
    const { coordinator: c } = bruno({ form: () => form });
    c.start();
    await until(() => c.getState().othersDrafts === 1);
    expect(c.getState().drafts).toEqual([]);
    const anneDraft = (await listDrafts()).find((d) => d.author === 'anne')!;
    expect(await c.resume(anneDraft)).toBe(false);
    expect(form.load).not.toHaveBeenCalled();
    expect(await c.discardDraft(anneDraft.id)).toBeUndefined();
    expect(await c.discardItem('k-anne')).toBeUndefined();
    expect((await listDrafts()).map((d) => d.id)).toEqual([anneDraft.id]);
    // Nor is her contact listed in the details.
    c.openView();
    await new Promise((r) => setTimeout(r, 20));
    expect(c.getState().items).toEqual([]);
  });

  it('exports only the signed-in canvasser’s own contacts and drafts', async () => {
    await anneWasHere();
    const download = vi.fn();
    const { coordinator: c } = bruno({ download });
    c.start();
    c.change(values('Claire'));
    await c.submit(contact('k-bruno', 'Claire'));
    await c.exportUnsent();
    const file = download.mock.calls[0]![0] as { contacts: { idempotencyKey: string }[]; drafts: unknown[] };
    expect(JSON.stringify(file)).not.toContain('Ada');
    expect(JSON.stringify(file)).not.toContain('Berthe');
    expect(JSON.stringify(file)).toContain('Claire');
  });

  it('signing out with “export and remove”: the file first, then the own drafts go; unsent contacts and others’ drafts stay', async () => {
    await anneWasHere();
    const download = vi.fn();
    const autosave = createDraftAutosave({ formVersion: 1, delayMs: 10_000, author: 'bruno' });
    const { coordinator: c } = bruno({ download, autosave, sync: fakeSync(1).sync });
    c.start();
    c.change(values('Claire'));
    await c.submit(contact('k-bruno', 'Claire'));
    // Being typed, not saved yet: it is in the file, and removed too.
    c.change(values('Denise'));
    const answer = c.confirmSignOut();
    await until(() => c.getState().signOutAsk !== undefined);
    expect(c.getState().signOutCounts).toEqual({ unsent: 1, drafts: 1 });
    c.getState().signOutAsk!('export-and-remove');
    await expect(answer).resolves.toBe(true);
    expect(JSON.stringify(download.mock.calls[0]![0])).toContain('Denise');
    expect((await listDrafts()).map((d) => d.author)).toEqual(['anne']);
    expect((await listOutbox()).map((i) => i.key).sort()).toEqual(['k-anne', 'k-bruno']);
    c.stop();
    await autosave.flush();
    expect((await listDrafts()).map((d) => d.author)).toEqual(['anne']);
  });

  it('signing out: when the file cannot be made, nothing is removed and the canvasser stays signed in', async () => {
    const download = vi.fn(() => {
      throw new Error('no download');
    });
    const autosave = createDraftAutosave({ formVersion: 1, delayMs: 10_000, author: 'bruno' });
    const { coordinator: c } = bruno({ download, autosave });
    c.start();
    c.change(values('Denise'));
    const answer = c.confirmSignOut();
    await until(() => c.getState().signOutAsk !== undefined);
    c.getState().signOutAsk!('export-and-remove');
    await expect(answer).resolves.toBe(false);
    expect(c.getState().exportFailed).toBe(true);
    expect((await listDrafts()).map((d) => d.values)).toEqual([values('Denise')]);
  });

  it('signing out “keep”: everything stays on the device', async () => {
    const autosave = createDraftAutosave({ formVersion: 1, delayMs: 10_000, author: 'bruno' });
    const { coordinator: c } = bruno({ autosave });
    c.start();
    c.change(values('Denise'));
    const answer = c.confirmSignOut();
    await until(() => c.getState().signOutAsk !== undefined);
    c.getState().signOutAsk!('keep');
    await expect(answer).resolves.toBe(true);
    expect((await listDrafts()).map((d) => d.values)).toEqual([values('Denise')]);
  });

  it('items kept before authors were recorded are adopted by the first canvasser to sign in, and resumed by them', async () => {
    await saveDraft('old', values('Ada'), 1, 5);
    await enqueue({ key: 'k-old', body: {}, values: values('Eve'), formVersion: 1 });
    const form = fakeForm();
    const { coordinator: c } = bruno({ form: () => form });
    c.start();
    await until(() => form.load.mock.calls.length === 1);
    const db = await localDb();
    expect((await db.get('drafts', 'old'))?.author).toBe('bruno');
    expect((await db.get('outbox', 'k-old'))?.author).toBe('bruno');
    expect(c.getState().othersDrafts).toBe(0);
  });
});
