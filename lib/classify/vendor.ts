import { CATEGORIES, CONSENT_VALUES, type Category, type ConsentRequirement } from './categories';

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
 * A domain entry: lowercase hostname labels (letters, digits, hyphens; punycode for IDNs), at least two labels, no scheme,
 * port or trailing dot, optionally followed by a path prefix (`google.com/recaptcha`).
 */
export const DOMAIN_ENTRY_PATTERN = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\/[A-Za-z0-9._~%!$&'()+,;=:@/-]*)?$/;

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
const STORAGE_AREAS = ['localStorage', 'sessionStorage', 'indexedDB'] as const;
const GLOBAL_PATTERN = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/;
/** Cookie names are RFC 6265 tokens; `*` is our wildcard. */
const COOKIE_NAME_PATTERN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isHttpsUrl(value: string): boolean {
  return /^https:\/\/[^\s/]+\.[^\s/]+(?:\/\S*)?$/.test(value);
}

function readText(raw: Record<string, unknown>, key: string, problems: string[], where = ''): string | undefined {
  const value = raw[key];
  if (typeof value === 'string' && value.trim() !== '') return value;
  problems.push(`${where}"${key}": required, a non-empty string`);
  return undefined;
}

function readOneOf<T extends string>(raw: Record<string, unknown>, key: string, allowed: readonly T[], problems: string[]): T | undefined {
  const value = raw[key];
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  problems.push(`"${key}": ${JSON.stringify(value)} is not one of ${allowed.join(', ')} (lib/classify/categories.ts)`);
  return undefined;
}

function readStringArray(value: unknown, where: string, problems: string[], nonEmpty: boolean): string[] {
  if (!Array.isArray(value) || (nonEmpty && value.length === 0)) {
    problems.push(`${where}: must be ${nonEmpty ? 'a non-empty' : 'an'} array of strings`);
    return [];
  }
  const out: string[] = [];
  value.forEach((item, i) => {
    if (typeof item === 'string' && item.trim() !== '') out.push(item);
    else problems.push(`${where}[${i}]: must be a non-empty string`);
  });
  return out;
}

function readDomains(value: unknown, problems: string[]): string[] {
  const domains = readStringArray(value, '"domains"', problems, true);
  const seen = new Set<string>();
  for (const domain of domains) {
    if (seen.has(domain)) problems.push(`"domains": "${domain}" is listed twice; remove one`);
    seen.add(domain);
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(domain)) {
      problems.push(`"domains": "${domain}" has a scheme; write the bare host, e.g. "example.com"`);
    } else if (/[A-Z]/.test(domain.split('/', 1)[0] ?? '')) {
      problems.push(`"domains": "${domain}" must be lowercase`);
    } else if (domain.startsWith('.') || domain.startsWith('*')) {
      problems.push(`"domains": "${domain}" must not start with "." or "*"; an entry already matches its subdomains`);
    } else if (!DOMAIN_ENTRY_PATTERN.test(domain)) {
      problems.push(`"domains": "${domain}" is not a bare hostname with an optional path prefix (no port, trailing dot, query or spaces; punycode for IDNs)`);
    } else if (/\/$/.test(domain) && domain.indexOf('/') === domain.length - 1) {
      problems.push(`"domains": "${domain}" ends with "/"; drop it, or give a real path prefix`);
    }
  }
  return domains;
}

function readSources(value: unknown, problems: string[]): string[] {
  const sources = readStringArray(value, '"sources"', problems, true);
  for (const source of sources) {
    if (/^research:/.test(source)) {
      problems.push(
        `"sources": "${source}" is a private research note users cannot open; replace it with the public https:// URLs it cites (vendor docs, npm or GitHub pages), or say "unverified: …" in "notes"`,
      );
    } else if (!isHttpsUrl(source)) {
      problems.push(`"sources": "${source}" must be an https:// URL of public vendor documentation, a package page or a repository`);
    }
  }
  return sources;
}

function readNamedItems(value: unknown, field: string, problems: string[]): NamedItem[] {
  if (!Array.isArray(value)) {
    problems.push(`"${field}": must be an array of { name, purpose, lifetime? }`);
    return [];
  }
  const items: NamedItem[] = [];
  const seen = new Set<string>();
  value.forEach((entry, i) => {
    const where = `"${field}"[${i}].`;
    if (!isRecord(entry)) {
      problems.push(`"${field}"[${i}]: must be an object { name, purpose, lifetime? }`);
      return;
    }
    for (const key of Object.keys(entry)) {
      if (!['name', 'purpose', 'lifetime', 'vendorDomainOnly', 'generic', 'consentState', 'area'].includes(key) || (key === 'area' && field === 'cookies')) {
        problems.push(
          `${where}${key}: unknown field; allowed are name, purpose, lifetime, vendorDomainOnly, generic, consentState${field === 'storage' ? ', area' : ''}`,
        );
      }
    }
    const name = readText(entry, 'name', problems, where);
    const purpose = readText(entry, 'purpose', problems, where);
    if (name !== undefined) {
      if (field === 'cookies' && !COOKIE_NAME_PATTERN.test(name)) {
        problems.push(`${where}name: "${name}" is not a valid cookie name (no spaces, ";", "=" or quotes)`);
      }
      if (name === '*' || /\*\*/.test(name)) problems.push(`${where}name: "${name}" is too broad; keep a literal prefix or suffix`);
      if (seen.has(name)) problems.push(`${where}name: "${name}" is listed twice; remove one`);
      seen.add(name);
    }
    const item: NamedItem = { name: name ?? '', purpose: purpose ?? '' };
    if (entry.lifetime !== undefined) {
      if (typeof entry.lifetime === 'string' && entry.lifetime.trim() !== '') item.lifetime = entry.lifetime;
      else problems.push(`${where}lifetime: must be a non-empty string such as "13 months" or "session", or be left out`);
    }
    if (entry.vendorDomainOnly !== undefined) {
      if (entry.vendorDomainOnly === true) item.vendorDomainOnly = true;
      else problems.push(`${where}vendorDomainOnly: must be true, or be left out`);
    }
    if (entry.generic !== undefined) {
      if (entry.generic === true) item.generic = true;
      else problems.push(`${where}generic: must be true, or be left out`);
    }
    if (entry.consentState !== undefined) {
      if (entry.consentState === true) item.consentState = true;
      else problems.push(`${where}consentState: must be true, or be left out`);
    }
    items.push(item);
  });
  return items;
}

function readStorageItems(value: unknown, problems: string[]): StorageItem[] {
  const named = readNamedItems(value, 'storage', problems);
  const raws = Array.isArray(value) ? value : [];
  return named.map((item, i) => {
    const entry: unknown = raws[i];
    const area = isRecord(entry) ? entry.area : undefined;
    if (typeof area === 'string' && (STORAGE_AREAS as readonly string[]).includes(area)) {
      return { ...item, area: area as StorageItem['area'] };
    }
    problems.push(`"storage"[${i}].area: ${JSON.stringify(area)} is not one of ${STORAGE_AREAS.join(', ')}`);
    return { ...item, area: 'localStorage' };
  });
}

function readGlobals(value: unknown, problems: string[]): string[] {
  const globals = readStringArray(value, '"globals"', problems, false);
  for (const name of globals) {
    if (!GLOBAL_PATTERN.test(name)) problems.push(`"globals": "${name}" is not a JavaScript identifier or dotted path`);
  }
  return globals;
}

function readSessionReplay(value: unknown, problems: string[]): SessionReplayInfo | undefined {
  if (!isRecord(value)) {
    problems.push('"sessionReplay": must be an object { scripts, ingest, markers, defaults, encodings? }');
    return undefined;
  }
  const scripts = readStringArray(value.scripts, '"sessionReplay".scripts', problems, false);
  const ingest = readStringArray(value.ingest, '"sessionReplay".ingest', problems, false);
  const markersRaw = value.markers;
  const markers = { mask: [] as string[], unmask: [] as string[], block: [] as string[] };
  if (isRecord(markersRaw)) {
    markers.mask = readStringArray(markersRaw.mask, '"sessionReplay".markers.mask', problems, false);
    markers.unmask = readStringArray(markersRaw.unmask, '"sessionReplay".markers.unmask', problems, false);
    markers.block = readStringArray(markersRaw.block, '"sessionReplay".markers.block', problems, false);
  } else {
    problems.push('"sessionReplay".markers: must be an object { mask: [], unmask: [], block: [] }');
  }
  const defaultsRaw = value.defaults;
  const defaults: SessionReplayInfo['defaults'] = { inputsMasked: 'setting', textMasked: 'setting' };
  if (isRecord(defaultsRaw)) {
    for (const key of ['inputsMasked', 'textMasked'] as const) {
      const v = defaultsRaw[key];
      if (typeof v === 'boolean' || v === 'setting') defaults[key] = v;
      else problems.push(`"sessionReplay".defaults.${key}: must be true, false or "setting"`);
    }
  } else {
    problems.push('"sessionReplay".defaults: must be an object { inputsMasked, textMasked }');
  }
  const info: SessionReplayInfo = { scripts, ingest, markers, defaults };
  if (scripts.length === 0 && ingest.length === 0) {
    problems.push('"sessionReplay": give at least one script or ingest pattern');
  }
  if (value.encodings !== undefined) info.encodings = readStringArray(value.encodings, '"sessionReplay".encodings', problems, false);
  if (value.ignoresUntrustedEvents !== undefined) {
    if (typeof value.ignoresUntrustedEvents === 'boolean') info.ignoresUntrustedEvents = value.ignoresUntrustedEvents;
    else problems.push('"sessionReplay".ignoresUntrustedEvents: must be true or false, or be left out');
  }
  return info;
}

function readCmp(value: unknown, problems: string[]): CmpInfo | undefined {
  if (!isRecord(value)) {
    problems.push('"cmp": must be an object { scripts, consentCookies, tcf? }');
    return undefined;
  }
  const scripts = readStringArray(value.scripts, '"cmp".scripts', problems, false);
  const consentCookies: CmpInfo['consentCookies'] = [];
  if (Array.isArray(value.consentCookies)) {
    value.consentCookies.forEach((entry, i) => {
      const where = `"cmp".consentCookies[${i}].`;
      if (!isRecord(entry)) {
        problems.push(`"cmp".consentCookies[${i}]: must be an object { name, area?, howToRead }`);
        return;
      }
      const name = readText(entry, 'name', problems, where);
      const howToRead = readText(entry, 'howToRead', problems, where);
      const cookie: CmpInfo['consentCookies'][number] = { name: name ?? '', howToRead: howToRead ?? '' };
      if (entry.area !== undefined) {
        if (entry.area === 'cookie' || entry.area === 'localStorage') cookie.area = entry.area;
        else problems.push(`${where}area: must be "cookie" or "localStorage", or be left out`);
      }
      consentCookies.push(cookie);
    });
  } else {
    problems.push('"cmp".consentCookies: must be an array of { name, area?, howToRead }');
  }
  const cmp: CmpInfo = { scripts, consentCookies };
  if (value.tcf !== undefined) {
    if (typeof value.tcf === 'boolean') cmp.tcf = value.tcf;
    else problems.push('"cmp".tcf: must be true or false, or be left out');
  }
  return cmp;
}
