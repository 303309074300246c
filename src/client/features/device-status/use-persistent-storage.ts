import { useSyncExternalStore } from 'react';

/** `kept`: the browser will not clear the app's storage (drafts, outbox, campaign) to make room;
 * `at-risk`: it may, when the device runs short of space. */
export type StorageDurability = 'kept' | 'at-risk';

type StorageApi = Pick<StorageManager, 'persist' | 'persisted'>;

/**
 * Asks the browser to keep the app's storage. Chromium grants or refuses on its own (an installed
 * or much-used app is kept), Firefox asks the person; a page that is not a secure context (plain
 * http on a LAN) has no storage API at all, and its storage is at risk.
 */
export async function askPersistentStorage(storage: StorageApi | undefined): Promise<StorageDurability> {
  if (typeof storage?.persist !== 'function') return 'at-risk';
  try {
    if (await storage.persisted()) return 'kept';
    return (await storage.persist()) ? 'kept' : 'at-risk';
  } catch {
    return 'at-risk';
  }
}

let durability: StorageDurability | undefined;
let asked = false;
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  // Asked once per page, the first time anything shows it (once signed in): not at start-up,
  // where it would only compete with the first screen.
  if (!asked) {
    asked = true;
    void askPersistentStorage(typeof navigator === 'undefined' ? undefined : navigator.storage).then((answer) => {
      durability = answer;
      listeners.forEach((l) => l());
    });
  }
  return () => listeners.delete(listener);
}

/** Whether the app's storage is kept; undefined until the browser has answered. */
export function usePersistentStorage(): StorageDurability | undefined {
  return useSyncExternalStore(
    subscribe,
    () => durability,
    () => undefined,
  );
}
