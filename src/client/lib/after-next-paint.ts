/** Runs `task` once the next frame has been painted (a frame, then a task after it); returns the
 * way to cancel. */
export function afterNextPaint(task: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const frame = requestAnimationFrame(() => (timer = setTimeout(task)));
  return () => {
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
}

/** Settles once the next frame has been painted, or after `atMostMs` if no frame comes first: a
 * hidden page paints no frame (https://developer.mozilla.org/docs/Web/API/Window/requestAnimationFrame),
 * and work that must not wait for the canvasser to come back to the app is then only put off,
 * never held. */
export function afterNextPaintOrSoon(atMostMs: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      cancel();
      clearTimeout(timer);
      resolve();
    };
    const cancel = afterNextPaint(done);
    const timer = setTimeout(done, atMostMs);
  });
}
