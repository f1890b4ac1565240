import type { VendorIndex } from './vendor-index';

/**
 * Every mask, unmask and block selector of the session-replay vendors, for the content script's field scan.
 * Element-type selectors (img, video) mark media blocking, not fields, and are left out.
 */
export function markerSelectors(index: VendorIndex): string[] {
  const selectors = index.vendors.flatMap((v) =>
    v.sessionReplay ? [...v.sessionReplay.markers.mask, ...v.sessionReplay.markers.unmask, ...v.sessionReplay.markers.block] : [],
  );
  return [...new Set(selectors)].filter((selector) => /[.[#]/.test(selector)).sort();
}
