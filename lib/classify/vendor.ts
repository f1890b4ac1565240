import { CATEGORIES, CONSENT_VALUES, type Category, type ConsentRequirement } from './categories';
import {
  isHttpsUrl,
  isRecord,
  readCmp,
  readOneOf,
  readDomains,
  readGlobals,
  readNamedItems,
  readSessionReplay,
  readSources,
  readStorageItems,
  readStringArray,
  readText,
} from './vendor-fields';

/**
 * One vendor, as written in `data/vendors/<id>.json` (the id is the filename and is not repeated inside).
 * `parseVendor` (below) turns unknown JSON into this type or a list of problems.
 */
export interface Vendor {
  id: string;
  name: string;
  organization: string;
  website: string;
  category: Category;
  consent: ConsentRequirement;
  /**
   * Registrable domains or specific hosts (lowercase, no scheme). A host matches a domain entry when it equals it
   * or ends with `.<entry>`. An entry may carry a path prefix (`google.com/recaptcha`) where vendors share a host.
   */
  domains: string[];
  cookies?: NamedItem[];
  storage?: StorageItem[];
  /** Page globals the vendor defines (`window.<name>`), e.g. `hj`, `clarity`, `dataLayer`. */
  globals?: string[];
  sessionReplay?: SessionReplayInfo;
  cmp?: CmpInfo;
  /**
   * URL patterns (`host/path*`, as in `sessionReplay`) of the vendor's code and remote configuration. Fetching them is
   * loading, not sending data: a script, stylesheet or font is that by its type already; this lists the XHR/fetch
   * configuration calls an SDK makes before it may track (checked against the real SDK: they carry no identifier).
   */
  code?: string[];
  notes?: string;
  /** Public URLs (vendor documentation, a package's published code) where the facts were verified. Required, non-empty. */
  sources: string[];
}

/** A cookie or storage key. `name` is exact unless it contains `*`, which matches any run of characters. */
export interface NamedItem {
  name: string;
  purpose: string;
  /** Typical lifetime as the vendor documents it, e.g. "13 months", "session", "30 minutes". */
  lifetime?: string;
  /**
   * The item only ever lives on the vendor's own domains (a third-party cookie such as `uid` on adform.net), so it is
   * matched by domain, never by name alone: a site's own cookie called `uid` is not Adform's.
   */
  vendorDomainOnly?: boolean;
  /**
   * The name is common outside this vendor (`visitor_id`, `uid`, `session_id`, `user`): first-party apps use it too.
   * It names the vendor only when the vendor's own host or script is seen in the same visit; otherwise it is a hint
   * ("name resembles X"), never evidence.
   */
  generic?: boolean;
  /**
   * The item records only the visitor's consent choice for this vendor (an opt-in/opt-out flag such as posthog's
   * `__ph_opt_in_out_<token>`): writing it is not storing an identifier.
   */
  consentState?: boolean;
}

export interface StorageItem extends NamedItem {
  area: 'localStorage' | 'sessionStorage' | 'indexedDB';
}

export interface SessionReplayInfo {
  /**
   * URL patterns (host + optional path, `*` wildcard) of the recorder's own scripts. For a vendor whose product is
   * replay (category `session-replay`) that is its loader; for an analytics SDK with an optional replay module, only
   * the module's bundle: the base SDK is not a recorder.
   */
  scripts: string[];
  /**
   * URL patterns of the endpoints that receive recordings and nothing else. Traffic here means it is recording. An
   * endpoint shared with other data (Sentry's envelope, a generic event API) does not belong here: a recording sent
   * there is recognised by its payload (rrweb-shaped events).
   */
  ingest: string[];
  /** CSS selectors that mask, unmask and block content. */
  markers: { mask: string[]; unmask: string[]; block: string[] };
  defaults: {
    /** true / false, or 'setting' when it depends on a dashboard or init option. */
    inputsMasked: boolean | 'setting';
    textMasked: boolean | 'setting';
  };
  /** How payloads are encoded on the wire, e.g. ["gzip", "base64", "json"]. */
  encodings?: string[];
  /**
   * The recorder drops input events a script dispatched (`isTrusted` false) unless configured otherwise, so the
   * canary test's synthetic typing can prove a leak but never masking.
   */
  ignoresUntrustedEvents?: boolean;
}

export interface CmpInfo {
  /** URL patterns of the CMP's scripts. */
  scripts: string[];
  /** Cookies or storage keys holding the visitor's choice, with how to read them. */
  consentCookies: { name: string; area?: 'cookie' | 'localStorage'; howToRead: string }[];
  tcf?: boolean;
}

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
