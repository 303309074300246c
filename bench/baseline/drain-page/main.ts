// The outbox-drain row's page: the app's own outbox (IndexedDB, Web Locks), drain loop and
// `sendContact` (POST /api/contacts with the session cookie and the item's Idempotency-Key), built
// by Vite and run in Chromium against the real server.
import { DEFAULT_CONCURRENCY, drainOutbox } from '../../../src/client/features/outbox/drain-outbox';
import { enqueue, listOutbox } from '../../../src/client/features/outbox/outbox-store';
import { sendContact } from '../../../src/client/features/outbox/outbox-sync';

// The app does not read the body of a 2xx answer, and Chromium adds a fetch's Resource Timing entry
// only once its body is read; so the page keeps each answer and reads them all after the timed
// drain (the entries' times are the network's, not the reading's).
const answers: Response[] = [];
const pageFetch = window.fetch.bind(window);
window.fetch = async (...args: Parameters<typeof fetch>) => {
  const response = await pageFetch(...args);
  answers.push(response);
  return response;
};

export interface DrainBenchResult {
  ms: number;
  concurrency: number;
  sent: number;
  retried: number;
  needsAttention: number;
  signedOut: boolean;
  left: number;
  statuses: Record<string, number>;
  /** How long each POST /api/contacts took, as `sendContact` returned it (ms). */
  sendMs: number[];
  /** Where each POST's time went, from the browser's Resource Timing (ms): `queued` from fetch()
   * to the request leaving (connection pool, request path), `server` from the request sent to the
   * first byte of the answer (the server, the sandbox's 50 ms, loopback), `body` to the last
   * byte, `handover` from the last byte to `sendContact` having returned. */
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
      const answer = await sendContact(body, key, '/api/contacts');
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
    // An answer whose body can no longer be read (its request's timeout fired meanwhile) has no
    // entry: the phases are then left out (the row says n/a), not made up.
    await Promise.all(answers.splice(0).map((r) => (r.bodyUsed ? undefined : r.arrayBuffer().catch(() => undefined))));
    // One entry per POST; each send makes one fetch(), so in the order they started they pair up.
    const entries = performance
      .getEntriesByType('resource')
      .filter((e): e is PerformanceResourceTiming => e.name.endsWith('/api/contacts'))
      .sort((a, b) => a.startTime - b.startTime);
    sends.sort((a, b) => a.start - b.start);
    const phases =
      entries.length === sends.length
        ? entries.map((e, i) => ({
            queued: e.requestStart - e.startTime,
            server: e.responseStart - e.requestStart,
            body: e.responseEnd - e.responseStart,
            handover: sends[i]!.end - e.responseEnd,
          }))
        : [];
    return {
      ms,
      concurrency: DEFAULT_CONCURRENCY,
      sent: report.sent,
      retried: report.retried,
      needsAttention: report.needsAttention,
      signedOut: report.signedOut,
      left,
      statuses,
      sendMs,
      phases,
    };
  },
};

(window as unknown as { __drainBench: typeof bench }).__drainBench = bench;
document.getElementById('status')!.textContent = 'loaded';
