// The real Doorstep server, in this process, in sandbox mode on a loopback port of its own and a
// temp DATA_DIR, serving a given build folder: the app's build, or a baseline page's, so that the
// app and its baseline go through the same server, the same headers and the same CSP.

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer } from '../src/server/app/create-server';
import { loadEnv } from '../src/server/env';
import { loadCampaign } from '../src/server/app/load-campaign';

export const BENCH_DEMO_CODE = 'bench-demo-code';

export interface SandboxServer {
  url: string;
  stop(): Promise<void>;
}

/** `prepare` runs on the empty data folder before the server opens it (the walk-list rows write
 * their turf there). */
export async function startSandboxServer(
  distDir: string,
  extraEnv: Record<string, string> = {},
  prepare?: (dataDir: string) => Promise<void>,
): Promise<SandboxServer> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'doorstep-bench-data-'));
  try {
    await prepare?.(dataDir);
    const env = loadEnv({
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DEMO_ACCESS_CODE: BENCH_DEMO_CODE,
      LOG_LEVEL: 'warn',
      // The drain bench sends 1,000 contacts as one canvasser: far past the default of 30 a minute.
      CONTACTS_PER_MINUTE: '1000000',
      ...extraEnv,
    });
    const campaign = loadCampaign(env.campaignFile);
    const server = await startServer({ env, campaign, distDir });
    return {
      url: server.url,
      async stop() {
        try {
          await server.stop();
        } finally {
          rmSync(dataDir, { recursive: true, force: true });
        }
      },
    };
  } catch (err) {
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
}
