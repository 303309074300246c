import { errorId, hintId } from './field-id';

/** A field's hint and error, in that order under its label, with the ids its input's
 * `aria-describedby` names (`describedBy`). */
export function FieldMessages({
  name,
  hint,
  error,
  lang,
}: {
  name: string;
  hint?: string | undefined;
  error?: string | undefined;
  lang?: string | undefined;
}) {
  return (
    <>
      {hint && (
        <p className="field-hint" id={hintId(name)} lang={lang}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={errorId(name)}>
          {error}
        </p>
      )}
    </>
  );
}
