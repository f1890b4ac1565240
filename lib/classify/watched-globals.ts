/**
 * The page globals the MAIN-world probe watches: every global a vendor file names, plus the consent APIs the consent
 * layer reads itself. Built from the vendor files, so there is no second list to keep in step. Only the `globals`
 * export of each file is imported, so the probe's bundle does not carry the rest of the database.
 */
export const CONSENT_APIS = ['__tcfapi', '__gpp', '__uspapi', '__cmp'] as const;

const VENDOR_GLOBALS = import.meta.glob<string[] | undefined>('/data/vendors/*.json', { eager: true, import: 'globals' });

export const WATCHED_GLOBALS: readonly string[] = [...new Set([...CONSENT_APIS, ...Object.values(VENDOR_GLOBALS).flatMap((names) => names ?? [])])].sort();
