import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { closeLocalDb } from '@client/lib/local-db';
import type { SendContact } from './drain-outbox';
import { enqueue, getOutboxItem, getReceipt, listOutbox, makeAllDue, markRetry, markSent, RECEIPT_MAX_AGE_MS } from './outbox-store';
import { createOutboxSync, type OutboxSync } from './outbox-sync';

// The sync controller in Node: a window and a document that only dispatch events, no
// BroadcastChannel between tabs, no Web Locks (the drain's one-per-page fallback).

const win = new EventTarget();
const doc = Object.assign(new EventTarget(), { visibilityState: 'visible' });

beforeEach(async () => {
  await closeLocalDb();
  globalThis.indexedDB = new IDBFactory();
  vi.stubGlobal('window', win);
  vi.stubGlobal('document', doc);
});
afterEach(async () => {
  vi.unstubAllGlobals();
  await closeLocalDb();
});

const body = (name: string) => ({ kind: 'contact', data: { firstname: name } });

async function queue(name: string, now = Date.now()): Promise<string> {
  const key = crypto.randomUUID();
  await enqueue({ key, body: body(name), values: {}, formVersion: 1 }, now);
  return key;
}

function until(check: () => boolean | Promise<boolean>, ms = 2_000): Promise<void> {
  const end = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const tick = async () => {
      if (await check()) resolve();
      else if (Date.now() > end) reject(new Error('timed out'));
      else setTimeout(() => void tick(), 10);
    };
    void tick();
  });
}

describe('createOutboxSync', () => {
  let sync: OutboxSync | undefined;
  afterEach(() => sync?.stop());

  it('never says "nothing waiting" before it has read the outbox', async () => {
    await queue('Ada');
    // A slow server: the counts must not wait for its first answer.
    let answered = false;
    sync = createOutboxSync(
      () =>
        new Promise((resolve) =>
          setTimeout(() => {
            answered = true;
            resolve({ status: 503 });
          }, 300),
        ),
    );
    expect(sync.getState()).toMatchObject({ loaded: false });
    await until(() => sync!.getState().loaded);
    expect(sync.getState().summary.waiting).toBe(1);
    expect(answered).toBe(false);
    // Let the drain end here, so that the next test does not find the drain lock still held.
    await until(() => answered && !sync!.getState().draining);
  });

  it('drains at start, and after each kick; the counts follow', async () => {
    const first = await queue('Ada');
    const sent: string[] = [];
    const send: SendContact = async (_b, key) => {
      sent.push(key);
      return { status: 202 };
    };
    sync = createOutboxSync(send);
    await until(() => sent.length === 1 && !sync!.getState().draining);
    expect(sent).toEqual([first]);
    expect(await getReceipt(first)).toMatchObject({ key: first });

    const second = await queue('Bea');
    sync.kick();
    await until(() => sent.length === 2 && !sync!.getState().draining);
    await sync.refresh();
    expect(sync.getState().summary).toMatchObject({ waiting: 0, needsAttention: 0 });
    expect(sync.getState().summary.lastSentAt).toBeDefined();
    expect(sent).toEqual([first, second]);
  });

  it('pauses on a 401 and sends nothing more until resumed', async () => {
    const key = await queue('Ada');
    let status = 401;
    const calls: string[] = [];
    sync = createOutboxSync(async (_b, k) => {
      calls.push(k);
      return { status };
    });
    await until(() => sync!.getState().waitingForSignIn);
    sync.kick();
    win.dispatchEvent(new Event('online'));
    await new Promise((r) => setTimeout(r, 50));
    expect(calls).toEqual([key]);
    status = 202;
    sync.resume();
    await until(async () => (await listOutbox()).length === 0);
    expect(calls).toEqual([key, key]);
  });

  it('back online, sends at once what failed for want of a network, but still honours a server’s Retry-After', async () => {
    const offline = await queue('Ada');
    const limited = await queue('Bea');
    const later = Date.now() + 60 * 60_000;
    await markRetry(offline, { status: 0, title: 'No answer' }, later);
    await markRetry(limited, { status: 503, title: 'Slow down' }, later);
    const calls: string[] = [];
    sync = createOutboxSync(async (_b, k) => {
      calls.push(k);
      return { status: 202 };
    });
    await until(() => !sync!.getState().draining);
    expect(calls).toEqual([]);
    win.dispatchEvent(new Event('online'));
    await until(() => calls.length === 1 && !sync!.getState().draining);
    expect(calls).toEqual([offline]);
    expect(await getOutboxItem(limited)).toMatchObject({ nextAttemptAt: later });

    // "Send now" makes every waiting contact due.
    await sync.sendNow();
    await until(() => calls.length === 2);
    expect(calls).toEqual([offline, limited]);
  });

  it('prunes receipts older than 30 days when it opens the outbox, by its clock', async () => {
    const now = Date.UTC(2027, 0, 31);
    const old = await queue('Ada', 1);
    await markSent(old, now - RECEIPT_MAX_AGE_MS - 1);
    const recent = await queue('Bea', 2);
    await markSent(recent, now - RECEIPT_MAX_AGE_MS + 1);
    sync = createOutboxSync(async () => ({ status: 202 }), { now: () => now });
    await until(() => sync!.getState().loaded);
    expect(await getReceipt(old)).toBeUndefined();
    expect(await getReceipt(recent)).toBeDefined();
    expect(sync.getState().summary.lastSentAt).toBe(now - RECEIPT_MAX_AGE_MS + 1);
    await until(() => !sync!.getState().draining);
  });

  it('once stopped, neither drains nor listens any more', async () => {
    const calls: string[] = [];
    sync = createOutboxSync(async (_b, k) => {
      calls.push(k);
      return { status: 202 };
    });
    await until(() => !sync!.getState().draining);
    sync.stop();
    await queue('Ada');
    sync.kick();
    win.dispatchEvent(new Event('online'));
    doc.dispatchEvent(new Event('visibilitychange'));
    await new Promise((r) => setTimeout(r, 50));
    expect(calls).toEqual([]);
  });
});

describe('makeAllDue', () => {
  it('leaves alone contacts that need fixing', async () => {
    const key = await queue('Ada', 1);
    const { markNeedsAttention } = await import('./outbox-store');
    await markNeedsAttention(key, { status: 422, title: 'Refused' }, 2);
    await makeAllDue(3);
    expect(await getOutboxItem(key)).toMatchObject({ state: 'needs-attention' });
  });
});
