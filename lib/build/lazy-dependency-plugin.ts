import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Plugin } from 'vite';

const PREFIX = '\0consent-inspector:lazy:';

/**
 * Build time (wxt.config.ts): the project's imports of `packages` evaluate each package on first use, not at start.
 * An ES module runs its top level when the bundle starts, and a service worker cannot import later (no `import()` in
 * a worker); tldts derives its suffix tables and fflate builds its Huffman and CRC tables there, milliseconds of every
 * worker start (docs/benchmarks.md, note 5), though most starts classify or inflate nothing. The import is served by a
 * CommonJS module whose exports are getters that `require` the package: the bundler wraps a required module in a
 * function and runs it at the first call. Same package, same version, same functions; only when they are set up moves.
 */
export function lazyDependencyPlugin(root: string, packages: readonly string[]): Plugin {
  const require = createRequire(join(root, 'package.json'));
  return {
    name: 'consent-inspector:lazy-dependency',
    enforce: 'pre',
    resolveId(source, importer) {
      if (!packages.includes(source) || !importer || importer.startsWith(PREFIX) || importer.includes('/node_modules/')) return undefined;
      return `${PREFIX}${source}`;
    },
    load(id) {
      if (!id.startsWith(PREFIX)) return undefined;
      const name = id.slice(PREFIX.length);
      const names = Object.keys(require(name) as object);
      return [
        'let loaded;',
        `const load = () => (loaded ??= require(${JSON.stringify(name)}));`,
        `for (const name of ${JSON.stringify(names)}) Object.defineProperty(exports, name, { enumerable: true, get: () => load()[name] });`,
      ].join('\n');
    },
  };
}
