import { useEffect, useId, useRef, useState } from 'react';
import { formatAgo, formatDuration } from '@client/lib/format-time';
import type { OutboxError } from '@client/lib/local-db';
import { useUiLanguage } from '@client/lib/ui-language';
import { UndoToast, useUndo } from '@client/components/undo-toast';
import { ConfirmWarning } from '@client/components/confirm-warning';
import { useOutboxText } from './outbox-text';
import '@client/components/dialog.css';
import './outbox.css';

export type OutboxItemState = 'waiting' | 'sending' | 'needs-attention' | 'paused';

export interface OutboxListing {
  key: string;
  /** A visit has no form to fix it in: it is only discarded. */
  kind: 'contact' | 'visit';
  /** Who and where ("Marie Dupont · 12 rue Béchevelin"); empty when nothing names the contact. */
  description: string;
  state: OutboxItemState;
  attempts: number;
  createdAt: number;
  nextAttemptAt: number;
  lastError: OutboxError | undefined;
  /** A fix of it is open in another tab: fixed there, not here (nor discarded under its feet). */
  fixingElsewhere: boolean;
}

export interface OutboxViewProps {
  items: readonly OutboxListing[];
  now: number;
  onClose: () => void;
  onFix: (key: string) => void;
  /** Deletes a contact that needs fixing (asked first) and gives back the way to put it back;
   * undefined when it was not deleted (queued again meanwhile). */
  onDiscard: (key: string) => Promise<(() => Promise<void>) | undefined>;
  onSendNow: () => void;
  onExport: () => void;
  /** Items of other canvassers waiting on this device (a shared tablet): counted, never listed. */
  others?: { contacts: number; doors: number } | undefined;
}

function ErrorText({ error }: { error: OutboxError }) {
  const text = useOutboxText();
  if (error.status === 0) return <>{text.noAnswer}</>;
  return (
    <>
      {`${error.status} · ${error.title}`}
      {error.detail && <> — {error.detail}</>}
      {error.errors && error.errors.length > 0 && (
        <ul className="outbox-item__errors">
          {error.errors.map((e, i) => (
            <li key={i}>
              <code>{e.location.replace(/^body\.data\./, '')}</code>: {e.message}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** In place of Fix and Discard while another tab fixes the contact. Fix pressed here just as that
 * tab took it removes the button that had the focus: the focus comes here, and this is read out. */
function FixingElsewhere({ text }: { text: string }) {
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    const active = document.activeElement;
    if (!active || active === document.body || active === ref.current?.closest('dialog')) ref.current?.focus();
  }, []);
  return (
    <p ref={ref} className="field-hint" tabIndex={-1}>
      {text}
    </p>
  );
}

/** Each unsent contact, its state, its tries and the server's last answer; a refused one opens
 * in the form to be fixed, or is discarded (asked first, with Undo). A modal dialog: the form
 * beneath stays as it was. */
export function OutboxView({ items, now, onClose, onFix, onDiscard, onSendNow, onExport, others }: OutboxViewProps) {
  const text = useOutboxText();
  const language = useUiLanguage();
  const ref = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  const [asking, setAsking] = useState<{ key: string; what: string }>();
  // Inside the dialog, not in the page: everything outside a modal dialog is inert.
  const [undo, setUndo] = useUndo();

  async function discard(key: string, what: string) {
    const restore = await onDiscard(key);
    if (restore) setUndo({ message: text.discarded(what), run: restore });
  }

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={headingId}
      onClose={(event) => {
        if (event.target === event.currentTarget) onClose();
      }}
    >
      <h2 id={headingId} className="dialog__heading">
        {text.dialogHeading}
      </h2>
      <p className="field-hint">{text.dialogLead}</p>
      {others && others.contacts + others.doors > 0 && (
        <p className="outbox-others" data-testid="outbox-others">
          {text.othersWaiting(others.contacts, others.doors)}
        </p>
      )}
      {items.length === 0 ? (
        <p>{text.empty}</p>
      ) : (
        <ol className="outbox-view__list">
          {items.map((item) => {
            const what = item.description || text.unnamed;
            const due = item.nextAttemptAt - now;
            return (
              <li key={item.key} className={`outbox-item outbox-item--${item.state}`} aria-label={what}>
                <p className="outbox-item__what">
                  <strong>{what}</strong> <span className="outbox-item__state">{text.state[item.state]}</span>
                </p>
                <p className="outbox-item__facts">
                  {[
                    text.queuedAgo(formatAgo(now - item.createdAt, language)),
                    text.attempts(item.attempts),
                    ...(item.state === 'waiting' && item.attempts > 0
                      ? [due > 0 ? text.nextTry(formatDuration(due, language)) : text.nextTryNow]
                      : []),
                  ].join(' · ')}
                </p>
                {item.lastError && (
                  <div className="outbox-item__error">
                    {text.lastError}: <ErrorText error={item.lastError} />
                  </div>
                )}
                {item.state === 'needs-attention' && item.fixingElsewhere && <FixingElsewhere text={text.fixingElsewhere} />}
                {item.state === 'needs-attention' && !item.fixingElsewhere && (
                  <div className="outbox-item__actions">
                    {item.kind === 'contact' && (
                      <button
                        className="button button--primary"
                        type="button"
                        aria-label={text.fixLabel(what)}
                        onClick={() => onFix(item.key)}
                      >
                        {text.fix}
                      </button>
                    )}
                    <button
                      className="button button--secondary"
                      type="button"
                      aria-label={text.discardLabel(what)}
                      onClick={() => setAsking({ key: item.key, what })}
                    >
                      {text.discard}
                    </button>
                  </div>
                )}
              </li>
            );
          })}
        </ol>
      )}
      <div className="dialog__actions">
        {items.some((i) => i.state === 'waiting') && (
          <button className="button button--primary" type="button" onClick={onSendNow}>
            {text.sendNow}
          </button>
        )}
        <button className="button button--secondary" type="button" onClick={onExport} title={text.exportHint}>
          {text.export}
        </button>
        <button className="button button--secondary" type="button" onClick={() => ref.current?.close()}>
          {text.close}
        </button>
      </div>
      {asking && (
        <ConfirmWarning
          heading={text.discardHeading}
          body={text.discardBody(asking.what)}
          keepLabel={text.discardKeep}
          confirmLabel={text.discardConfirm}
          onAnswer={(yes) => {
            setAsking(undefined);
            if (yes) void discard(asking.key, asking.what);
          }}
        />
      )}
      <UndoToast offer={undo} undoLabel={text.undo} onDone={() => setUndo(undefined)} takeFocus />
    </dialog>
  );
}
