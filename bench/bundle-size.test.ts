import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { firstLoadFiles, measureFirstLoad, measurePrecache, scriptPreloads } from './bundle-size';

// A built folder as Vite and vite-plugin-pwa write it, small enough to count by hand.
let dir: string;
const write = (file: string, text: string) => {
  mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  writeFileSync(path.join(dir, file), text);
};
const gz = (text: string) => gzipSync(Buffer.from(text), { level: 9 }).length;

const MAIN = 'console.log("main");'.repeat(50);
const VENDOR = 'export const react = 1;'.repeat(40);
const LAZY = 'export const later = 2;'.repeat(30);
const CSS = 'body{margin:0}'.repeat(20);

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'doorstep-bundle-test-'));
  write(
    'index.html',
    `<!doctype html><html><head>
      <link rel="icon" href="/icon.svg">
      <link rel="manifest" href="/manifest.webmanifest">
      <script type="module" crossorigin src="/assets/index-abc.js"></script>
      <link rel="modulepreload" crossorigin href="/assets/react-def.js?v=1">
      <link rel='stylesheet' href='./assets/index-ghi.css'>
      <script src="https://cdn.example.org/tracker.js"></script>
    </head><body><div id="root"></div></body></html>`,
  );
  write('assets/index-abc.js', MAIN);
  write('assets/react-def.js', VENDOR);
  write('assets/later-jkl.js', LAZY);
  write('assets/index-ghi.css', CSS);
  write('icon.svg', '<svg/>');
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('first-load JS and CSS', () => {
  it('counts what index.html makes the browser fetch: module scripts, modulepreloads and stylesheets, not icons, lazy chunks or other origins', () => {
    expect(firstLoadFiles(dir).sort()).toEqual(['assets/index-abc.js', 'assets/index-ghi.css', 'assets/react-def.js']);
  });

  it('adds up their gzip -9 sizes, JS and CSS apart', () => {
    const first = measureFirstLoad(dir);
    expect(first.js).toBe(gz(MAIN) + gz(VENDOR));
    expect(first.css).toBe(gz(CSS));
    expect(first.files.find((f) => f.file === 'assets/index-abc.js')).toMatchObject({ kind: 'js', raw: MAIN.length });
  });
});

describe("the boot script's preloads", () => {
  it('reads its groups, less what index.html loads already', () => {
    write(
      'assets/boot-x1.js',
      `var s=new Set;c({"always":["/assets/first-a.js"],"signedIn":["/assets/form-b.js","/assets/form-c.css","/assets/react-def.js"],"signedOut":["/assets/sign-in-d.js"]}.always)`,
    );
    const firstLoad = [...firstLoadFiles(dir), 'assets/boot-x1.js'].map((file) => ({ file }));
    expect(scriptPreloads(dir, firstLoad)).toEqual({
      always: ['assets/first-a.js'],
      signedIn: ['assets/form-b.js', 'assets/form-c.css'],
      signedOut: ['assets/sign-in-d.js'],
    });
  });

  it('fails, rather than count nothing, when the boot script holds no groups', () => {
    write('assets/boot-x2.js', 'console.log(1)');
    expect(() => scriptPreloads(dir, [{ file: 'assets/boot-x2.js' }])).toThrow(/holds no preload groups/);
  });
});

describe('precache', () => {
  it('reads the service worker manifest and says which of its entries are missing from the build', () => {
    write(
      'sw.js',
      `define(["./workbox-1"],function(e){e.precacheAndRoute([{url:"assets/index-abc.js",revision:null},{url:"index.html",revision:"4b1"},{url:"assets/gone.js",revision:null}],{})});`,
    );
    const precache = measurePrecache(dir);
    expect(precache.sw).toBe('sw.js');
    expect(precache.files.map((f) => f.file).sort()).toEqual(['assets/index-abc.js', 'index.html']);
    expect(precache.missing).toEqual(['assets/gone.js']);
    expect(precache.total).toBe(precache.files.reduce((s, f) => s + f.gzip, 0));
  });

  it('is empty, not an error, for a build without a service worker', () => {
    expect(measurePrecache(dir)).toEqual({ sw: undefined, files: [], missing: [], total: 0 });
  });
});
