// The server under test: a real server on loopback with its logs captured. Not a test file
// itself (no `.test.ts`), and not imported by the server.

import { rmSync } from 'node:fs';
import { Writable } from 'node:stream';
import { startServer, type RunningServer } from '@server/app/create-server';
import { loadEnv, type Env } from '@server/env';
import { loadCampaign } from '@server/app/load-campaign';
import { TestClient } from './test-client';
import { DEMO_CODE, QOMON_KEY, TEST_SESSION_SECRET } from './test-constants';
import { tempDir } from './temp-dir';

export interface TestServerOptions {
  /** `qomon` needs `qomonBaseUrl`; `sandbox` (the default) uses the embedded sandbox. */
  mode?: 'sandbox' | 'qomon';
  qomonBaseUrl?: string;
  apiKey?: string;
  /** Extra environment variables (CONTACTS_PER_MINUTE, UPSTREAM_TIMEOUT_MS, CANVASSERS_FILE…). */
  env?: Record<string, string>;
  /** Reuse a data folder (otherwise a fresh temp folder). */
  dataDir?: string;
  distDir?: string;
}

export interface TestServer {
  env: Env;
  dataDir: string;
  /** Every log line the server wrote, across restarts. */
  logs: string[];
  readonly server: RunningServer;
  readonly url: string;
  client(): TestClient;
  /** Stops and starts again on the same DATA_DIR (same env). */
  restart(): Promise<void>;
  stop(): Promise<void>;
  /** Stops and removes the temp data folder. */
  cleanup(): Promise<void>;
}

export function envSource(opts: TestServerOptions & { dataDir: string }): Record<string, string> {
  const source: Record<string, string> = {
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: opts.dataDir,
    LOG_LEVEL: 'info',
  };
  if ((opts.mode ?? 'sandbox') === 'qomon') {
    source.QOMON_API_KEY = opts.apiKey ?? QOMON_KEY;
    source.QOMON_BASE_URL = opts.qomonBaseUrl ?? 'http://127.0.0.1:9';
    source.SESSION_SECRET = TEST_SESSION_SECRET;
  } else {
    source.DEMO_ACCESS_CODE = DEMO_CODE;
  }
  return { ...source, ...opts.env };
}

export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
  const ownsDataDir = !opts.dataDir;
  const dataDir = opts.dataDir ?? tempDir();
  const env = loadEnv(envSource({ ...opts, dataDir }));
  const campaign = loadCampaign(env.campaignFile);
  const logs: string[] = [];
  let pending = '';
  const logStream = new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      logs.push(...lines.filter(Boolean));
      cb();
    },
  });
  const start = () => startServer({ env, campaign, logStream, distDir: opts.distDir });
  let server = await start();
  let running = true;

  const ts: TestServer = {
    env,
    dataDir,
    logs,
    get server() {
      return server;
    },
    get url() {
      return server.url;
    },
    client() {
      return new TestClient(() => server.url, { hostPrefixed: env.mode === 'qomon' });
    },
    async restart() {
      await ts.stop();
      server = await start();
      running = true;
    },
    async stop() {
      if (!running) return;
      running = false;
      await server.stop();
      if (pending) logs.push(pending);
      pending = '';
    },
    async cleanup() {
      await ts.stop();
      if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return ts;
}
