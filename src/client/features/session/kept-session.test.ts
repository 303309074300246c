import { describe, expect, it } from 'vitest';
import { ApiError } from '@client/lib/api-fetch';
import { fetchSessionOrKept, forgetSession, keepSession, readKeptSession, SESSION_STORAGE_KEY } from './kept-session';
import type { Session } from './session-api';

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

const NOW = Date.parse('2026-03-01T10:00:00Z');
const session: Session = { canvasser: { id: 'c_1a2b', name: 'Jeanne Martin' }, expiresAt: '2026-03-01T20:00:00.000Z' };
const offlineError = () => new ApiError('GET /api/session: no answer from the server', { status: 0 });

describe('the kept session', () => {
  it('keeps only who and until when, and reads it back while it lasts', () => {
    const storage = memoryStorage();
    keepSession({ ...session, offline: true }, storage);
    expect(JSON.parse(storage.items.get(SESSION_STORAGE_KEY)!)).toEqual(session);
    expect(readKeptSession(storage, NOW)).toEqual(session);
    expect(readKeptSession(storage, Date.parse(session.expiresAt))).toBeUndefined();
    forgetSession(storage);
    expect(readKeptSession(storage, NOW)).toBeUndefined();
  });

  it('ignores anything unreadable', () => {
    const storage = memoryStorage();
    for (const value of ['not json', '{}', '{"canvasser":{"id":1},"expiresAt":"x"}', JSON.stringify({ ...session, expiresAt: 'soon' })]) {
      storage.items.set(SESSION_STORAGE_KEY, value);
      expect(readKeptSession(storage, NOW)).toBeUndefined();
    }
  });

  it('survives a storage that refuses to work', () => {
    const refuse = () => {
      throw new Error('denied');
    };
    const broken = { getItem: refuse, setItem: refuse, removeItem: refuse };
    expect(keepSession(session, broken)).toBe(session);
    expect(readKeptSession(broken, NOW)).toBeUndefined();
    expect(() => forgetSession(broken)).not.toThrow();
  });
});

describe('fetchSessionOrKept', () => {
  it('keeps what the server answers, and forgets it when the server says signed out', async () => {
    const storage = memoryStorage();
    await expect(
      fetchSessionOrKept(
        undefined,
        async () => session,
        storage,
        () => NOW,
      ),
    ).resolves.toEqual(session);
    expect(readKeptSession(storage, NOW)).toEqual(session);
    await expect(
      fetchSessionOrKept(
        undefined,
        async () => null,
        storage,
        () => NOW,
      ),
    ).resolves.toBeNull();
    expect(readKeptSession(storage, NOW)).toBeUndefined();
  });

  it('stands in with the kept session, marked offline, when no answer comes back', async () => {
    const storage = memoryStorage();
    keepSession(session, storage);
    const error = offlineError();
    const failing = async () => {
      throw error;
    };
    await expect(fetchSessionOrKept(undefined, failing, storage, () => NOW)).resolves.toEqual({ ...session, offline: true });
    // Expired: nothing stands in, the failure shows.
    await expect(fetchSessionOrKept(undefined, failing, storage, () => Date.parse(session.expiresAt) + 1)).rejects.toBe(error);
  });

  it('lets every answer of the server through: only a missing answer is replaced', async () => {
    const storage = memoryStorage();
    keepSession(session, storage);
    const serverError = new ApiError('GET /api/session: 503', { status: 503 });
    const throwing = (error: unknown) => async () => {
      throw error;
    };
    await expect(fetchSessionOrKept(undefined, throwing(serverError), storage, () => NOW)).rejects.toBe(serverError);
    // Nothing kept: no answer is a failure.
    const offline = offlineError();
    forgetSession(storage);
    await expect(fetchSessionOrKept(undefined, throwing(offline), storage, () => NOW)).rejects.toBe(offline);
  });
});
