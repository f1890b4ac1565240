import { CATEGORIES, CONSENT_VALUES } from './categories';
import {
  isHttpsUrl,
  isRecord,
  readCmp,
  readDomains,
  readGlobals,
  readNamedItems,
  readOneOf,
  readSessionReplay,
  readSources,
  readStorageItems,
  readStringArray,
  readText,
} from './vendor-fields';
import type { Vendor } from './vendor';

export type VendorParseResult = { ok: true; vendor: Vendor } | { ok: false; problems: string[] };

export const VENDOR_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Turns the parsed JSON of `data/vendors/<id>.json` into a `Vendor`, or lists every problem found. Each problem names
 * the field and says how to fix it; callers prefix the file name.
 */
export function parseVendor(id: string, raw: unknown): VendorParseResult {
  const problems: string[] = [];
  if (!VENDOR_ID_PATTERN.test(id)) {
    problems.push(`id "${id}": the filename must be kebab-case (lowercase letters, digits and single hyphens), e.g. google-analytics.json`);
  }
  if (!isRecord(raw)) return { ok: false, problems: [...problems, 'the file must hold one JSON object'] };

  for (const key of Object.keys(raw)) {
    if (!VENDOR_KEYS.has(key)) {
      problems.push(key === 'id' ? '"id": remove it, the id is the filename' : `"${key}": unknown field; allowed fields are ${[...VENDOR_KEYS].join(', ')}`);
    }
  }

  const name = readText(raw, 'name', problems);
  const organization = readText(raw, 'organization', problems);
  const website = readText(raw, 'website', problems);
  if (website !== undefined && !isHttpsUrl(website)) problems.push(`"website": "${website}" must be an https:// URL`);
  const category = readOneOf(raw, 'category', CATEGORIES, problems);
  const consent = readOneOf(raw, 'consent', CONSENT_VALUES, problems);
  const domains = readDomains(raw.domains, problems);
  const sources = readSources(raw.sources, problems);

  const vendor: Vendor = {
    id,
    name: name ?? '',
    organization: organization ?? '',
    website: website ?? '',
    category: category ?? 'essential',
    consent: consent ?? 'required',
    domains,
    sources,
  };
  if (raw.cookies !== undefined) vendor.cookies = readNamedItems(raw.cookies, 'cookies', problems);
  if (raw.storage !== undefined) vendor.storage = readStorageItems(raw.storage, problems);
  if (raw.globals !== undefined) vendor.globals = readGlobals(raw.globals, problems);
  if (raw.sessionReplay !== undefined) {
    const replay = readSessionReplay(raw.sessionReplay, problems);
    if (replay) vendor.sessionReplay = replay;
  }
  if (raw.cmp !== undefined) {
    const cmp = readCmp(raw.cmp, problems);
    if (cmp) vendor.cmp = cmp;
  }
  if (raw.code !== undefined) vendor.code = readStringArray(raw.code, '"code"', problems, true);
  if (raw.notes !== undefined) {
    if (typeof raw.notes === 'string' && raw.notes.trim() !== '') vendor.notes = raw.notes;
    else problems.push('"notes": must be a non-empty string, or be left out');
  }

  return problems.length === 0 ? { ok: true, vendor } : { ok: false, problems };
}

const VENDOR_KEYS = new Set([
  'name',
  'organization',
  'website',
  'category',
  'consent',
  'domains',
  'cookies',
  'storage',
  'globals',
  'sessionReplay',
  'cmp',
  'code',
  'notes',
  'sources',
]);
