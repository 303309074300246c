// Stops a test run that needs the built app with one clear line, rather than a server that
// starts and answers 404 to every page.
import { existsSync } from 'node:fs';

const missing = ['dist/index.html', 'dist-server/main.js'].filter((f) => !existsSync(f));
if (missing.length) {
  console.error(`Missing ${missing.join(' and ')}: run \`npm run build\` first (npm test does).`);
  process.exit(1);
}
