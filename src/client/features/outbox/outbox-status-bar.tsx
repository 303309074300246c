import { formatClock, formatDuration } from '@client/lib/format-time';
import { useUiLanguage } from '@client/lib/ui-language';
import type { OutboxSyncState } from './outbox-sync';
import { useOutboxText } from './outbox-text';
import './outbox.css';

export interface OutboxStatusBarProps {
  state: OutboxSyncState;
  now: number;
  onSendNow: () => void;
  onOpen: () => void;
  onExport: () => void;
  /** Something to export: unsent contacts, or drafts. */
  canExport: boolean;
}

/** Always on screen: how many contacts wait, how old the oldest is, when the last one went, and
 * the ways to act on them. A canvasser must never wonder whether the street's work is safe. */
export function OutboxStatusBar({ state, now, onSendNow, onOpen, onExport, canExport }: OutboxStatusBarProps) {
  const text = useOutboxText();
  const language = useUiLanguage();
  const { waiting, visits, needsAttention, oldestCreatedAt, lastSentAt, others, otherVisits } = state.summary;
  // Doors and contacts told apart once there are doors: a door is not a person's details.
  const parts = [
    state.loaded ? text.waiting(waiting) + (visits > 0 ? ` (${text.waitingOf(visits, waiting - visits)})` : '') : text.checking,
  ];
  if (oldestCreatedAt !== undefined) parts.push(text.oldest(formatDuration(now - oldestCreatedAt, language)));
  if (lastSentAt !== undefined) parts.push(text.lastSent(formatClock(lastSentAt, language, now)));
  if (state.sending.size > 0) parts.push(text.sending);

  return (
    <section className="outbox-bar" aria-label={text.label}>
      <p className="outbox-bar__counts" data-testid="outbox-counts">
        {parts.join(' · ')}
        {needsAttention > 0 && (
          <>
            {' · '}
            <strong className="outbox-bar__attention">{text.needsAttention(needsAttention)}</strong>
          </>
        )}
      </p>
      {/* A shared tablet: what others left waits here too, said as a count only. */}
      {others > 0 && (
        <p className="outbox-bar__others" data-testid="outbox-bar-others">
          {text.othersWaiting(others - otherVisits, otherVisits)}
        </p>
      )}
      {state.waitingForSignIn && waiting > 0 && (
        <p className="outbox-bar__paused" role="alert">
          {text.paused}
        </p>
      )}
      <div className="outbox-bar__actions">
        {waiting > needsAttention && (
          <button className="button button--primary" type="button" onClick={onSendNow}>
            {text.sendNow}
          </button>
        )}
        {waiting > 0 && (
          <button className="button button--secondary" type="button" onClick={onOpen}>
            {text.details}
          </button>
        )}
        {canExport && (
          <button className="button button--secondary" type="button" onClick={onExport} title={text.exportHint}>
            {text.export}
          </button>
        )}
      </div>
    </section>
  );
}
