import { useEffect, useRef } from 'react';
import type { ContactFormText } from './contact-form-text';

export interface SentConfirmationProps {
  text: ContactFormText;
  /** Who and where, so the canvasser sees which contact went. */
  summary: string;
  /** Reached the server already; until then it is kept on the device and sent by itself. */
  delivered: boolean;
  onNextDoor: () => void;
  onSameHousehold: () => void;
}

/** Shown once the contact is safe on the device, and updated when the server has taken it: what
 * went, then the two ways on. The canvasser never waits for the network to move on. */
export function SentConfirmation({ text, summary, delivered, onNextDoor, onSameHousehold }: SentConfirmationProps) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  // The form that held the focus is gone: screen readers start again at the news.
  useEffect(() => headingRef.current?.focus(), []);
  return (
    <section className="sent" aria-labelledby="sent-heading">
      <h2 className="sent__heading" id="sent-heading" ref={headingRef} tabIndex={-1}>
        <span className="sent__mark" aria-hidden="true">
          ✓
        </span>
        {delivered ? text.sent : text.saved}
      </h2>
      {summary && <p className="sent__who">{summary}</p>}
      <p>{delivered ? text.sentLead : text.savedLead}</p>
      <div className="sent__actions">
        <div>
          <button className="button button--primary button--wide" type="button" onClick={onNextDoor} aria-describedby="next-door-hint">
            {text.nextDoor}
          </button>
          <p className="field-hint" id="next-door-hint">
            {text.nextDoorHint}
          </p>
        </div>
        <div>
          <button
            className="button button--secondary button--wide"
            type="button"
            onClick={onSameHousehold}
            aria-describedby="same-household-hint"
          >
            {text.sameHousehold}
          </button>
          <p className="field-hint" id="same-household-hint">
            {text.sameHouseholdHint}
          </p>
        </div>
      </div>
    </section>
  );
}
