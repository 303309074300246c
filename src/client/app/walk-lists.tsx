import { useQueryClient } from '@tanstack/react-query';
import { lazy, type RefObject, Suspense, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { type Campaign, type WalkListOutcome, walkListOutcomes } from '@shared/campaign-schema';
import { doorContactAddress, type TurfDoor } from '@shared/turf-schema';
import type { OfflineApi } from './offline-features';
import { emptyContactFormValues, fieldKey } from '@client/features/contact-form/contact-form-values';
import { newIdempotencyKey } from '@client/features/contact-form/new-idempotency-key';
import type { Session } from '@client/features/session/session-api';
import { afterNextPaintOrSoon } from '@client/lib/after-next-paint';
import { doorForAddress } from '@client/features/walk-list/door-for-address';
import { doorLabel } from '@client/features/walk-list/door-label';
import { useTurf, useTurfs } from '@client/features/walk-list/use-turfs';
import { useWalkListText } from '@client/features/walk-list/walk-list-text';
import { VISIT_HOLD_MS } from '@client/features/walk-list/visit-undo';
import type { WalkListHandle, WalkListScreenProps } from '@client/features/walk-list/walk-list-screen';

// Walk lists, composed: the turfs come from the walk-list feature, the visits go through the
// outbox (the offline part), a conversation opens the contact form on the door. Loaded once the
// offline part is up; the list itself (its own chunk) only for a canvasser who has a turf.

/** The longest a one-tap visit waits for the next paint before it is written anyway. */
const WRITE_WITHIN_MS = 100;

type ScreenModule = typeof import('@client/features/walk-list/walk-list-screen');
let screenModule: ScreenModule | undefined;
const loadScreen = () => import('@client/features/walk-list/walk-list-screen').then((m) => (screenModule = m));
// Once its code is in (loaded while the turf is read), the list renders in the same commit as the
// turf's arrival: a thenable that answers at once, where a promise would answer a microtask later,
// after the render has suspended and React has shown the fallback and held the list back for its
// reveal throttle (300 ms).
type Loaded = { default: ScreenModule['WalkListScreen'] };
const WalkListScreen = lazy((): Promise<Loaded> => {
  const loaded = screenModule;
  if (!loaded) return loadScreen().then((m) => ({ default: m.WalkListScreen }));
  // React reads a thenable's value as soon as its `then` calls back, which this one does at once.
  const now = { then: (ok: (m: Loaded) => unknown) => ok({ default: loaded.WalkListScreen }) };
  return now as unknown as Promise<Loaded>;
});

export interface WalkListsProps {
  campaign: Campaign;
  session: Session;
  offline: OfflineApi;
  /** Whether the form is on screen rather than the list. */
  formShown: boolean;
  onFormShown: (shown: boolean) => void;
  /** Set here: the form's "Next door", which goes back to the list after a door's conversation. */
  nextDoor: RefObject<(() => boolean) | undefined>;
}

export default function WalkLists(props: WalkListsProps) {
  const outcomes = useMemo(() => walkListOutcomes(props.campaign), [props.campaign]);
  // The list's code comes while the turfs are asked for and read, not after: the list then
  // renders in the commit that brings the turf. Started from the render, not an effect: the
  // texts below suspend this render, and its effects would wait for them.
  if (outcomes) void loadScreen().catch(() => undefined);
  // A campaign without walk lists: the free form only, and no request for turfs.
  if (!outcomes) return null;
  return <WalkListsOf {...props} field={outcomes.field.id} outcomes={outcomes.outcomes} />;
}

function WalkListsOf({
  campaign,
  session,
  offline,
  formShown,
  onFormShown,
  nextDoor,
  field,
  outcomes,
}: WalkListsProps & { field: number; outcomes: WalkListOutcome[] }) {
  const canvasserId = String(session.canvasser.id);
  const turfs = useTurfs(canvasserId);
  const [chosen, setChosen] = useState<string>();
  const list = turfs.data ?? [];
  const turfId = chosen ?? list[0]?.id;
  const turf = useTurf(turfId, canvasserId);
  const client = useQueryClient();
  const { coordinator } = offline;
  const { visits } = useSyncExternalStore(coordinator.subscribe, coordinator.getState, coordinator.getState);
  const listRef = useRef<WalkListHandle>(null);
  // The door whose conversation is in the form.
  const talking = useRef<TurfDoor>(undefined);

  // Landing: a canvasser with a turf starts on it, unless a draft came back into the form.
  const hasList = list.length > 0;
  const landed = useRef(false);
  useEffect(() => {
    if (!hasList || landed.current) return;
    landed.current = true;
    if (coordinator.getState().currentDraft === undefined) onFormShown(false);
  }, [hasList, coordinator, onFormShown]);

  // What other canvassers did shows once this device's visits are in: the turf is asked for
  // again after every drain that sent something (and, by TanStack Query, on focus and online).
  useEffect(() => {
    const { sync } = coordinator;
    let last = sync.getState().summary.lastSentAt;
    return sync.subscribe(() => {
      const sent = sync.getState().summary.lastSentAt;
      if (sent === last) return;
      last = sent;
      void client.invalidateQueries({ queryKey: ['turf'] });
    });
  }, [coordinator, client]);

  const text = useWalkListText();
  const data = turf.data;
  useEffect(() => {
    if (!data) return;
    // A contact sent from the form at a door of the list (its conversation, or typed there)
    // records the door's visit with it, in the same transaction.
    coordinator.setVisitFor(({ values }) => {
      const outcome = outcomes.find((o) => o.value === values.answers[fieldKey('name_presences', field)]);
      const door = outcome && doorForAddress(data.doors, values.address, talking.current);
      if (!door) return undefined;
      return {
        key: newIdempotencyKey(),
        turfId: data.id,
        visit: { door: door.id, outcome: outcome.value, at: new Date().toISOString() },
        label: `${doorLabel(door.address, text)} · ${outcome.label}`,
      };
    });
    return () => coordinator.setVisitFor(undefined);
  }, [data, coordinator, outcomes, field, text]);

  nextDoor.current = () => {
    const door = talking.current;
    if (!door || !hasList) return false;
    talking.current = undefined;
    onFormShown(false);
    listRef.current?.goNextAfter(door.id);
    return true;
  };

  const pending = useMemo(() => visits.filter((v) => v.turfId === turfId), [visits, turfId]);

  if (!hasList) return null;
  if (formShown) {
    return (
      <p className="walk-back">
        <button type="button" className="button button--secondary" onClick={() => onFormShown(false)}>
          <span aria-hidden="true">← </span>
          {text.backToList}
        </button>
      </p>
    );
  }
  if (!data) {
    return turf.isError ? (
      <div className="status-panel">
        <p role="alert">{text.unavailable}</p>
        <button className="button button--primary" type="button" onClick={() => void turf.refetch()}>
          {text.retry}
        </button>
      </div>
    ) : (
      <p role="status">{text.loading}</p>
    );
  }

  const onRecord: WalkListScreenProps['onRecord'] = (door, outcome) => {
    const at = new Date();
    const key = newIdempotencyKey();
    const visit = { door: door.id, outcome: outcome.value, at: at.toISOString() };
    // Written to the outbox just after the frame that shows the next door, not before it: the
    // transaction and its structured clone were a quarter of a tap's work on a slow phone. At
    // most a moment later (WRITE_WITHIN_MS), so that a page hidden at once still keeps it.
    const queued = afterNextPaintOrSoon(WRITE_WITHIN_MS).then(() =>
      coordinator.recordVisit({
        key,
        turfId: data.id,
        visit,
        label: `${doorLabel(door.address, text)} · ${outcome.label}`,
        notBefore: at.getTime() + VISIT_HOLD_MS,
      }),
    );
    return { visit: { ...visit, key, turfId: data.id }, queued, undo: () => queued.then(() => coordinator.withdrawVisit(key)) };
  };

  const onConversation: WalkListScreenProps['onConversation'] = (door, outcome) => {
    talking.current = door;
    const values = emptyContactFormValues(campaign);
    values.address = { ...values.address, ...doorContactAddress(door.address) };
    values.answers[fieldKey('name_presences', field)] = outcome.value;
    onFormShown(true);
    void coordinator.startContact(values);
  };

  return (
    <Suspense fallback={<p role="status">{text.loading}</p>}>
      <WalkListScreen
        key={data.id}
        ref={listRef}
        turf={data}
        outcomes={outcomes}
        pending={pending}
        lang={campaign.language}
        onRecord={onRecord}
        onConversation={onConversation}
        onFreeForm={() => {
          talking.current = undefined;
          onFormShown(true);
        }}
        others={list.filter((t) => t.id !== data.id)}
        onChooseTurf={setChosen}
      />
    </Suspense>
  );
}
