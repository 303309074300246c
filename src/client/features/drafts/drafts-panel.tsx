import { formatAgo } from '@client/lib/format-time';
import { useUiLanguage } from '@client/lib/ui-language';
import { UndoToast, useUndo } from '@client/components/undo-toast';
import { useDraftsText } from './drafts-text';
import './drafts-panel.css';

export interface DraftListing {
  id: string;
  /** Who and where, from the draft's values ("Marie Dupont · 12 rue Béchevelin"); empty when
   * nothing names it yet. */
  description: string;
  updatedAt: number;
  /** False for a draft this version of the form cannot open: listed, kept, exported, never lost. */
  readable: boolean;
  /** Another tab of the app has it in its form: resuming it here would have the two overwrite
   * each other, so it cannot be resumed (nor discarded) here until that tab lets it go. */
  openElsewhere: boolean;
  /** It is the fix of a contact that needs fixing: sent, it replaces that contact. */
  fixing: boolean;
}

export interface DraftsPanelProps {
  /** The drafts other than the one in the form, the most recent first. */
  drafts: readonly DraftListing[];
  now: number;
  onResume: (id: string) => void;
  /** Deletes the draft and gives back the way to put it back. */
  onDiscard: (id: string) => Promise<(() => Promise<void>) | undefined>;
  onNewContact: () => void;
  /** The form holds something worth keeping: starting a new contact keeps it as a draft. */
  canStartNew: boolean;
  /** Drafts of other canvassers kept on this device (a shared tablet): a count, never content. */
  othersCount?: number | undefined;
}

/** The contacts begun on this device and not sent yet: resume one, discard one (with undo), or
 * put the one in the form aside and start another. */
export function DraftsPanel({ drafts, now, onResume, onDiscard, onNewContact, canStartNew, othersCount = 0 }: DraftsPanelProps) {
  const text = useDraftsText();
  const language = useUiLanguage();
  const [undo, setUndo] = useUndo();

  async function discard(draft: DraftListing, what: string) {
    const restore = await onDiscard(draft.id);
    if (restore) setUndo({ message: text.discarded(what), run: restore });
  }

  return (
    <>
      {othersCount > 0 && (
        <p className="drafts__others" data-testid="drafts-others">
          {text.othersDrafts(othersCount)}
        </p>
      )}
      {(drafts.length > 0 || canStartNew) && (
        <section className="drafts" aria-labelledby="drafts-heading">
          {drafts.length > 0 && (
            <>
              <h2 className="drafts__heading" id="drafts-heading">
                {text.heading(drafts.length)}
              </h2>
              <p className="field-hint">{text.lead}</p>
              <ul className="drafts__list">
                {drafts.map((draft) => {
                  const what = draft.readable ? draft.description || text.unnamed : text.unreadable;
                  return (
                    <li key={draft.id} className="drafts__item">
                      <p className="drafts__what">
                        <strong>{what}</strong>{' '}
                        <span className="drafts__age">{text.edited(formatAgo(now - draft.updatedAt, language))}</span>
                        {draft.fixing && <span className="drafts__fixing">{text.fixing}</span>}
                      </p>
                      {draft.openElsewhere ? (
                        <p className="drafts__elsewhere">{text.openElsewhere}</p>
                      ) : (
                        <div className="drafts__actions">
                          {draft.readable && (
                            <button
                              className="button button--primary"
                              type="button"
                              aria-label={text.resumeLabel(what)}
                              onClick={() => onResume(draft.id)}
                            >
                              {text.resume}
                            </button>
                          )}
                          <button
                            className="button button--secondary"
                            type="button"
                            aria-label={text.discardLabel(what)}
                            onClick={() => void discard(draft, what)}
                          >
                            {text.discard}
                          </button>
                        </div>
                      )}
                    </li>
                  );
                })}
              </ul>
            </>
          )}
          {canStartNew && (
            <div className="drafts__new">
              <button className="button button--secondary" type="button" onClick={onNewContact} aria-describedby="drafts-new-hint">
                {text.newContact}
              </button>
              <p className="field-hint" id="drafts-new-hint">
                {text.newContactHint}
              </p>
            </div>
          )}
        </section>
      )}
      <UndoToast offer={undo} undoLabel={text.undo} onDone={() => setUndo(undefined)} />
    </>
  );
}
