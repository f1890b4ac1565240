/**
 * The page globals the MAIN-world probe watches: every global a vendor file names, plus the consent APIs the consent
 * layer reads itself. The vendor names come from the vendor files at build time (`vendor-globals-define.ts`), so
 * there is no second list to keep in step and the probe's bundle does not carry the database.
 */
declare const __VENDOR_GLOBALS__: string[];

export const CONSENT_APIS = ['__tcfapi', '__gpp', '__uspapi', '__cmp'] as const;

export const WATCHED_GLOBALS: readonly string[] = [...new Set<string>([...CONSENT_APIS, ...__VENDOR_GLOBALS__])].sort();
