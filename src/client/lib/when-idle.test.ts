import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { whenIdle } from './when-idle';

describe('whenIdle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('asks for an idle callback with its timeout, and cancels it', () => {
    const idle = vi.fn((_task: () => void, _options: { timeout: number }) => 7);
    const cancel = vi.fn();
    vi.stubGlobal('requestIdleCallback', idle);
    vi.stubGlobal('cancelIdleCallback', cancel);
    const task = vi.fn();
    const stop = whenIdle(task, { timeoutMs: 200, fallbackMs: 16 });
    expect(idle).toHaveBeenCalledWith(task, { timeout: 200 });
    stop();
    expect(cancel).toHaveBeenCalledWith(7);
  });

  it('falls back to a timer where there is no idle callback, which cancelling stops', () => {
    vi.stubGlobal('requestIdleCallback', undefined);
    const task = vi.fn();
    whenIdle(task, { timeoutMs: 200, fallbackMs: 16 });
    vi.advanceTimersByTime(15);
    expect(task).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(task).toHaveBeenCalledOnce();

    const stopped = vi.fn();
    whenIdle(stopped, { timeoutMs: 200, fallbackMs: 16 })();
    vi.advanceTimersByTime(100);
    expect(stopped).not.toHaveBeenCalled();
  });
});
