import { DATABASE_VERSION, MARKER_SELECTORS, VENDOR_DATABASE } from 'virtual:vendor-database';
import { type CompiledVendorDatabase, readVendorDatabase } from './vendor-database';
import type { VendorIndex } from './vendor-index';

/** Identifies the bundled database in reports: vendor count and a hash of the files (vendor-files.ts). */
export { DATABASE_VERSION };

/** The session-replay vendors' marker selectors (markers.ts), computed at build: answering them builds no index. */
export { MARKER_SELECTORS };

let defaultIndex: VendorIndex | undefined;

/**
 * The index of the bundled vendors, read on first use from the tables the build compiled and validated
 * (vendor-database-plugin.ts): one JSON.parse and a few maps.
 */
export function getDefaultIndex(): VendorIndex {
  if (!defaultIndex) {
    const start = performance.now();
    defaultIndex = readVendorDatabase(JSON.parse(VENDOR_DATABASE) as CompiledVendorDatabase);
    // A User Timing entry: DevTools' performance panel and tests/bench/worker-start.bench.mjs read it.
    performance.measure('vendor-index', { start });
  }
  return defaultIndex;
}
