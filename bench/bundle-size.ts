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

/** Chunks that index.html's boot script (src/client/app/boot.ts, built as `assets/boot-*.js`)
 * preloads as it runs: fetched with the first load, though index.html does not list them. (The
 * main script names every lazy chunk too, but loads each only when it is imported.) */
function scriptPreloads(outDir: string, firstLoad: readonly FileSize[]): string[] {
  const found = new Set<string>();
  for (const f of firstLoad) {
    if (!/(^|\/)boot-[\w-]+\.js$/.test(f.file)) continue;
    const text = readFileSync(path.join(outDir, f.file), 'utf8');
    for (const m of text.matchAll(/["'`]\/?(assets\/[\w.-]+\.js)["'`]/g)) if (!firstLoad.some((x) => x.file === m[1])) found.add(m[1]!);
  }
  return [...found];
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

  const over = app.js - JS_BUDGET_BYTES;
  const firstLoadSet = new Set(app.files.map((f) => f.file));
  const lazyJs = assets
    .filter((f) => f.kind === 'js' && !firstLoadSet.has(f.file) && f.file !== precache.sw && !/^workbox-/.test(path.basename(f.file)))
    .reduce((s, f) => s + f.gzip, 0);
  const preloaded = scriptPreloads(appDir, app.files)
    .map((file) => assets.find((a) => a.file === file))
    .filter((f): f is FileSize => !!f);
  const preloadedJs = preloaded.reduce((s, f) => s + f.gzip, 0);
  const precacheCell = precache.sw ? `precache ${kb(precache.total)} (${precache.files.length} files)` : 'no service worker yet';
  const detail = [
    '| file | kind | raw | gzip -9 |',
    '|---|---|---:|---:|',
    ...app.files.map((f) => `| ${f.file} | ${f.kind} | ${kb(f.raw)} | ${kb(f.gzip)} |`),
    `| **first load (index.html)** | | | **JS ${kb(app.js)}, CSS ${kb(app.css)}** |`,
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
      figure: `JS ${kb(app.js)}, CSS ${kb(app.css)} gzip; ${precacheCell}`,
      baseline: `bare React page: JS ${kb(bare.js)}`,
      result: `${ratio(app.js / bare.js)} the baseline's JS; ${kb(app.js - bare.js)} over it`,
      target: 'JS ≤ 100 KB gzip',
      verdict: app.js <= JS_BUDGET_BYTES ? 'met' : 'missed',
      note:
        (over > 0 ? `${kb(over)} over the budget.` : `${kb(-over)} under the budget.`) +
        ` Counts index.html's own scripts, modulepreloads and stylesheets only; chunks loaded by dynamic import (${kb(lazyJs)} gzip in this build) are not in it` +
        (preloaded.length
          ? `, although ${kb(preloadedJs)} of them (${preloaded.map((f) => f.file).join(', ')}) is preloaded at once by a script of index.html, for the first screen`
          : '') +
        ` (the cold-load row counts every byte fetched before the form is usable).`,
      detail,
      data: { app, bare, precache, assets },
    },
  ];
}
