/** Runs `task` when the browser is next idle, at the latest after `timeoutMs`; where there is no
 * idle callback (Safari, https://caniuse.com/requestidlecallback), after `fallbackMs`. Returns the
 * way to cancel. */
export function whenIdle(task: () => void, { timeoutMs, fallbackMs }: { timeoutMs: number; fallbackMs: number }): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(task, { timeout: timeoutMs });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(task, fallbackMs);
  return () => clearTimeout(id);
}
