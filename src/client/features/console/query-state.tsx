import { useConsoleText } from './console-text';

/** "Loading", or the failure, of a query that has no data yet. */
export function QueryState({ isError }: { isError: boolean }) {
  const text = useConsoleText();
  return isError ? <p role="alert">{text.failed}</p> : <p role="status">{text.loading}</p>;
}
