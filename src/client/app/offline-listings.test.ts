import { describe, expect, it } from 'vitest';
import type { DraftRecord, OutboxItem } from '@client/lib/local-db';
import { listFixedElsewhere, listOtherDrafts, listOutboxItems } from './offline-listings';

const draft = (id: string, values: unknown, fixing?: string): DraftRecord => ({
  id,
  values,
  formVersion: 1,
  createdAt: 1,
  updatedAt: 2,
  fixing,
});
const item = (key: string, state: OutboxItem['state'] = 'pending'): OutboxItem => ({
  key,
  kind: 'contact',
  path: '/api/contacts',
  body: {},
  values: { name: key },
  formVersion: 1,
  createdAt: 1,
  state,
  attempts: 0,
  nextAttemptAt: 3,
});
// A stored form is readable when it has a name; the description is that name.
const readValues = (values: unknown) => ((values as { name?: string }).name ? values : undefined);
const describeValues = (values: unknown) => (values as { name: string }).name;

describe('listOtherDrafts', () => {
  it('leaves out the draft in the form, and says which are open elsewhere or fixes', () => {
    const rows = listOtherDrafts(
      [draft('a', { name: 'Ada' }), draft('b', { name: 'Bob' }, 'k1'), draft('c', { name: 'Cy' })],
      'a',
      new Set(['c']),
      readValues,
      describeValues,
    );
    expect(rows).toEqual([
      { id: 'b', description: 'Bob', updatedAt: 2, readable: true, openElsewhere: false, fixing: true },
      { id: 'c', description: 'Cy', updatedAt: 2, readable: true, openElsewhere: true, fixing: false },
    ]);
  });

  it('lists an unreadable draft without a description', () => {
    const rows = listOtherDrafts([draft('x', {})], undefined, new Set(), readValues, () => 'never');
    expect(rows).toEqual([{ id: 'x', description: '', updatedAt: 2, readable: false, openElsewhere: false, fixing: false }]);
  });
});

describe('listFixedElsewhere', () => {
  it('holds the keys fixed by drafts claimed elsewhere only', () => {
    const fixed = listFixedElsewhere([draft('a', {}, 'k1'), draft('b', {}, 'k2'), draft('c', {})], new Set(['a', 'c']));
    expect([...fixed]).toEqual(['k1']);
  });
});

describe('listOutboxItems', () => {
  it('says needs-attention, sending, paused or waiting, in that order of precedence', () => {
    const items = [item('n', 'needs-attention'), item('s'), item('w')];
    const running = listOutboxItems(items, { sending: new Set(['n', 's']), waitingForSignIn: false }, new Set(), describeValues);
    expect(running.map((r) => r.state)).toEqual(['needs-attention', 'sending', 'waiting']);
    const paused = listOutboxItems(items, { sending: new Set(['s']), waitingForSignIn: true }, new Set(), describeValues);
    expect(paused.map((r) => r.state)).toEqual(['needs-attention', 'sending', 'paused']);
  });

  it('marks an item whose fix is open elsewhere, and describes each', () => {
    const rows = listOutboxItems([item('a'), item('b')], { sending: new Set(), waitingForSignIn: false }, new Set(['b']), describeValues);
    expect(rows.map((r) => [r.description, r.fixingElsewhere])).toEqual([
      ['a', false],
      ['b', true],
    ]);
    expect(rows[0]).toMatchObject({ attempts: 0, createdAt: 1, nextAttemptAt: 3, lastError: undefined });
  });
});
