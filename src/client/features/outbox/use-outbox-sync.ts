import { useSyncExternalStore } from 'react';
import type { OutboxSync, OutboxSyncState } from './outbox-sync';

/** The outbox's counts and progress, re-rendering on every change (this tab's drains, and other
 * tabs' through their broadcasts). */
export function useOutboxSync(sync: OutboxSync): OutboxSyncState {
  return useSyncExternalStore(sync.subscribe, sync.getState, sync.getState);
}
