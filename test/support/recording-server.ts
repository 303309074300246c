// A plain recording HTTP server standing in for Qomon, and a loopback port with nothing on it.

import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export type UpstreamAnswer =
  | { status: number; headers?: Record<string, string>; body?: unknown }
  /** Destroys the socket without answering. */
  | 'destroy'
  /** Never answers (until the server closes). */
  | 'hang';

export type Responder = UpstreamAnswer | ((req: RecordedRequest) => UpstreamAnswer | Promise<UpstreamAnswer>);

export interface RecordingServer {
  url: string;
  requests: RecordedRequest[];
  /** The answer for every request (after the one-shot queue); 202 accepted by default. */
  respondWith(r: Responder): void;
  /** One-shot answers for the next requests, in order. */
  queue(...r: Responder[]): void;
  /** Resolves once `n` requests in all have arrived. */
  waitForRequests(n: number, timeoutMs?: number): Promise<void>;
  reset(): void;
  close(): Promise<void>;
}

export const ACCEPTED: UpstreamAnswer = { status: 202, body: { status: 'accepted' } };

export async function startRecordingServer(): Promise<RecordingServer> {
  const requests: RecordedRequest[] = [];
  let responder: Responder = ACCEPTED;
  let oneShots: Responder[] = [];
  const sockets = new Set<Socket>();
  let waiters: { n: number; resolve: () => void }[] = [];

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      const chosen = oneShots.length ? oneShots.shift()! : responder;
      waiters = waiters.filter((w) => (requests.length >= w.n ? (w.resolve(), false) : true));
      let answer: UpstreamAnswer;
      try {
        answer = typeof chosen === 'function' ? await chosen(recorded) : chosen;
      } catch {
        answer = 'destroy';
      }
      if (answer === 'destroy') {
        req.socket.destroy();
        return;
      }
      if (answer === 'hang') return;
      const isText = typeof answer.body === 'string';
      const payload = answer.body === undefined ? '' : isText ? (answer.body as string) : JSON.stringify(answer.body);
      res.writeHead(answer.status, {
        ...(payload && !isText ? { 'content-type': answer.status >= 400 ? 'application/problem+json' : 'application/json' } : {}),
        ...answer.headers,
      });
      res.end(payload);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    respondWith(r) {
      responder = r;
    },
    queue(...r) {
      oneShots.push(...r);
    },
    waitForRequests(n, timeoutMs = 5000) {
      if (requests.length >= n) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${requests.length} of ${n} upstream requests arrived`)), timeoutMs);
        waiters.push({ n, resolve: () => (clearTimeout(timer), resolve()) });
      });
    },
    reset() {
      requests.length = 0;
      responder = ACCEPTED;
      oneShots = [];
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A loopback port with nothing listening on it. */
export async function closedPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}
