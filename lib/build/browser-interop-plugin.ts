import type { Plugin } from 'vite';

const ID = '\0consent-inspector:webextension-polyfill';

/**
 * Build time (wxt.config.ts): `wxt/browser` re-exports webextension-polyfill's CommonJS `module.exports` as an ES
 * default export. The bundler's interop for that copies every own property of `module.exports` onto a namespace
 * object; in a browser with a native `browser` the polyfill exports that object itself, so the copy reads each API
 * namespace (`browser.windows`, `browser.tabs`...) at start and makes the browser build its bindings: milliseconds of
 * a worker start (docs/benchmarks.md, note 5). This module hands the same polyfill over through a CommonJS module of
 * its own with only `__esModule` and `default`, so the interop copies two properties and no namespace is read.
 */
export function browserInteropPlugin(): Plugin {
  return {
    name: 'consent-inspector:browser-interop',
    enforce: 'pre',
    resolveId(source) {
      return source === '@wxt-dev/webextension-polyfill/browser' ? ID : undefined;
    },
    load(id) {
      if (id !== ID) return undefined;
      return "exports.browser = require('webextension-polyfill');\n";
    },
  };
}
