import type { Vendor } from './vendor';

/**
 * Every mask, unmask and block selector of the session-replay vendors, for the content script's field scan.
 * Element-type selectors (img, video) mark media blocking, not fields, and are left out. The build computes them once
 * (vendor-database-plugin.ts): a worker start answers the content script without reading the vendor database.
 */
export function markerSelectors(vendors: readonly Vendor[]): string[] {
  const selectors = vendors.flatMap((v) =>
    v.sessionReplay ? [...v.sessionReplay.markers.mask, ...v.sessionReplay.markers.unmask, ...v.sessionReplay.markers.block] : [],
  );
  return [...new Set(selectors)].filter((selector) => /[.[#]/.test(selector)).sort();
}
