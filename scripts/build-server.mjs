// Production runs the server as plain JavaScript (`npm run serve`: node, no tsx): bundles the
// server's entry points into dist-server/. Bundling resolves the path aliases (@server/…,
// @shared/…) of tsconfig.base.json at build time, which plain node cannot; packages stay
// external, so node_modules (better-sqlite3's native addon among them) is loaded as installed.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist-server');

rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: {
    main: 'src/server/main.ts',
    'canvassers-cli': 'src/server/cli/canvassers-cli.ts',
    'replay-cli': 'src/server/cli/replay-cli.ts',
    'turfs-cli': 'src/server/cli/turfs-cli.ts',
  },
  outdir,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  tsconfig: path.join(root, 'tsconfig.server.json'),
  sourcemap: true,
  logLevel: 'warning',
});
