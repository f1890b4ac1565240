import { DATABASE_VERSION, MARKER_SELECTORS, VENDOR_DATABASE, VENDOR_DATABASE_FILE } from 'virtual:vendor-database';
import { type CompiledVendorDatabase, readVendorDatabase } from './vendor-database';
import type { VendorIndex } from './vendor-index';
import { onceUntilFailure } from '../once';

/** Identifies the bundled database in reports: vendor count and a hash of the files (vendor-files.ts). */
export { DATABASE_VERSION };

/** The session-replay vendors' marker selectors (markers.ts), computed at build: answering them builds no index. */
export { MARKER_SELECTORS };

/**
 * The index of the bundled vendors, read on first use from the tables the build compiled and validated
 * (vendor-database-plugin.ts): one JSON.parse and a few maps. In the extension the text is an extension file, not part
 * of the worker's script: a worker start loads the whole script (its code cache), and most starts classify nothing.
 * Read once; read again after a failure.
 */
export const loadDefaultIndex: () => Promise<VendorIndex> = loadVendorIndex(readDatabaseText);

/** The memoised reader behind `loadDefaultIndex`, for any source of the compiled text. */
export function loadVendorIndex(readText: () => Promise<string>): () => Promise<VendorIndex> {
  return onceUntilFailure(async () => {
    const text = await readText();
    const start = performance.now();
    const index = readVendorDatabase(JSON.parse(text) as CompiledVendorDatabase);
    // A User Timing entry: DevTools' performance panel and tests/bench/worker-start.bench.mjs read it.
    performance.measure('vendor-index', { start });
    return index;
  });
}

async function readDatabaseText(): Promise<string> {
  if (VENDOR_DATABASE !== undefined) return VENDOR_DATABASE;
  if (VENDOR_DATABASE_FILE === undefined) throw new Error('virtual:vendor-database names no database');
  // A file of the extension's own package, at the root of the worker's (or page's) origin: no network request.
  const response = await fetch(new URL(VENDOR_DATABASE_FILE, globalThis.location.href));
  if (!response.ok) throw new Error(`${VENDOR_DATABASE_FILE}: HTTP ${response.status}`);
  return response.text();
}
