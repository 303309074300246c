import { useEffect, useRef, useState } from 'react';
import './undo-toast.css';

// Deleting something kept on the device (a draft, a contact that needs fixing) is offered back
// for a few seconds rather than asked about twice: the toast says what went, with Undo.

export const UNDO_MS = 10_000;

export interface UndoOffer {
  /** What the toast says ("Draft discarded: Marie Dupont"). */
  message: string;
  /** Puts back what was deleted. */
  run: () => Promise<void>;
}

/** The offer on screen, if any, and the way to make one; each offer goes after `ms`. */
export function useUndo(ms = UNDO_MS): [UndoOffer | undefined, (offer: UndoOffer | undefined) => void] {
  const [offer, setOffer] = useState<UndoOffer>();
  useEffect(() => {
    if (!offer) return;
    const timer = setTimeout(() => setOffer(undefined), ms);
    return () => clearTimeout(timer);
  }, [offer, ms]);
  return [offer, setOffer];
}

export interface UndoToastProps {
  offer: UndoOffer | undefined;
  /** "Undo", in the language shown. */
  undoLabel: string;
  /** Undo was pressed: the offer is spent. */
  onDone: () => void;
  /** The Undo button takes the focus when the offer appears: the control that was pressed to
   * delete is gone with what it deleted, and focus must not fall to the page beneath a dialog. */
  takeFocus?: boolean;
}

export function UndoToast({ offer, undoLabel, onDone, takeFocus = false }: UndoToastProps) {
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (offer && takeFocus) button.current?.focus();
  }, [offer, takeFocus]);
  return (
    // Always in the page, so that screen readers hear it when its text arrives.
    <div className="toast" role="status">
      {offer && (
        <>
          <span>{offer.message}</span>
          <button
            ref={button}
            className="button button--secondary"
            type="button"
            onClick={() => {
              void offer.run();
              onDone();
            }}
          >
            {undoLabel}
          </button>
        </>
      )}
    </div>
  );
}
