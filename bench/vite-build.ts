// Builds with the project's own Vite, through its JS API, into temp folders: the app (with the
// project's vite.config.ts, as `npm run build` does, but never into dist/, which the e2e suite
// serves) and the baseline pages (bare config: only the React plugin).

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { build } from 'vite';

export const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
export const PROJECT_ROOT = path.resolve(BENCH_DIR, '..');

export type BaselinePage = 'bare-react' | 'one-input' | 'drain-page';

/** What `npm run build` runs after `vite build`: the .br/.gz copies the server sends. */
const PRECOMPRESS = path.join(PROJECT_ROOT, 'scripts/precompress.mjs');

export async function buildApp(outDir: string): Promise<void> {
  await build({
    root: PROJECT_ROOT,
    configFile: path.join(PROJECT_ROOT, 'vite.config.ts'),
    logLevel: 'silent',
    build: { outDir, emptyOutDir: true },
  });
  precompress(outDir);
}

/** As `npm run build` does after `vite build` (node scripts/precompress.mjs), so that the server
 * serves this build as it serves a release; baselines get the same, so that they go over the wire
 * the same way. */
function precompress(outDir: string): void {
  if (existsSync(PRECOMPRESS))
    execFileSync(process.execPath, [PRECOMPRESS, outDir], { cwd: PROJECT_ROOT, stdio: 'ignore', timeout: 120_000 });
}

export async function buildBaseline(page: BaselinePage, outDir: string): Promise<void> {
  await build({
    root: path.join(BENCH_DIR, 'baseline', page),
    configFile: false,
    // The drain page imports the app's own modules, which use the tsconfig path aliases.
    resolve: { tsconfigPaths: true },
    plugins: [react()],
    logLevel: 'silent',
    // The same rule as the app: nothing inlined, so the CSP of the real server allows every file.
    build: { outDir, emptyOutDir: true, assetsInlineLimit: 0 },
  });
  precompress(outDir);
}
