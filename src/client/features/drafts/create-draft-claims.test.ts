import { afterEach, describe, expect, it } from 'vitest';
import { createDraftClaims as create, type DraftClaims } from './create-draft-claims';

// Node has no Web Locks: one fake lock manager stands for the browser's, shared by the "tabs".
// It knows what the claims use: exclusive requests with ifAvailable, shared ones that wait.

function fakeLocks() {
  const exclusive = new Set<string>();
  const waiting: { name: string; grant: () => void }[] = [];
  const wake = () => {
    for (const w of [...waiting]) {
      if (!exclusive.has(w.name)) {
        waiting.splice(waiting.indexOf(w), 1);
        w.grant();
      }
    }
  };
  const manager = {
    async request(name: string, options: LockOptions, callback: (lock: Lock | null) => unknown) {
      if (options.mode === 'shared') {
        await new Promise<void>((resolve, reject) => {
          const entry = { name, grant: resolve };
          options.signal?.addEventListener('abort', () => {
            waiting.splice(waiting.indexOf(entry), 1);
            reject(new DOMException('aborted', 'AbortError'));
          });
          waiting.push(entry);
          if (!exclusive.has(name)) wake();
        });
        return callback({ name, mode: 'shared' });
      }
      if (exclusive.has(name)) return callback(null);
      exclusive.add(name);
      try {
        return await callback({ name, mode: 'exclusive' });
      } finally {
        exclusive.delete(name);
        wake();
      }
    },
    async query() {
      return { held: [...exclusive].map((name) => ({ name, mode: 'exclusive' as const, clientId: '' })), pending: [] };
    },
  };
  return manager as unknown as LockManager;
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

// Each with its BroadcastChannel (Node has one): closed after each test.
const made: DraftClaims[] = [];
const createDraftClaims = (locks: LockManager | undefined) => {
  const claims = create(locks);
  made.push(claims);
  return claims;
};
afterEach(() => {
  for (const claims of made.splice(0)) claims.close();
});

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(check()).toBe(true);
}

/** Two tabs' claims over one (fake) Web Locks manager. */
function twoTabs() {
  const locks = fakeLocks();
  return { a: createDraftClaims(locks), b: createDraftClaims(locks) };
}

describe('draft claims', () => {
  it('let one tab only claim a draft, and the other see it as held elsewhere', async () => {
    const { a, b } = twoTabs();
    expect(await a.claim('d1')).toBe(true);
    // Claiming again what it holds is no conflict with itself.
    expect(await Promise.all([a.claim('d1'), a.claim('d1')])).toEqual([true, true]);
    expect(await b.claim('d1')).toBe(false);
    expect([...(await b.heldElsewhere())]).toEqual(['d1']);
    expect([...(await a.heldElsewhere())]).toEqual([]);
  });

  it('let go of the draft claimed before, and tell a waiting tab when a draft is free', async () => {
    const { a, b } = twoTabs();
    await a.claim('d1');
    let freed = 0;
    b.watch(['d1'], () => freed++);
    await tick();
    expect(freed).toBe(0);
    // Another draft resumed in tab a: the first is free for tab b.
    expect(await a.claim('d2')).toBe(true);
    await tick();
    expect(freed).toBe(1);
    expect(await b.claim('d1')).toBe(true);
    expect(await b.claim('d2')).toBe(false);
    a.release();
    // As in browsers, the lock goes once the holder's callback has settled.
    await tick();
    expect(await b.claim('d2')).toBe(true);
    await tick();
    // b now holds d2 only: d1 went when it claimed d2.
    expect(await a.claim('d1')).toBe(true);
  });

  it('stop waiting when told to', async () => {
    const { a, b } = twoTabs();
    await a.claim('d1');
    let freed = 0;
    const stop = b.watch(['d1'], () => freed++);
    stop();
    a.release();
    await tick();
    expect(freed).toBe(0);
  });

  it('tell the other tabs when a draft is claimed or let go of', async () => {
    const { a, b } = twoTabs();
    let told = 0;
    b.subscribe(() => told++);
    await a.claim('d1');
    await until(() => told === 1);
    a.release();
    await until(() => told === 2);
  });

  it('always succeed where Web Locks are missing', async () => {
    const a = createDraftClaims(undefined);
    const b = createDraftClaims(undefined);
    expect(await a.claim('d1')).toBe(true);
    expect(await b.claim('d1')).toBe(true);
    expect((await b.heldElsewhere()).size).toBe(0);
    expect(() => b.watch(['d1'], () => undefined)()).not.toThrow();
  });
});
