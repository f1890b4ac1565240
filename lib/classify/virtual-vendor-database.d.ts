/** Served by vendor-database-plugin.ts at build and test time. */
declare module 'virtual:vendor-database' {
  export const DATABASE_VERSION: string;
  /** A `CompiledVendorDatabase` as JSON text, where the module holds it (tests, benchmarks). */
  export const VENDOR_DATABASE: string | undefined;
  /** Otherwise, the extension file that holds that text (the extension). */
  export const VENDOR_DATABASE_FILE: string | undefined;
  /** `markerSelectors` of the vendors. */
  export const MARKER_SELECTORS: readonly string[];
}
