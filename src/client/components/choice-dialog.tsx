import { useEffect, useId, useRef } from 'react';
import './dialog.css';

export interface Choice<T extends string> {
  value: T;
  label: string;
}

/** A question with more than a yes or a no (signing out: stay, keep, or export and remove). The
 * first choice is the safe one: first, focused, and the answer to Escape, so that a key pressed
 * out of habit changes nothing. A modal alert dialog: the page beneath is inert meanwhile. */
export function ChoiceDialog<T extends string>(props: {
  heading: string;
  /** Paragraphs, each its own. */
  body: readonly string[];
  choices: readonly [Choice<T>, ...Choice<T>[]];
  onAnswer: (answer: T) => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const first = useRef<HTMLButtonElement>(null);
  const headingId = useId();
  const bodyId = useId();
  const answered = useRef(false);
  const safe = props.choices[0].value;

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    first.current?.focus();
    return () => dialog?.close();
  }, []);

  const answer = (value: T) => {
    if (answered.current) return;
    answered.current = true;
    // Closed before it goes, so that the browser gives the focus back to what opened it.
    if (ref.current?.open) ref.current.close();
    props.onAnswer(value);
  };

  return (
    <dialog
      ref={ref}
      className="dialog"
      role="alertdialog"
      aria-labelledby={headingId}
      aria-describedby={bodyId}
      onClose={(event) => {
        event.stopPropagation();
        answer(safe);
      }}
      onCancel={(event) => event.stopPropagation()}
    >
      <h2 id={headingId} className="dialog__heading">
        {props.heading}
      </h2>
      <div id={bodyId}>
        {props.body.map((paragraph) => (
          <p key={paragraph}>{paragraph}</p>
        ))}
      </div>
      <div className="dialog__actions">
        {props.choices.map((choice, i) => (
          <button
            key={choice.value}
            ref={i === 0 ? first : undefined}
            className={`button ${i === 0 ? 'button--primary' : 'button--secondary'}`}
            type="button"
            onClick={() => answer(choice.value)}
          >
            {choice.label}
          </button>
        ))}
      </div>
    </dialog>
  );
}
