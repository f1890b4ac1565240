/** Served by vendor-database-plugin.ts at build and test time. */
declare module 'virtual:vendor-database' {
  export const DATABASE_VERSION: string;
  /** A `CompiledVendorDatabase` as JSON text. */
  export const VENDOR_DATABASE: string;
  /** `markerSelectors` of the vendors. */
  export const MARKER_SELECTORS: readonly string[];
}
