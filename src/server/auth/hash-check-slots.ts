// Checking an access code costs one scrypt on libuv's thread pool (four threads by default). A
// burst of sign-ins from one address must neither run all its checks at once (the lock counts
// them first, so they are only wrong guesses, but each still takes a thread) nor keep everyone
// else's sign-in waiting behind it: each address gets a few slots, and the server a few in all,
// with a short queue in front of them.

export interface HashCheckSlotsOptions {
  /** Checks one address may have running or waiting at once. */
  perAddress: number;
  /** Checks running at once on this server. */
  overall: number;
  /** Checks that may wait for a slot; beyond, a sign-in is answered "busy" at once. */
  queue: number;
}

export type Slot = { release(): void } | { busy: 'address' | 'server' };

export interface HashCheckSlots {
  acquire(address: string): Promise<Slot>;
}

export function createHashCheckSlots(opts: HashCheckSlotsOptions): HashCheckSlots {
  const perAddress = new Map<string, number>();
  const waiting: (() => void)[] = [];
  let running = 0;

  const leave = (address: string) => {
    const n = (perAddress.get(address) ?? 1) - 1;
    if (n > 0) perAddress.set(address, n);
    else perAddress.delete(address);
  };

  return {
    async acquire(address) {
      const mine = perAddress.get(address) ?? 0;
      if (mine >= opts.perAddress) return { busy: 'address' };
      if (running >= opts.overall && waiting.length >= opts.queue) return { busy: 'server' };
      perAddress.set(address, mine + 1);
      if (running >= opts.overall) await new Promise<void>((resolve) => waiting.push(resolve));
      else running++;
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          leave(address);
          // The slot passes straight to the next in line: `running` stays as it is.
          const next = waiting.shift();
          if (next) next();
          else running--;
        },
      };
    },
  };
}
