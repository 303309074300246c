// Row "first-load JS and CSS": gzip -9 bytes of what the built index.html loads (module scripts,
// modulepreloads, stylesheets), of everything the service worker precaches, against a bare React
// 19 page built by the same Vite.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BenchContext } from './context';
import { KB, kb, ratio } from './median';
import type { RowResult } from './row-result';

export const JS_BUDGET_BYTES = 100 * KB;

export interface FileSize {
  file: string;
  kind: 'js' | 'css' | 'other';
  raw: number;
  gzip: number;
}

export interface FirstLoad {
  files: FileSize[];
  js: number;
  css: number;
}

export function gzipSize(file: string): { raw: number; gzip: number } {
  const buf = readFileSync(file);
  return { raw: buf.length, gzip: gzipSync(buf, { level: 9 }).length };
}

const kindOf = (file: string): FileSize['kind'] => (/\.m?js$/.test(file) ? 'js' : /\.css$/.test(file) ? 'css' : 'other');

function attr(tag: string, name: string): string | undefined {
  return tag
    .match(new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i'))
    ?.slice(1)
    .find((v) => v !== undefined);
}

/** The local files the built index.html makes the browser fetch before the app runs. */
export function firstLoadFiles(outDir: string): string[] {
  const html = readFileSync(path.join(outDir, 'index.html'), 'utf8');
  const urls = new Set<string>();
  for (const tag of html.match(/<script\b[^>]*>/gi) ?? []) {
    const src = attr(tag, 'src');
    if (src) urls.add(src);
  }
  for (const tag of html.match(/<link\b[^>]*>/gi) ?? []) {
    const rel = (attr(tag, 'rel') ?? '').toLowerCase().split(/\s+/);
    const href = attr(tag, 'href');
    if (href && (rel.includes('modulepreload') || rel.includes('stylesheet'))) urls.add(href);
  }
  return [...urls].filter((u) => !/^[a-z]+:|^\/\//i.test(u)).map((u) => u.replace(/^\.?\//, '').replace(/[?#].*$/, ''));
}

/** What index.html's boot script (src/client/app/boot.ts, built as `assets/boot-*.js`) preloads
 * as it runs, by group (`always`, then `signedIn` or `signedOut` as the first screen turns out to
 * be): fetched with the first load, though index.html does not list them. The groups are the JSON
 * object the build writes into the script (config/first-screen-boot-plugin.ts). */
export function scriptPreloads(outDir: string, firstLoad: readonly Pick<FileSize, 'file'>[]): Record<string, string[]> {
  const groups: Record<string, string[]> = {};
  for (const f of firstLoad) {
    if (!/(^|\/)boot-[\w-]+\.js$/.test(f.file)) continue;
    const text = readFileSync(path.join(outDir, f.file), 'utf8');
    const json = /\{"always":\[[^\]]*\](?:,"\w+":\[[^\]]*\])*\}/.exec(text)?.[0];
    if (!json) throw new Error(`${f.file} holds no preload groups ({"always":[…],…})`);
    for (const [group, urls] of Object.entries(JSON.parse(json) as Record<string, string[]>)) {
      groups[group] = urls.map((u) => u.replace(/^\/?/, '')).filter((u) => !firstLoad.some((x) => x.file === u));
    }
  }
  return groups;
}

export function measureFirstLoad(outDir: string): FirstLoad {
  const files = firstLoadFiles(outDir).map((file) => ({ file, kind: kindOf(file), ...gzipSize(path.join(outDir, file)) }));
  return {
    files,
    js: files.filter((f) => f.kind === 'js').reduce((s, f) => s + f.gzip, 0),
    css: files.filter((f) => f.kind === 'css').reduce((s, f) => s + f.gzip, 0),
  };
}

export interface Precache {
  /** The service worker script found, if any. */
  sw: string | undefined;
  files: FileSize[];
  missing: string[];
  total: number;
}

/** The precache manifest of a Workbox service worker (generateSW or injectManifest): every
 * `{url: "…", revision: …}` entry of sw.js, and of any workbox-*.js it imports. */
export function measurePrecache(outDir: string): Precache {
  const candidates = ['sw.js', 'service-worker.js'].filter((f) => existsSync(path.join(outDir, f)));
  const sw = candidates[0];
  if (!sw) return { sw: undefined, files: [], missing: [], total: 0 };
  const urls = new Set<string>();
  const text = readFileSync(path.join(outDir, sw), 'utf8');
  for (const m of text.matchAll(/\{\s*["']?url["']?\s*:\s*["']([^"']+)["']/g)) urls.add(m[1]!.replace(/^\.?\//, ''));
  const files: FileSize[] = [];
  const missing: string[] = [];
  for (const u of urls) {
    const p = path.join(outDir, u.replace(/[?#].*$/, ''));
    if (existsSync(p) && statSync(p).isFile()) files.push({ file: u, kind: kindOf(u), ...gzipSize(p) });
    else missing.push(u);
  }
  return { sw, files, missing, total: files.reduce((s, f) => s + f.gzip, 0) };
}

function allAssets(outDir: string): FileSize[] {
  const out: FileSize[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      // Precompressed copies (.br, .gz) of files already listed are not files of their own.
      else if (/\.(br|gz)$/.test(e.name)) continue;
      else out.push({ file: path.relative(outDir, p), kind: kindOf(e.name), ...gzipSize(p) });
    }
  };
  walk(outDir);
  return out.sort((a, b) => b.gzip - a.gzip);
}

export async function runBundleSize(ctx: BenchContext): Promise<RowResult[]> {
  ctx.log('building the app and the bare React page with Vite');
  const [appDir, bareDir] = await Promise.all([ctx.appBuild(), ctx.baselineBuild('bare-react')]);
  const app = measureFirstLoad(appDir);
  const bare = measureFirstLoad(bareDir);
  const precache = measurePrecache(appDir);
  const assets = allAssets(appDir);

  const firstLoadSet = new Set(app.files.map((f) => f.file));
  const lazyJs = assets
    .filter((f) => f.kind === 'js' && !firstLoadSet.has(f.file) && f.file !== precache.sw && !/^workbox-/.test(path.basename(f.file)))
    .reduce((s, f) => s + f.gzip, 0);
  const groups = scriptPreloads(appDir, app.files);
  const sizeOf = (files: readonly string[], kind: FileSize['kind']) =>
    files.reduce((sum, file) => sum + (assets.find((a) => a.file === file && a.kind === kind)?.gzip ?? 0), 0);
  // What a first screen fetches in all: index.html's files, and what the boot script preloads for it.
  const screen = (who: string, files: readonly string[]) => ({
    who,
    js: app.js + sizeOf(files, 'js'),
    css: app.css + sizeOf(files, 'css'),
  });
  // The budget holds for the first load there is: a device nobody has signed in on, whose first
  // screen is the sign-in screen.
  const firstVisit = screen('nobody signed in yet (the sign-in screen)', [...(groups.always ?? []), ...(groups.signedOut ?? [])]);
  const signedIn = screen('signed in (the contact form)', [...(groups.always ?? []), ...(groups.signedIn ?? [])]);
  const screens = [firstVisit, signedIn];
  const over = firstVisit.js - JS_BUDGET_BYTES;
  const precacheCell = precache.sw ? `precache ${kb(precache.total)} (${precache.files.length} files)` : 'no service worker yet';
  const detail = [
    '| file | kind | raw | gzip -9 |',
    '|---|---|---:|---:|',
    ...app.files.map((f) => `| ${f.file} | ${f.kind} | ${kb(f.raw)} | ${kb(f.gzip)} |`),
    `| **first load (index.html)** | | | **JS ${kb(app.js)}, CSS ${kb(app.css)}** |`,
    ...screens.map((s) => `| with what boot.ts preloads, ${s.who} | | | JS ${kb(s.js)}, CSS ${kb(s.css)} |`),
    ...bare.files.map((f) => `| baseline: bare React 19 page ${f.file} | ${f.kind} | ${kb(f.raw)} | ${kb(f.gzip)} |`),
    '',
    precache.sw
      ? `Service worker \`${precache.sw}\` precaches ${precache.files.length} files, ${kb(precache.total)} gzip${precache.missing.length ? ` (listed but not in the build: ${precache.missing.join(', ')})` : ''}.`
      : 'No service worker in the build yet (no `sw.js`): nothing is precached.',
    '',
    `Everything in the build (${assets.length} files, ${kb(assets.reduce((s, f) => s + f.gzip, 0))} gzip): ` +
      assets
        .slice(0, 12)
        .map((f) => `${f.file} ${kb(f.gzip)}`)
        .join(', ') +
      (assets.length > 12 ? ', …' : ''),
  ].join('\n');

  return [
    {
      id: 'bundle',
      what: 'first-load JS and CSS',
      figure: `first visit: JS ${kb(firstVisit.js)}, CSS ${kb(firstVisit.css)} gzip (index.html's own: JS ${kb(app.js)}); ${precacheCell}`,
      baseline: `bare React page: JS ${kb(bare.js)}`,
      result: `${ratio(firstVisit.js / bare.js)} the baseline's JS; ${kb(firstVisit.js - bare.js)} over it`,
      target: 'JS ≤ 100 KB gzip',
      verdict: firstVisit.js <= JS_BUDGET_BYTES ? 'met' : 'missed',
      note:
        (over > 0 ? `${kb(over)} over the budget.` : `${kb(-over)} under the budget.`) +
        ` Counts what a first visit fetches for its first screen, the sign-in screen: index.html's own scripts, modulepreloads and stylesheets (JS ${kb(app.js)}), and what index.html's boot script preloads for that screen (JS ${kb(firstVisit.js - app.js)}).` +
        ` Signed in, the first screen is the contact form, which the boot script preloads instead: JS ${kb(signedIn.js)}, CSS ${kb(signedIn.css)} in all.` +
        ` Chunks loaded later by dynamic import (${kb(lazyJs)} gzip in this build, the preloaded ones included) are not in it (the cold-load row counts every byte fetched before the form is usable).`,
      detail,
      data: { app, bare, precache, assets, screens },
    },
  ];
}
