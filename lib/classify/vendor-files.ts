import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CompiledVendorDatabase, compileVendorDatabase } from './vendor-database';
import { markerSelectors } from './markers';
import { buildVendorIndex } from './vendor-index';
import { parseVendor } from './vendor-parse';
import type { Vendor } from './vendor';

/** Build and test time only (Node): the extension bundles the compiled database, never these files. */
export interface VendorFile {
  /** Relative to the project root, e.g. `data/vendors/google-analytics.json`. */
  path: string;
  id: string;
  /** The parsed JSON, not yet validated. */
  raw: unknown;
  /** Why the file is not JSON (then `raw` is undefined). */
  jsonError?: string;
}

export interface LoadedVendors {
  vendors: Vendor[];
  /** `<file>: <problem>` for every file that failed `parseVendor`; such files are left out. */
  problems: string[];
}

export type CompiledVendorFiles = { ok: true; version: string; database: CompiledVendorDatabase; markers: string[] } | { ok: false; problems: string[] };

/** Every `data/vendors/*.json` under `root`, sorted by id. */
export function readVendorFiles(root: string): VendorFile[] {
  const dir = join(root, 'data/vendors');
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => {
      const path = `data/vendors/${name}`;
      return { path, id: name.slice(0, -'.json'.length), ...parseJson(readFileSync(join(root, path), 'utf8')) };
    });
}

export function loadVendors(files: readonly VendorFile[]): LoadedVendors {
  const vendors: Vendor[] = [];
  const problems: string[] = [];
  for (const file of files) {
    if (file.jsonError !== undefined) {
      problems.push(`${file.path}: not valid JSON (${file.jsonError}); a trailing comma or a missing quote is the usual cause`);
      continue;
    }
    const result = parseVendor(file.id, file.raw);
    if (result.ok) vendors.push(result.vendor);
    else problems.push(...result.problems.map((problem) => `${file.path}: ${problem}`));
  }
  return { vendors, problems };
}

/**
 * Validates every file and compiles the index the extension bundles, or lists every problem (invalid files, entries two
 * vendors claim), each naming the file and the fix.
 */
export function compileVendorFiles(files: readonly VendorFile[]): CompiledVendorFiles {
  const { vendors, problems } = loadVendors(files);
  const conflicts = buildVendorIndex(vendors).conflicts.map(
    (conflict) => `${conflict}: keep the entry in one file, or split the host by path prefix (e.g. "google.com/recaptcha" vs "google.com/pagead")`,
  );
  if (problems.length > 0 || conflicts.length > 0) return { ok: false, problems: [...problems, ...conflicts] };
  return { ok: true, version: databaseVersion(files), database: compileVendorDatabase(vendors), markers: markerSelectors(vendors) };
}

/**
 * Identifies the bundled database in reports: vendor count and an FNV-1a hash of every file's id and content, so two
 * builds with the same data report the same version.
 */
export function databaseVersion(files: readonly VendorFile[]): string {
  let hash = 0x811c9dc5;
  for (const file of files) {
    const text = `${file.id}\n${JSON.stringify(file.raw)}\n`;
    for (let i = 0; i < text.length; i++) {
      hash ^= text.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193);
    }
  }
  return `${files.length}-${(hash >>> 0).toString(16).padStart(8, '0')}`;
}

function parseJson(text: string): { raw: unknown; jsonError?: string } {
  try {
    return { raw: JSON.parse(text) };
  } catch (error) {
    return { raw: undefined, jsonError: error instanceof Error ? error.message : String(error) };
  }
}
