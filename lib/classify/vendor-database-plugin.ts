import { join } from 'node:path';
import type { Plugin } from 'vite';
import { type CompiledVendorFiles, compileVendorFiles, readVendorFiles } from './vendor-files';

const ID = 'virtual:vendor-database';
const RESOLVED_ID = `\0${ID}`;

/**
 * Where the extension finds the compiled database (an extension file, wxt.config.ts writes it with
 * `vendorDatabaseText`): the worker reads it on first use, so the text is not part of the script a worker start loads.
 */
export const VENDOR_DATABASE_FILE = '/vendor-database.json';

export interface VendorDatabasePluginOptions {
  /**
   * `'file'` (the extension): the module names `VENDOR_DATABASE_FILE` and holds no text. `'inline'` (tests, benchmarks,
   * the default): the text is in the module, a string read at once.
   */
  database?: 'inline' | 'file';
}

/**
 * Build and test time (wxt.config.ts, vitest.config.ts): serves `virtual:vendor-database`, the vendor files' version
 * and the replay vendors' marker selectors (markers.ts), which a worker start needs without the rest, and the vendor
 * files validated and compiled into one JSON text (`CompiledVendorDatabase`), or where to read it. An invalid file
 * fails the build, naming the file and the fix; the extension never parses or validates vendor files itself.
 */
export function vendorDatabasePlugin(root: string, options: VendorDatabasePluginOptions = {}): Plugin {
  return {
    name: 'consent-inspector:vendor-database',
    resolveId: (source) => (source === ID ? RESOLVED_ID : undefined),
    load(id) {
      if (id !== RESOLVED_ID) return undefined;
      this.addWatchFile(join(root, 'data/vendors'));
      const files = readVendorFiles(root);
      for (const file of files) this.addWatchFile(join(root, file.path));
      const compiled = compileVendorFiles(files);
      if (!compiled.ok) this.error(invalid(compiled));
      // One JSON text in a string: JSON.parse reads it faster than V8 evaluates the same object literals, and only on
      // first use (https://v8.dev/blog/cost-of-javascript-2019#json). Characters beyond ASCII are written as JSON escapes:
      // one such character makes V8 hold the whole text as two bytes a character.
      const inline = options.database !== 'file';
      return [
        `export const DATABASE_VERSION = ${JSON.stringify(compiled.version)};`,
        `export const VENDOR_DATABASE = ${inline ? JSON.stringify(asciiJson(compiled.database)) : 'undefined'};`,
        `export const VENDOR_DATABASE_FILE = ${inline ? 'undefined' : JSON.stringify(VENDOR_DATABASE_FILE)};`,
        `export const MARKER_SELECTORS = ${JSON.stringify(compiled.markers)};`,
      ].join('\n');
    },
  };
}

/** Build time: the text of `VENDOR_DATABASE_FILE` (ASCII JSON, like the inline text). Throws on an invalid file. */
export function vendorDatabaseText(root: string): string {
  const compiled = compileVendorFiles(readVendorFiles(root));
  if (!compiled.ok) throw new Error(invalid(compiled));
  return asciiJson(compiled.database);
}

function invalid(compiled: Extract<CompiledVendorFiles, { ok: false }>): string {
  return `invalid vendor files (npx vitest run tests/data tells the same):\n  ${compiled.problems.join('\n  ')}`;
}

/** `JSON.stringify(value)` with every character outside ASCII as a `\uXXXX` escape: the same value to JSON.parse. */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
