import { describe, expect, it } from 'vitest';
import { createHashCheckSlots, type Slot } from './hash-check-slots';

const held = (slot: Slot) => {
  if ('busy' in slot) throw new Error(`busy: ${slot.busy}`);
  return slot;
};

describe('createHashCheckSlots', () => {
  it('gives one address at most perAddress slots, and the others still theirs', async () => {
    const slots = createHashCheckSlots({ perAddress: 2, overall: 4, queue: 10 });
    const a1 = held(await slots.acquire('a'));
    held(await slots.acquire('a'));
    expect(await slots.acquire('a')).toEqual({ busy: 'address' });
    held(await slots.acquire('b'));
    a1.release();
    a1.release(); // twice is once
    held(await slots.acquire('a'));
    expect(await slots.acquire('a')).toEqual({ busy: 'address' });
  });

  it('queues past `overall`, in order, and answers busy past the queue', async () => {
    const slots = createHashCheckSlots({ perAddress: 1, overall: 1, queue: 1 });
    const first = held(await slots.acquire('a'));
    const order: string[] = [];
    const second = slots.acquire('b').then((s) => {
      order.push('b');
      return held(s);
    });
    expect(await slots.acquire('c')).toEqual({ busy: 'server' });
    first.release();
    (await second).release();
    expect(order).toEqual(['b']);
    held(await slots.acquire('c')).release();
  });
});
