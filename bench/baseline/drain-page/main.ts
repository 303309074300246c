// The outbox-drain row's page: the app's own outbox (IndexedDB, Web Locks) and drain loop, built
// by Vite and run in Chromium against the real server, with a `send` that does what the app's
// does: POST /api/contacts with the session cookie and the item's Idempotency-Key.
import { DEFAULT_CONCURRENCY, drainOutbox, type SendAnswer } from '../../../src/client/outbox/drain-outbox';
import { enqueue, listOutbox } from '../../../src/client/outbox/outbox-store';

async function send(body: unknown, idempotencyKey: string): Promise<SendAnswer> {
  const res = await fetch('/api/contacts', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
    body: JSON.stringify(body),
  });
  await res.arrayBuffer();
  const retryAfter = res.headers.get('retry-after');
  return { status: res.status, retryAfterSeconds: retryAfter ? Number(retryAfter) : undefined };
}

export interface DrainBenchResult {
  ms: number;
  concurrency: number;
  sent: number;
  retried: number;
  needsAttention: number;
  signedOut: boolean;
  left: number;
  statuses: Record<string, number>;
  /** How long each POST /api/contacts took, answer read (ms). */
  sendMs: number[];
  /** Where each POST's time went, from the browser's Resource Timing (ms): `queued` from fetch()
   * to the request leaving (connection pool, request path), `server` from the request sent to the
   * first byte of the answer (the server, the sandbox's 50 ms, loopback), `body` to the last
   * byte, `handover` from the last byte to the page having read it. */
  phases: PostPhases[];
}

/** Where one POST's time went (ms), from the browser's Resource Timing. */
export interface PostPhases {
  queued: number;
  server: number;
  body: number;
  handover: number;
}

const bench = {
  concurrency: DEFAULT_CONCURRENCY,
  /** Queues `count` contacts made from `make(i)`'s body, each under its own fresh key. */
  async enqueueMany(bodies: unknown[]): Promise<string[]> {
    const keys: string[] = [];
    let t = Date.now();
    for (const body of bodies) {
      const key = crypto.randomUUID();
      // Distinct createdAt values keep the outbox's order the order of queuing.
      await enqueue({ key, body, values: {}, formVersion: 1 }, t++);
      keys.push(key);
    }
    return keys;
  },
  async drain(): Promise<DrainBenchResult> {
    const statuses: Record<string, number> = {};
    const sendMs: number[] = [];
    const sends: { start: number; end: number }[] = [];
    performance.setResourceTimingBufferSize(100_000);
    performance.clearResourceTimings();
    const counting = async (body: unknown, key: string) => {
      const t = performance.now();
      const answer = await send(body, key);
      const end = performance.now();
      sendMs.push(end - t);
      sends.push({ start: t, end });
      statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
      return answer;
    };
    const t0 = performance.now();
    const report = await drainOutbox({ send: counting });
    const ms = performance.now() - t0;
    const left = (await listOutbox()).length;
    // One entry per POST; each send makes one fetch(), so in the order they started they pair up.
    const entries = performance
      .getEntriesByType('resource')
      .filter((e): e is PerformanceResourceTiming => e.name.endsWith('/api/contacts'))
      .sort((a, b) => a.startTime - b.startTime);
    sends.sort((a, b) => a.start - b.start);
    const phases =
      entries.length === sends.length
        ? entries.map((e, i) => ({ queued: e.requestStart - e.startTime, server: e.responseStart - e.requestStart, body: e.responseEnd - e.responseStart, handover: sends[i]!.end - e.responseEnd }))
        : [];
    return { ms, concurrency: DEFAULT_CONCURRENCY, sent: report.sent, retried: report.retried, needsAttention: report.needsAttention, signedOut: report.signedOut, left, statuses, sendMs, phases };
  },
};

(window as unknown as { __drainBench: typeof bench }).__drainBench = bench;
document.getElementById('status')!.textContent = 'loaded';
