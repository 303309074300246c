import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { afterNextPaint, afterNextPaintOrSoon } from './after-next-paint';

describe('afterNextPaint', () => {
  let frames: Map<number, FrameRequestCallback>;
  const paint = () => {
    const pending = [...frames.values()];
    frames.clear();
    for (const callback of pending) callback(0);
  };

  beforeEach(() => {
    vi.useFakeTimers();
    frames = new Map();
    let next = 0;
    vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => {
      frames.set(++next, callback);
      return next;
    });
    vi.stubGlobal('cancelAnimationFrame', (id: number) => frames.delete(id));
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('runs the task in a task after the frame, not in the frame itself', () => {
    const task = vi.fn();
    afterNextPaint(task);
    vi.runAllTimers();
    expect(task).not.toHaveBeenCalled();
    paint();
    expect(task).not.toHaveBeenCalled();
    vi.runAllTimers();
    expect(task).toHaveBeenCalledOnce();
  });

  it('runs nothing once cancelled, before the frame or after it', () => {
    const early = vi.fn();
    afterNextPaint(early)();
    paint();
    vi.runAllTimers();
    expect(early).not.toHaveBeenCalled();

    const late = vi.fn();
    const cancel = afterNextPaint(late);
    paint();
    cancel();
    vi.runAllTimers();
    expect(late).not.toHaveBeenCalled();
  });

  it('afterNextPaintOrSoon settles after the painted frame, well before its bound', async () => {
    const settled = vi.fn();
    void afterNextPaintOrSoon(100).then(settled);
    paint();
    await vi.advanceTimersByTimeAsync(1);
    expect(settled).toHaveBeenCalledOnce();
    // Its bound, once passed, settles nothing a second time and leaves no frame waiting.
    await vi.advanceTimersByTimeAsync(200);
    expect(settled).toHaveBeenCalledOnce();
    expect(frames.size).toBe(0);
  });

  it('afterNextPaintOrSoon settles at its bound when no frame comes (a hidden page)', async () => {
    const settled = vi.fn();
    void afterNextPaintOrSoon(100).then(settled);
    await vi.advanceTimersByTimeAsync(99);
    expect(settled).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(settled).toHaveBeenCalledOnce();
    expect(frames.size).toBe(0);
  });
});
