// "The first screen is up": the form (or the sign-in screen, or a message) is on screen and takes
// input. Work that the first screen does not need and that would compete with it for a slow
// network or a slow CPU (registering the service worker, which downloads the whole app for offline
// use) waits for it.

let shown = false;
const waiting = new Set<() => void>();

/** Said by the shell once a screen that takes input is committed. */
export function firstScreenShown(): void {
  if (shown) return;
  shown = true;
  for (const task of waiting) task();
  waiting.clear();
}

/** Runs `task` once the first screen is up (at once if it is), or after `timeoutMs` in any case.
 * Returns the way to cancel. */
export function afterFirstScreen(task: () => void, timeoutMs = 10_000): () => void {
  if (shown) {
    task();
    return () => undefined;
  }
  const run = () => {
    clearTimeout(timer);
    waiting.delete(run);
    task();
  };
  const timer = setTimeout(run, timeoutMs);
  waiting.add(run);
  return () => {
    clearTimeout(timer);
    waiting.delete(run);
  };
}

/** Resolves once the first screen is up, or after `timeoutMs` in any case. */
export function firstScreen(timeoutMs?: number): Promise<void> {
  return new Promise((resolve) => void afterFirstScreen(resolve, timeoutMs));
}
