import { describe, expect, it, vi } from 'vitest';
import { askPersistentStorage } from './use-persistent-storage';

describe('askPersistentStorage', () => {
  it('does not ask again when the storage is kept already', async () => {
    const persist = vi.fn(async () => true);
    await expect(askPersistentStorage({ persisted: async () => true, persist })).resolves.toBe('kept');
    expect(persist).not.toHaveBeenCalled();
  });

  it('asks, and reports the answer', async () => {
    await expect(askPersistentStorage({ persisted: async () => false, persist: async () => true })).resolves.toBe('kept');
    await expect(askPersistentStorage({ persisted: async () => false, persist: async () => false })).resolves.toBe('at-risk');
  });

  it('counts storage as at risk where the browser has no answer', async () => {
    await expect(askPersistentStorage(undefined)).resolves.toBe('at-risk');
    await expect(askPersistentStorage({} as never)).resolves.toBe('at-risk');
    await expect(
      askPersistentStorage({ persisted: async () => Promise.reject(new Error('denied')), persist: async () => true }),
    ).resolves.toBe('at-risk');
  });
});
