import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { build, type Rollup } from 'vite';
import { firstScreenBoot } from './first-screen-boot-plugin';

const roots: string[] = [];
afterEach(async () => {
  await Promise.all(roots.splice(0).map((root) => rm(root, { recursive: true, force: true })));
});

/** A tiny app: index.html loads main.js, which imports shared.js and, on demand, lazy.js (which
 * imports shared.js too, so shared.js is loaded already and must not be preloaded again, and
 * lazy.css). */
async function fixture(boot: string): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'first-screen-boot-'));
  roots.push(root);
  await writeFile(
    path.join(root, 'index.html'),
    '<!doctype html>\n<html>\n  <head>\n    <script type="module" src="/main.js"></script>\n  </head>\n  <body></body>\n</html>\n',
  );
  await writeFile(
    path.join(root, 'main.js'),
    "import { shared } from './shared.js';\nshared('main');\nimport('./lazy.js').then((m) => m.lazy());\n",
  );
  await writeFile(path.join(root, 'shared.js'), 'export function shared(from) { console.log(from); }\n');
  await writeFile(
    path.join(root, 'lazy.js'),
    "import { shared } from './shared.js';\nimport './lazy.css';\nexport function lazy() { shared('lazy'); }\n",
  );
  await writeFile(path.join(root, 'lazy.css'), '.lazy { color: red; }\n');
  await writeFile(path.join(root, 'boot.js'), boot);
  return root;
}

async function buildFixture(root: string): Promise<Rollup.OutputBundle[string][]> {
  const result = await build({
    root,
    configFile: false,
    logLevel: 'silent',
    build: { write: false, outDir: path.join(root, 'dist'), modulePreload: { polyfill: false } },
    plugins: [firstScreenBoot({ bootEntry: 'boot.js', firstScreenModules: { first: ['lazy.js'] } })],
  });
  const outputs = Array.isArray(result) ? result : [result];
  return outputs.flatMap((o) => ('output' in o ? o.output : []));
}

describe('firstScreenBoot', () => {
  it("puts a content-hashed boot script first in index.html, preloading the listed module's chunk only", async () => {
    const root = await fixture(
      'for (const href of __FIRST_SCREEN_MODULES__.first) console.log(href);\nconsole.log(__FIRST_SCREEN_MODULES__.first.length);\n',
    );
    const files = await buildFixture(root);
    const html = files.find((f) => f.fileName === 'index.html');
    expect(html?.type).toBe('asset');
    const source = String(html?.type === 'asset' ? html.source : '');

    const boot = files.find((f) => /^assets\/boot-[\w-]{8}\.js$/.test(f.fileName));
    expect(boot?.type).toBe('asset');
    const bootCode = String(boot?.type === 'asset' ? boot.source : '');
    expect(boot?.fileName).toBe(`assets/boot-${createHash('sha256').update(bootCode).digest('base64url').slice(0, 8)}.js`);

    const scripts = [...source.matchAll(/<script[^>]*src="([^"]+)"/g)].map((m) => m[1]);
    expect(scripts[0]).toBe(`/${boot?.fileName}`);
    expect(scripts.length).toBeGreaterThan(1);

    const chunks = files.flatMap((f) => (f.type === 'chunk' ? [f] : []));
    const lazy = chunks.find((c) => c.facadeModuleId === path.join(root, 'lazy.js'));
    const main = chunks.find((c) => c.isEntry);
    expect(lazy && main).toBeTruthy();
    const groups = JSON.parse(/(\{"first":\[[^\]]*\]\})/.exec(bootCode)?.[1] ?? 'null') as { first: string[] };
    const list = groups.first;
    expect(list).toContain(`/${lazy?.fileName}`);
    // With its CSS, which index.html does not link.
    const css = [...(lazy?.viteMetadata?.importedCss ?? [])];
    expect(css).toHaveLength(1);
    expect(list).toContain(`/${css[0]}`);
    expect(source).not.toContain(css[0]);
    // What index.html loads already (the main chunk and its static imports) is not preloaded again.
    for (const loaded of [main?.fileName, ...(main?.imports ?? [])]) expect(list).not.toContain(`/${loaded}`);
    // Every use is replaced, not the first only.
    expect(bootCode).not.toContain('__FIRST_SCREEN_MODULES__');
  });

  it('fails the build when the boot entry imports something', async () => {
    const root = await fixture("import { shared } from './shared.js';\nshared(__FIRST_SCREEN_MODULES__);\n");
    await expect(buildFixture(root)).rejects.toThrow(/boot\.js must import nothing/);
  });
});
