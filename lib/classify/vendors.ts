import { parseVendor } from './vendor-parse';
import type { Vendor } from './vendor';
import { buildVendorIndex, type VendorIndex } from './vendor-index';

export interface VendorFile {
  /** Path as Vite reports it, e.g. `/data/vendors/google-analytics.json`. */
  path: string;
  id: string;
  raw: unknown;
}

/** Every `data/vendors/*.json`, sorted by id, as parsed JSON (not yet validated). */
export const VENDOR_FILES: readonly VendorFile[] = Object.entries(import.meta.glob<unknown>('/data/vendors/*.json', { eager: true, import: 'default' }))
  .map(([path, raw]) => ({ path, id: path.slice(path.lastIndexOf('/') + 1, -'.json'.length), raw }))
  .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/**
 * Identifies the bundled database in reports: vendor count and an FNV-1a hash of every file's id and content, so two
 * builds with the same data report the same version.
 */
export const DATABASE_VERSION = `${VENDOR_FILES.length}-${hashFiles(VENDOR_FILES)}`;

export interface LoadedVendors {
  vendors: Vendor[];
  /** `<file>: <problem>` for every file that failed `parseVendor`; such files are left out. */
  problems: string[];
}

export function loadVendors(files: readonly VendorFile[] = VENDOR_FILES): LoadedVendors {
  const vendors: Vendor[] = [];
  const problems: string[] = [];
  for (const file of files) {
    const result = parseVendor(file.id, file.raw);
    if (result.ok) vendors.push(result.vendor);
    else problems.push(...result.problems.map((problem) => `${file.path}: ${problem}`));
  }
  return { vendors, problems };
}

let defaultIndex: VendorIndex | undefined;

/**
 * The index of the bundled vendors, built on first use. Invalid files are left out and logged once; the data test
 * keeps them from shipping.
 */
export function getDefaultIndex(): VendorIndex {
  if (!defaultIndex) {
    const { vendors, problems } = loadVendors();
    if (problems.length > 0) console.error('Consent Inspector: invalid vendor files left out', problems);
    defaultIndex = buildVendorIndex(vendors);
  }
  return defaultIndex;
}

function hashFiles(files: readonly VendorFile[]): string {
  let hash = 0x811c9dc5;
  for (const file of files) {
    const text = `${file.id}\n${JSON.stringify(file.raw)}\n`;
    for (let i = 0; i < text.length; i++) {
      hash ^= text.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193);
    }
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}
