import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Plugin, Rollup } from 'vite';

export interface FirstScreenBootOptions {
  /** The first screen's own script, relative to the root: it must import nothing. */
  bootEntry: string;
  /** Modules, relative to the root, in named groups (which the boot entry picks from, as the first
   * screen will need them), whose chunks, less what index.html loads already, the boot entry
   * preloads: its `__FIRST_SCREEN_MODULES__` becomes `{group: [url, …]}`, each group's JS chunks and
   * the CSS files they import. */
  firstScreenModules: Readonly<Record<string, readonly string[]>>;
}

/** Builds the boot entry (boot.ts) as an entry of its own, writes into it the URLs of the chunks that hold
 * each group of firstScreenModules (and their imports, less what index.html loads already), and puts its
 * script first in index.html. Build only: in development the app runs without it (it then asks
 * for everything itself, as it would if boot.ts failed). */
export function firstScreenBoot({ bootEntry, firstScreenModules }: FirstScreenBootOptions): Plugin {
  let root = process.cwd();
  let base = '/';
  return {
    name: 'doorstep:first-screen-boot',
    apply: 'build',
    enforce: 'post',
    config(user) {
      root = path.resolve(user.root ?? process.cwd());
      return { build: { rollupOptions: { input: { index: path.join(root, 'index.html'), boot: path.join(root, bootEntry) } } } };
    },
    configResolved(config) {
      base = config.base;
    },
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        const chunks = Object.values(bundle).flatMap((c) => (c.type === 'chunk' ? [c] : []));
        const bootPath = path.join(root, bootEntry);
        const boot = chunks.find((c) => c.facadeModuleId === bootPath);
        const main = chunks.find((c) => c.isEntry && c !== boot);
        const html = bundle['index.html'];
        if (!boot || !main || html?.type !== 'asset') return this.error('first-screen boot: entry chunks or index.html not found');
        if (boot.imports.length || boot.dynamicImports.length)
          this.error(`${bootEntry} must import nothing (it would wait for what it imports)`);
        // What index.html loads already: the main chunk and its static imports.
        const loaded = new Set<string>();
        const walk = (fileName: string, into: Set<string>, skip: Set<string>) => {
          if (into.has(fileName) || skip.has(fileName)) return;
          into.add(fileName);
          const chunk = bundle[fileName];
          if (chunk?.type === 'chunk') for (const i of chunk.imports) walk(i, into, skip);
        };
        walk(main.fileName, loaded, new Set());
        // CSS that index.html links already is not linked again.
        const loadedCss = new Set([...loaded].flatMap((f) => [...((bundle[f] as Rollup.OutputChunk).viteMetadata?.importedCss ?? [])]));
        const groups: Record<string, string[]> = {};
        for (const [group, modules] of Object.entries(firstScreenModules)) {
          const wanted = new Set<string>();
          for (const module of modules) {
            const id = path.join(root, module);
            const chunk = chunks.find((c) => c.moduleIds.includes(id));
            if (!chunk) return this.error(`first-screen boot: ${module} is in no chunk`);
            walk(chunk.fileName, wanted, loaded);
          }
          const css = [...wanted].flatMap((f) => [...((bundle[f] as Rollup.OutputChunk).viteMetadata?.importedCss ?? [])]);
          groups[group] = [...wanted, ...new Set(css.filter((f) => !loadedCss.has(f)))].map((f) => base + f);
        }
        // Every use: the minifier may have inlined a constant that held it.
        const code = boot.code.replaceAll('__FIRST_SCREEN_MODULES__', JSON.stringify(groups));
        if (code === boot.code) return this.error('first-screen boot: __FIRST_SCREEN_MODULES__ not found in the built boot.ts');
        // Named by its final content, as every other asset is (they are served as immutable).
        const hash = createHash('sha256').update(code).digest('base64url').slice(0, 8);
        const fileName = `${path.posix.dirname(boot.fileName)}/boot-${hash}.js`;
        delete bundle[boot.fileName];
        this.emitFile({ type: 'asset', fileName, source: code });
        const tag = `<script type="module" crossorigin src="${base}${fileName}"></script>`;
        const source = String(html.source);
        const at = source.indexOf('<script type="module"');
        if (at < 0) return this.error('first-screen boot: no module script in index.html');
        html.source = `${source.slice(0, at)}${tag}\n    ${source.slice(at)}`;
      },
    },
  };
}
