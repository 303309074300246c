import { describe, expect, it } from 'vitest';
import { parseSession } from './session-api';

describe('parseSession', () => {
  it('takes the server’s session answer', () => {
    const body = { canvasser: { id: 'c_1a2b', name: 'Jeanne Martin' }, expiresAt: '2026-01-01T12:00:00.000Z' };
    expect(parseSession(body)).toEqual(body);
    expect(parseSession({ ...body, canvasser: { id: 7, name: 'Démo', extra: true } }).canvasser).toEqual({ id: 7, name: 'Démo' });
  });

  it('keeps the role the server gives, and only a known one', () => {
    const body = { canvasser: { id: 'c_1', name: 'Awa', role: 'organiser' }, expiresAt: '2026-01-01T12:00:00.000Z' };
    expect(parseSession(body).canvasser.role).toBe('organiser');
    expect(parseSession({ ...body, canvasser: { ...body.canvasser, role: 'admin' } }).canvasser).toEqual({ id: 'c_1', name: 'Awa' });
  });

  it('marks a sandbox session, from the server’s `mode` or the kept copy’s flag', () => {
    const body = { canvasser: { id: 'demo', name: 'Démo' }, expiresAt: '2026-01-01T12:00:00.000Z' };
    expect(parseSession({ ...body, mode: 'sandbox' }).sandbox).toBe(true);
    expect(parseSession({ ...body, sandbox: true }).sandbox).toBe(true);
    expect(parseSession({ ...body, mode: 'qomon' }).sandbox).toBeUndefined();
  });

  it('refuses anything else', () => {
    for (const body of [
      null,
      {},
      { canvasser: { id: 'x' }, expiresAt: 'x' },
      { canvasser: { id: {}, name: 'x' }, expiresAt: 'x' },
      { canvasser: { id: 'x', name: 'x' } },
    ]) {
      expect(() => parseSession(body)).toThrow(/unexpected session/);
    }
  });
});
