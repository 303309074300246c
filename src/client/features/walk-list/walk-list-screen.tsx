import {
  memo,
  type Ref,
  startTransition,
  useCallback,
  useDeferredValue,
  useEffect,
  useId,
  useImperativeHandle,
  useMemo,
  useRef,
  useState,
} from 'react';
import type { WalkListOutcome } from '@shared/campaign-schema';
import { type DoorState, type DoorVisitState, type Turf, type TurfDoor, visitsProgress } from '@shared/turf-schema';
import { UndoToast, useUndo } from '@client/components/undo-toast';
import { whenIdle } from '@client/lib/when-idle';
import { doorLabel, doorNumber, flatLabel } from './door-label';
import { type DoorFilter, doorState, filterDoors } from './filter-doors';
import { countDoors } from './count-doors';
import { groupDoors, type ListEntry, type StreetGroup } from './group-doors';
import { type LocalVisit, mergeVisits } from './merge-visits';
import { nearestDoor, type Position } from './nearest-door';
import { nextDoor } from './next-door';
import { VISIT_UNDO_MS } from './visit-undo';
import { useWalkListText, type WalkListText } from './walk-list-text';
import './walk-list.css';

/** A visit being recorded: shown at once, kept durably by `queued`, taken back by `undo` (false
 * once it may have reached the server). */
export interface RecordedVisit {
  visit: LocalVisit;
  queued: Promise<void>;
  undo: () => Promise<boolean>;
}

export interface WalkListHandle {
  /** After a conversation at `doorId`: on to the next door of the list. */
  goNextAfter(doorId: string): void;
}

export interface WalkListScreenProps {
  turf: Turf;
  outcomes: readonly WalkListOutcome[];
  /** This device's visits still in the outbox (some may have been recorded before a reload). */
  pending: readonly LocalVisit[];
  /** A door with no conversation: one tap. */
  onRecord: (door: TurfDoor, outcome: WalkListOutcome) => RecordedVisit;
  /** An outcome with a conversation: the form opens on the door. */
  onConversation: (door: TurfDoor, outcome: WalkListOutcome) => void;
  onFreeForm: () => void;
  /** The device's position (the browser's geolocation). */
  locate?: () => Promise<Position>;
  /** Other turfs of the canvasser, to switch to. */
  others?: readonly { id: string; name: string }[];
  onChooseTurf?: (id: string) => void;
  /** The campaign's language: the outcomes' labels are written in it. */
  lang?: string;
  ref?: Ref<WalkListHandle>;
}

/** Doors in the list's first render: more than a phone's screenful, few enough for the first
 * paint of a 2,000-door turf to come at once on a slow phone. The rest follows in chunks, each a
 * render of its own that gives way to a tap or a keystroke. */
export const FIRST_DOORS = 40;
const MORE_DOORS = 200;
/** The pause in typing after which the list follows the search. */
const SEARCH_SETTLE_MS = 150;

const locateWithBrowser = () =>
  new Promise<Position>((resolve, reject) =>
    navigator.geolocation.getCurrentPosition((p) => resolve(p.coords), reject, {
      enableHighAccuracy: true,
      timeout: 15_000,
      maximumAge: 30_000,
    }),
  );

/** The turf a canvasser works door by door: the door at hand with its outcomes as one-tap tiles,
 * then every door in walking order, by street and building, with its state. */
export function WalkListScreen(props: WalkListScreenProps) {
  const { turf, outcomes, pending, onRecord, onConversation, onFreeForm, locate = locateWithBrowser } = props;
  const text = useWalkListText();
  const headingId = useId();
  const cardHeading = useRef<HTMLHeadingElement>(null);
  const [filter, setFilter] = useState<DoorFilter>('left');
  const [query, setQuery] = useState('');
  const [notice, setNotice] = useState('');
  const [undo, setUndo] = useUndo(VISIT_UNDO_MS);

  // Visits recorded by this page: shown at once, and still after they have left the outbox, until
  // the server's copy of the turf (fetched again after each drain) has them. Keys once seen in the
  // outbox and gone from it are sent: the server's count has them.
  const [recorded, setRecorded] = useState<LocalVisit[]>([]);
  const everPending = useRef(new Set<string>());
  const pendingKeys = useMemo(() => new Set(pending.map((v) => v.key)), [pending]);
  for (const key of pendingKeys) everPending.current.add(key);
  const stateOf = useMemo(() => {
    const states = new Map(outcomes.map((o) => [o.value, o.state]));
    return (outcome: string): DoorState => states.get(outcome) ?? 'done';
  }, [outcomes]);
  const visits = useMemo(() => {
    const local = new Map<string, LocalVisit>();
    for (const v of [...recorded, ...pending]) local.set(v.key, v);
    const ordered = [...local.values()].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    return mergeVisits(turf.visits, ordered, turf.id, stateOf, (v) => everPending.current.has(v.key) && !pendingKeys.has(v.key));
  }, [recorded, pending, pendingKeys, turf, stateOf]);

  // The door at hand: the one chosen (a row, the nearest, the next after a tap); none chosen yet,
  // the first left to do, which follows the visits as they are read (a reload finds this device's
  // own visits in the outbox a moment after the turf).
  const [currentId, setCurrentId] = useState<string>();
  const current = useMemo(
    () => (currentId === undefined ? nextDoor(turf.doors, visits) : turf.doors.find((d) => d.id === currentId)),
    [currentId, turf.doors, visits],
  );

  // What a tap changes first is the door at hand: that frame comes at once. The list, its counts
  // and the progress (passes over every door of the turf, and the layout of the rows that moved)
  // follow in a render that React does after that paint and gives up for the next tap
  // (https://react.dev/reference/react/useDeferredValue). The search is SearchField's.
  const listVisits = useDeferredValue(visits);
  const listCurrentId = useDeferredValue(current?.id);

  const groups = useMemo(() => groupDoors(turf.doors), [turf.doors]);
  // A long list renders its first doors, then the rest a chunk at a time while the page is idle;
  // a new filter or search starts again from the top. A tap changes neither: the rows already
  // rendered stay, and only those whose state or place changed render again.
  const [limit, setLimit] = useState(FIRST_DOORS);
  const [limitFor, setLimitFor] = useState({ filter, query });
  if (limitFor.filter !== filter || limitFor.query !== query) {
    setLimitFor({ filter, query });
    setLimit(FIRST_DOORS);
  }
  const rendered = useMemo(() => filterDoors(groups, listVisits, filter, query, limit), [groups, listVisits, filter, query, limit]);
  // Cut at the limit: there may be more to show.
  const more = useMemo(() => countDoors(rendered) >= limit, [rendered, limit]);
  useEffect(() => {
    if (!more) return;
    return whenIdle(() => startTransition(() => setLimit((l) => l + MORE_DOORS)), { timeoutMs: 200, fallbackMs: 16 });
  }, [more, limit]);
  const progress = useMemo(() => visitsProgress(turf.doors.length, listVisits), [turf.doors.length, listVisits]);

  const goTo = useCallback((id: string | undefined) => {
    setCurrentId(id ?? '');
    // The door at hand is where the next tap goes: the keyboard and screen readers go there too.
    // After the frame that shows it: focusing forces a style and layout pass, which would
    // otherwise come before that frame's paint.
    requestAnimationFrame(() => setTimeout(() => cardHeading.current?.focus(), 0));
  }, []);

  useImperativeHandle(props.ref, () => ({ goNextAfter: (doorId) => goTo(nextDoor(turf.doors, visits, doorId)?.id) }));

  function choose(door: TurfDoor, outcome: WalkListOutcome) {
    if (outcome.conversation) {
      onConversation(door, outcome);
      return;
    }
    const label = doorLabel(door.address, text);
    const { visit, queued, undo: takeBack } = onRecord(door, outcome);
    setRecorded((r) => [...r, visit]);
    const assumed: DoorVisitState = { outcome: outcome.value, state: outcome.state, at: visit.at, visits: 1 };
    goTo(nextDoor(turf.doors, { ...visits, [door.id]: assumed }, door.id)?.id);
    setNotice('');
    setUndo({
      message: text.recorded(label, outcome.label),
      run: async () => {
        const withdrawn = await takeBack();
        if (!withdrawn) return setNotice(text.notUndone);
        setRecorded((r) => r.filter((v) => v.key !== visit.key));
        goTo(door.id);
        setNotice(text.undone(label));
      },
    });
    queued.catch(() => {
      setRecorded((r) => r.filter((v) => v.key !== visit.key));
      setUndo(undefined);
      goTo(door.id);
      setNotice(text.notKept);
    });
  }

  async function findNearest() {
    setNotice(text.locating);
    try {
      const here = await locate();
      const left = (door: TurfDoor) => ['todo', 'absent'].includes(doorState(visits, door.id));
      const found = nearestDoor(turf.doors, here, left);
      if (!found) return setNotice(text.nearestNone);
      goTo(found.door.id);
      setNotice(text.nearestFound(doorLabel(found.door.address, text), Math.round(found.metres)));
    } catch {
      setNotice(text.nearestFailed);
    }
  }

  // The rows, built again only when what they show changes, not for a render of the card alone.
  const list = useMemo(
    () =>
      rendered.length === 0 ? (
        <p>{text.noMatch}</p>
      ) : (
        rendered.map((group) => (
          <Street
            key={group.key}
            group={group}
            headingId={headingId}
            visits={listVisits}
            states={group.entries.map((entry) => entryStates(entry, listVisits)).join(';')}
            currentId={group.entries.some((entry) => entryHolds(entry, listCurrentId)) ? listCurrentId : undefined}
            text={text}
            onChoose={goTo}
          />
        ))
      ),
    [rendered, headingId, listVisits, listCurrentId, text, goTo],
  );

  const state = current ? doorState(visits, current.id) : undefined;
  const count = current ? (visits[current.id]?.visits ?? 0) : 0;

  return (
    <section className="walk" aria-labelledby={headingId}>
      <div className="walk__top">
        <h2 id={headingId} className="walk__name">
          {turf.name}
        </h2>
        <p className="walk__progress" data-testid="walk-progress">
          <strong>{text.progress(progress.visited, progress.doors)}</strong>
          {progress.byState.absent > 0 && ` · ${text.again(progress.byState.absent)}`}
        </p>
        <progress
          className="walk__bar"
          max={progress.doors || 1}
          value={progress.visited}
          aria-label={text.progress(progress.visited, progress.doors)}
        />
      </div>

      <section className="walk-door" aria-labelledby={`${headingId}-door`} data-testid="current-door" data-door={current?.id}>
        {current ? (
          <>
            <h3 id={`${headingId}-door`} className="walk-door__heading" ref={cardHeading} tabIndex={-1}>
              <span className="walk-door__kicker">{text.currentDoor}</span> {doorLabel(current.address, text)}
            </h3>
            <p className="walk-door__state">
              <StateBadge state={state!} text={text} />
              {count > 0 && ` · ${text.visits(count)}`}
            </p>
            {state === 'absent' && <p className="field-hint">{text.secondPass}</p>}
            <div className="walk-door__tiles" role="group" aria-label={text.outcomes}>
              {outcomes.map((outcome) => (
                <button
                  key={outcome.value}
                  type="button"
                  className={outcome.conversation ? 'walk-tile walk-tile--talk' : 'walk-tile'}
                  lang={props.lang}
                  onClick={() => choose(current, outcome)}
                >
                  {outcome.label}
                </button>
              ))}
            </div>
          </>
        ) : (
          <h3 id={`${headingId}-door`} className="walk-door__heading" ref={cardHeading} tabIndex={-1}>
            {text.allDone}
          </h3>
        )}
        <UndoToast offer={undo} undoLabel={text.undo} onDone={() => setUndo(undefined)} />
        <p className="walk__notice" role="status">
          {notice}
        </p>
      </section>

      <div className="walk__tools">
        <fieldset className="walk__filter">
          <legend className="field-label">{text.filter}</legend>
          {(['left', 'again', 'all'] as const).map((f) => (
            <label key={f} className="walk__choice">
              <input type="radio" name={`${headingId}-filter`} value={f} checked={filter === f} onChange={() => setFilter(f)} />
              <span>{text.filters[f]}</span>
            </label>
          ))}
        </fieldset>
        <SearchField id={`${headingId}-search`} label={text.search} hint={text.searchHint} onSearch={setQuery} />
        <div className="walk__actions">
          <button type="button" className="button button--secondary" onClick={() => void findNearest()}>
            {text.nearest}
          </button>
          <button type="button" className="button button--secondary" onClick={onFreeForm}>
            {text.freeForm}
          </button>
        </div>
      </div>

      {list}

      {props.others && props.others.length > 0 && (
        <nav className="walk__others" aria-label={text.otherTurfs}>
          <h3>{text.otherTurfs}</h3>
          <ul>
            {props.others.map((t) => (
              <li key={t.id}>
                <button type="button" className="button button--quiet" onClick={() => props.onChooseTurf?.(t.id)}>
                  {t.name}
                </button>
              </li>
            ))}
          </ul>
        </nav>
      )}
    </section>
  );
}

interface SearchFieldProps {
  id: string;
  label: string;
  hint: string;
  /** The search, once the typing pauses; in a transition. */
  onSearch: (query: string) => void;
}

// The field is uncontrolled: what is typed stays in the DOM, so a keystroke renders nothing in
// React (holding it in state cost a render of the field per key: bench/README.md, stop 23); the
// list follows once the typing pauses (SEARCH_SETTLE_MS), rather than filtering a long turf
// again and laying out its rows between two keystrokes.
const SearchField = memo(function SearchField({ id, label, hint, onSearch }: SearchFieldProps) {
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  return (
    <div className="walk__search">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        className="field-input"
        type="search"
        defaultValue=""
        autoComplete="off"
        aria-describedby={`${id}-hint`}
        onChange={(e) => {
          const next = e.target.value;
          clearTimeout(timer.current);
          timer.current = setTimeout(() => startTransition(() => onSearch(next)), SEARCH_SETTLE_MS);
        }}
      />
      <p className="field-hint" id={`${id}-hint`}>
        {hint}
      </p>
    </div>
  );
});

const entryKey = (entry: ListEntry) => (entry.kind === 'door' ? entry.door.id : `b${entry.key}`);

function StateBadge({ state, text }: { state: DoorState; text: WalkListText }) {
  return <span className={`walk-state walk-state--${state}`}>{text.state[state]}</span>;
}

interface StreetProps {
  group: StreetGroup;
  headingId: string;
  visits: Record<string, DoorVisitState>;
  /** The states of the street's doors, as one string: what `visits` means for this street. */
  states: string;
  /** The door at hand, when it is in this street. */
  currentId: string | undefined;
  text: WalkListText;
  onChoose: (id: string) => void;
}

// A tap changes one or two streets of a turf (the door's, the next door's): the others do not
// render again, nor do their rows get compared one by one.
const Street = memo(
  function Street({ group, headingId, visits, currentId, text, onChoose }: StreetProps) {
    return (
      <section className="walk-street" aria-labelledby={`${headingId}-s${group.key}`}>
        <h3 className="walk-street__name" id={`${headingId}-s${group.key}`}>
          {group.street}
        </h3>
        <ul className="walk-street__doors">
          {group.entries.map((entry) => (
            <Entry
              key={entryKey(entry)}
              entry={entry}
              visits={visits}
              states={entryStates(entry, visits)}
              currentId={entryHolds(entry, currentId) ? currentId : undefined}
              text={text}
              onChoose={onChoose}
            />
          ))}
        </ul>
      </section>
    );
  },
  (a, b) =>
    a.group === b.group &&
    a.states === b.states &&
    a.currentId === b.currentId &&
    a.headingId === b.headingId &&
    a.text === b.text &&
    a.onChoose === b.onChoose,
);

const entryStates = (entry: ListEntry, visits: Record<string, DoorVisitState>) =>
  entry.kind === 'door' ? doorState(visits, entry.door.id) : entry.doors.map((d) => doorState(visits, d.id)).join();
const entryHolds = (entry: ListEntry, id: string | undefined) =>
  id !== undefined && (entry.kind === 'door' ? entry.door.id === id : entry.doors.some((d) => d.id === id));

interface EntryProps {
  entry: ListEntry;
  visits: Record<string, DoorVisitState>;
  /** The states of the entry's doors, as one string: what `visits` means for this entry. */
  states: string;
  /** The door at hand, when it is this entry's. */
  currentId: string | undefined;
  text: WalkListText;
  onChoose: (id: string) => void;
}

// After a tap `visits` is a new object for every entry, but `states` and `currentId` change only
// for the entries the tap touched: those alone render again, not 2,000 of them.
const Entry = memo(
  function Entry({ entry, visits, currentId, text, onChoose }: EntryProps) {
    if (entry.kind === 'door') {
      const { door } = entry;
      const flat = flatLabel(door.address, text);
      return (
        <DoorRow
          door={door}
          label={flat ? `${doorNumber(door.address, text)}, ${flat}` : doorNumber(door.address, text)}
          state={doorState(visits, door.id)}
          current={door.id === currentId}
          text={text}
          onChoose={onChoose}
        />
      );
    }
    const left = entry.doors.filter((d) => ['todo', 'absent'].includes(doorState(visits, d.id))).length;
    const holdsCurrent = entry.doors.some((d) => d.id === currentId);
    return (
      <li className="walk-building">
        <details open={holdsCurrent || undefined}>
          <summary className="walk-building__summary">
            <span className="walk-row__number">{doorNumber(entry.address, text)}</span>
            <span>{text.flats(entry.doors.length, left)}</span>
          </summary>
          <ul className="walk-street__doors">
            {entry.doors.map((door) => (
              <DoorRow
                key={door.id}
                door={door}
                label={flatLabel(door.address, text) || doorNumber(door.address, text)}
                state={doorState(visits, door.id)}
                current={door.id === currentId}
                text={text}
                onChoose={onChoose}
              />
            ))}
          </ul>
        </details>
      </li>
    );
  },
  (a, b) => a.entry === b.entry && a.states === b.states && a.currentId === b.currentId && a.text === b.text && a.onChoose === b.onChoose,
);

interface DoorRowProps {
  door: TurfDoor;
  label: string;
  state: DoorState;
  current: boolean;
  text: WalkListText;
  onChoose: (id: string) => void;
}

// One row per door: only the rows whose state or place changed render again after a tap.
const DoorRow = memo(function DoorRow({ door, label, state, current, text, onChoose }: DoorRowProps) {
  return (
    <li>
      <button
        type="button"
        className={current ? 'walk-row walk-row--current' : 'walk-row'}
        aria-current={current ? 'location' : undefined}
        data-door={door.id}
        onClick={() => onChoose(door.id)}
      >
        <span className="walk-row__number">{label}</span>
        <StateBadge state={state} text={text} />
      </button>
    </li>
  );
});
