import { describe, expect, it } from 'vitest';
import { rescueFileSchema } from '@shared/rescue-file-schema';
import { buildRescueFile, rescueFileName } from './build-rescue-file';
import type { DraftRecord, OutboxItem } from '@client/lib/local-db';

const item = (key: string, extra: Partial<OutboxItem> = {}): OutboxItem => ({
  key,
  kind: 'contact',
  path: '/api/contacts',
  body: { kind: 'contact', data: { surname: 'Durand' } },
  values: { surname: 'Durand' },
  formVersion: 1,
  createdAt: 100,
  state: 'pending',
  attempts: 2,
  nextAttemptAt: 200,
  ...extra,
});

describe('buildRescueFile', () => {
  it('makes a file the server’s replay command reads: every unsent contact under its key, and every draft', () => {
    const keys = [crypto.randomUUID(), crypto.randomUUID()];
    const errors = [{ location: 'body.data.mail', message: 'Refused' }];
    const drafts: DraftRecord[] = [
      { id: 'd1', values: { firstname: 'Ada' }, formVersion: 1, createdAt: 1, updatedAt: 2 },
      // A fix of the refused contact, begun and not finished: the file says which contact it fixes.
      { id: 'd2', values: { surname: 'Durand', mail: 'durand@example.org' }, formVersion: 1, createdAt: 3, updatedAt: 4, fixing: keys[1] },
      // The contact this one fixed is gone (sent from another tab): finished, it is a new contact.
      { id: 'd3', values: { surname: 'Martin' }, formVersion: 1, createdAt: 5, updatedAt: 6, fixing: crypto.randomUUID() },
    ];
    const file = buildRescueFile(
      [item(keys[0]!), item(keys[1]!, { state: 'needs-attention', lastError: { status: 422, title: 'Refused', errors } })],
      drafts,
      Date.UTC(2027, 2, 14, 13, 2),
    );
    const parsed = rescueFileSchema.parse(JSON.parse(JSON.stringify(file)));
    expect(parsed.exportedAt).toBe('2027-03-14T13:02:00.000Z');
    expect(parsed.outbox.map((i) => i.key)).toEqual(keys);
    expect(parsed.outbox[0]).toEqual({ key: keys[0], body: item('x').body, createdAt: 100, state: 'pending' });
    expect(parsed.outbox[1]).toMatchObject({ state: 'needs-attention', lastError: { status: 422, errors } });
    expect(parsed.drafts).toEqual([
      { id: 'd1', values: { firstname: 'Ada' }, formVersion: 1, updatedAt: 2 },
      { id: 'd2', values: { surname: 'Durand', mail: 'durand@example.org' }, formVersion: 1, updatedAt: 4, fixing: keys[1] },
      { id: 'd3', values: { surname: 'Martin' }, formVersion: 1, updatedAt: 6 },
    ]);
  });

  it('leaves door visits out: the replay sends contacts only', () => {
    const key = crypto.randomUUID();
    const visit = item('v1', {
      kind: 'visit',
      path: '/api/turfs/t1/visits',
      body: { door: 'd1', outcome: 'absent', at: '2026-12-03T09:00:00Z' },
    });
    expect(buildRescueFile([visit, item(key)], []).outbox.map((i) => i.key)).toEqual([key]);
  });

  it('names the file after the local date and time', () => {
    expect(rescueFileName(new Date(2027, 2, 4, 9, 5).getTime())).toBe('doorstep-unsent-20270304-0905.json');
  });
});
