import { join } from 'node:path';
import type { Plugin } from 'vite';
import { compileVendorFiles, readVendorFiles } from './vendor-files';

const ID = 'virtual:vendor-database';
const RESOLVED_ID = `\0${ID}`;

/**
 * Build and test time (wxt.config.ts, vitest.config.ts): serves `virtual:vendor-database`, the vendor files validated
 * and compiled into one JSON text (`CompiledVendorDatabase`), their version, and the replay vendors' marker selectors
 * (markers.ts), which a worker start needs without the rest. An invalid file fails the build, naming
 * the file and the fix; the extension never parses or validates vendor files itself.
 */
export function vendorDatabasePlugin(root: string): Plugin {
  return {
    name: 'consent-inspector:vendor-database',
    resolveId: (source) => (source === ID ? RESOLVED_ID : undefined),
    load(id) {
      if (id !== RESOLVED_ID) return undefined;
      this.addWatchFile(join(root, 'data/vendors'));
      const files = readVendorFiles(root);
      for (const file of files) this.addWatchFile(join(root, file.path));
      const compiled = compileVendorFiles(files);
      if (!compiled.ok) {
        this.error(`invalid vendor files (npx vitest run tests/data tells the same):\n  ${compiled.problems.join('\n  ')}`);
      }
      // One JSON text in a string: JSON.parse reads it faster than V8 evaluates the same object literals, and only on
      // first use (https://v8.dev/blog/cost-of-javascript-2019#json). Characters beyond ASCII are written as JSON escapes:
      // one such character makes V8 hold the whole text as two bytes a character, and a worker start reads it from the
      // code cache at that size.
      return [
        `export const DATABASE_VERSION = ${JSON.stringify(compiled.version)};`,
        `export const VENDOR_DATABASE = ${JSON.stringify(asciiJson(compiled.database))};`,
        `export const MARKER_SELECTORS = ${JSON.stringify(compiled.markers)};`,
      ].join('\n');
    },
  };
}

/** `JSON.stringify(value)` with every character outside ASCII as a `\uXXXX` escape: the same value to JSON.parse. */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
