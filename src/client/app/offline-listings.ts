import type { DraftListing } from '@client/features/drafts/drafts-panel';
import type { DraftRecord, OutboxItem } from '@client/lib/local-db';
import type { OutboxSyncState } from '@client/features/outbox/outbox-sync';
import type { OutboxListing } from '@client/features/outbox/outbox-view';

/** Reads a stored form's values as this version of the form would: undefined when it cannot. */
export type ReadValues = (values: unknown, formVersion: number) => unknown;
/** Who and where, for a row ("Marie Dupont · 12 rue Béchevelin"). */
export type Describe = (values: unknown, formVersion: number) => string;

/** The drafts listed beside the form: every one but the draft in the form itself. */
export function listOtherDrafts(
  drafts: readonly DraftRecord[],
  currentDraft: string | undefined,
  elsewhere: ReadonlySet<string>,
  readValues: ReadValues,
  describe: Describe,
): DraftListing[] {
  return drafts
    .filter((d) => d.id !== currentDraft)
    .map((d) => {
      const readable = readValues(d.values, d.formVersion) !== undefined;
      return {
        id: d.id,
        description: readable ? describe(d.values, d.formVersion) : '',
        updatedAt: d.updatedAt,
        readable,
        openElsewhere: elsewhere.has(d.id),
        fixing: d.fixing !== undefined,
      };
    });
}

/** The outbox keys whose fix another tab has in its form. */
export function listFixedElsewhere(drafts: readonly DraftRecord[], elsewhere: ReadonlySet<string>): ReadonlySet<string> {
  return new Set(drafts.flatMap((d) => (d.fixing && elsewhere.has(d.id) ? [d.fixing] : [])));
}

/** The rows of the outbox dialog. */
export function listOutboxItems(
  items: readonly OutboxItem[],
  state: Pick<OutboxSyncState, 'sending' | 'waitingForSignIn'>,
  fixedElsewhere: ReadonlySet<string>,
  describe: Describe,
): OutboxListing[] {
  return items.map((item) => ({
    key: item.key,
    kind: item.kind,
    description: item.kind === 'visit' ? (item.label ?? '') : describe(item.values, item.formVersion),
    state:
      item.state === 'needs-attention'
        ? 'needs-attention'
        : state.sending.has(item.key)
          ? 'sending'
          : state.waitingForSignIn
            ? 'paused'
            : 'waiting',
    attempts: item.attempts,
    createdAt: item.createdAt,
    nextAttemptAt: item.nextAttemptAt,
    lastError: item.lastError,
    fixingElsewhere: fixedElsewhere.has(item.key),
  }));
}
