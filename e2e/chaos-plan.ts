import { between, pick, seededRandom, type Random } from './chaos-contacts-random';

// What a chaos run does, decided up front from its size and seed (printed, so that a failing run
// can be played again with CHAOS_SEED): which contacts are typed and which are queued in batches,
// where the browser goes offline and for how long, and when the browser and the server are killed.
// Timing still varies from run to run; the sequence does not.

export interface ChaosSizes {
  contacts: number;
  /** Typed through the form; the rest are queued through the app's own outbox code. */
  viaUi: number;
  seed: number;
}

function intFrom(env: NodeJS.ProcessEnv, name: string, min: number, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer ≥ ${min}, not "${raw}"`);
  return value;
}

export function chaosSizes(env: NodeJS.ProcessEnv = process.env): ChaosSizes {
  const contacts = intFrom(env, 'CHAOS_CONTACTS', 10, 1000);
  // Typing is slow (a second or two a contact): a few show the form's path, the outbox code
  // carries the volume.
  const viaUi = Math.min(contacts, intFrom(env, 'CHAOS_UI_CONTACTS', 0, contacts >= 500 ? 20 : 5));
  const seed = intFrom(env, 'CHAOS_SEED', 0, Math.floor(Math.random() * 2 ** 31));
  return { contacts, viaUi, seed };
}

/** The whole run's limit: past it the spec fails with what is still waiting, rather than hang. */
export function chaosDeadlineMs(env: NodeJS.ProcessEnv = process.env): number {
  return 150_000 + chaosSizes({ ...env, CHAOS_SEED: '0' }).contacts * 350;
}

export type ChaosAction =
  | { kind: 'type'; index: number }
  | { kind: 'batch'; from: number; count: number; sendNow: boolean }
  | { kind: 'offline'; ms: number }
  | { kind: 'kill-browser'; downMs: number }
  | { kind: 'kill-server'; downMs: number }
  /** Time between two actions: the canvasser walks to the next door. */
  | { kind: 'pause'; ms: number };

export function chaosPlan(sizes: ChaosSizes): ChaosAction[] {
  const random: Random = seededRandom(sizes.seed);
  const queued = sizes.contacts - sizes.viaUi;
  // About fifteen to forty batches, whatever the size, so that offline periods and kills fall
  // between them.
  const batchMax = Math.max(4, Math.ceil(queued / 15));
  const batchSizes: number[] = [];
  for (let left = queued; left > 0;) {
    const n = Math.min(left, between(random, Math.ceil(batchMax / 3), batchMax));
    batchSizes.push(n);
    left -= n;
  }
  type Slot = { kind: 'type' } | { kind: 'batch'; count: number };
  const slots: Slot[] = [
    ...Array.from({ length: sizes.viaUi }, () => ({ kind: 'type' as const })),
    ...batchSizes.map((count) => ({ kind: 'batch' as const, count })),
  ];
  for (let i = slots.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [slots[i], slots[j]] = [slots[j]!, slots[i]!];
  }

  // Kills fall in the middle of the queuing, the browser's and the server's apart, in either order,
  // each right after a batch: with contacts to send, so that the kill finds a drain at work.
  const batchSlots = slots.flatMap((slot, i) => (slot.kind === 'batch' ? [i] : []));
  const at = (from: number, to: number) => {
    const inRange = batchSlots.filter((i) => i >= slots.length * from && i < slots.length * to);
    return inRange.length ? pick(random, inRange) : pick(random, batchSlots);
  };
  const browserFirst = random() < 0.5;
  const killBrowserAt = browserFirst ? at(0.3, 0.45) : at(0.6, 0.75);
  const killServerAt = browserFirst ? at(0.6, 0.75) : at(0.3, 0.45);
  const offlineCount = Math.max(3, Math.round(sizes.contacts / 125));
  const offlineAt = new Set<number>();
  while (offlineAt.size < Math.min(offlineCount, slots.length)) offlineAt.add(Math.floor(random() * slots.length));

  const plan: ChaosAction[] = [];
  let next = 0;
  slots.forEach((slot, i) => {
    if (offlineAt.has(i)) plan.push({ kind: 'offline', ms: between(random, 1_000, 5_000) });
    if (slot.kind === 'type') plan.push({ kind: 'type', index: next++ });
    else {
      // Before a kill the batch waits for the kill's own "Send now": sent earlier, it could be
      // all delivered before the kill, which would then find nothing in flight.
      const sendNow = random() < 0.5 && i !== killBrowserAt && i !== killServerAt;
      plan.push({ kind: 'batch', from: next, count: slot.count, sendNow });
      next += slot.count;
    }
    if (i === killBrowserAt) plan.push({ kind: 'kill-browser', downMs: between(random, 500, 2_000) });
    if (i === killServerAt) plan.push({ kind: 'kill-server', downMs: between(random, 1_000, 3_000) });
    plan.push({ kind: 'pause', ms: between(random, 150, 600) });
  });
  return plan;
}
