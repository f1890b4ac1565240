import type { Party } from '../model';
import type { NamedItem, StorageItem, Vendor } from './vendor';
import type { HostEntry, NameIndex, NameMatch, VendorIndex } from './vendor-index';
import { partyOf, siteOf } from './site';
import { type UnclassifiableReason, parseUrlHost } from './url-host';

export type UrlClassification =
  | {
      kind: 'vendor';
      vendor: Vendor;
      hostname: string;
      /** Registrable domain (eTLD+1, private suffixes included), or the hostname for IPs and single-label hosts. */
      site: string;
      /** Relative to the top-level site. */
      party: Party;
      /** Relative to the site of the frame that made the request (the top-level site when not given). */
      frameParty: Party;
    }
  | { kind: 'unclassified'; hostname: string; site: string; party: Party; frameParty: Party }
  | { kind: 'unclassifiable'; reason: UnclassifiableReason };

export type NameClassification<T extends NamedItem> =
  | {
      kind: 'vendor';
      vendor: Vendor;
      /** The database entry that matched; absent when only the cookie's domain identified the vendor. */
      item?: T;
      /** `domain`: set on a host the vendor owns; `name`: exact name; `pattern`: a `*` pattern. */
      by: 'domain' | 'name' | 'pattern';
    }
  | { kind: 'unclassified' };

/**
 * Classifies a request URL. `topSite` and `frameSite` are sites as returned by `siteOf`; an empty `topSite`
 * (unknown) makes every request third-party. Never throws.
 */
export function classifyUrl(index: VendorIndex, url: string, topSite: string, frameSite = topSite): UrlClassification {
  const parsed = parseUrlHost(url);
  if (!parsed.ok) return { kind: 'unclassifiable', reason: parsed.reason };
  const { hostname, isIp } = parsed;
  const site = isIp ? hostname : siteOf(hostname);
  const party = partyOf(site, topSite);
  const frameParty: Party = frameSite === topSite ? party : site === frameSite ? 'first' : 'third';
  const vendor = isIp ? undefined : findVendor(index, hostname, parsed.url, parsed.pathStart);
  return vendor ? { kind: 'vendor', vendor, hostname, site, party, frameParty } : { kind: 'unclassified', hostname, site, party, frameParty };
}

/**
 * The vendor owning a lowercase hostname (no port, no trailing dot): the most specific domain entry wins, walking labels
 * right to left. `path` (starting with `/`) picks between vendors that share a host by path prefix.
 */
export function classifyHostname(index: VendorIndex, hostname: string, path = '/'): Vendor | undefined {
  return findVendor(index, hostname, path, 0);
}

/**
 * Classifies a cookie by the host it is set on, then by its name. A cookie set on a vendor's own domain belongs to that
 * vendor whatever its name (e.g. `IDE` on doubleclick.net); a first-party cookie is recognised by name (`_ga`, `_fbp`).
 */
export function classifyCookie(index: VendorIndex, name: string, domain: string): NameClassification<NamedItem> {
  const host = normaliseCookieDomain(domain);
  const entry = host === '' ? undefined : findHostEntry(index, host);
  if (entry) {
    const owners = entry.vendor ? [entry.vendor, ...entry.paths.map((p) => p.vendor)] : entry.paths.map((p) => p.vendor);
    for (const owner of owners) {
      const item = findOwnItem(index.cookies, owner, name);
      if (item) return { kind: 'vendor', vendor: owner, item, by: 'domain' };
    }
    const sibling = findSiblingItem(index.cookies, name, host);
    if (sibling) return { kind: 'vendor', vendor: sibling.vendor, item: sibling.item, by: 'domain' };
    if (entry.vendor) return { kind: 'vendor', vendor: entry.vendor, by: 'domain' };
  }
  return classifyName(index.cookies, name);
}

/** Classifies a localStorage / sessionStorage key or IndexedDB database name. */
export function classifyStorageKey(index: VendorIndex, key: string): NameClassification<StorageItem> {
  return classifyName(index.storage, key);
}

function findVendor(index: VendorIndex, hostname: string, url: string, pathStart: number): Vendor | undefined {
  let dot = -1;
  for (;;) {
    const entry = index.hosts.get(dot < 0 ? hostname : hostname.slice(dot + 1));
    if (entry) {
      if (entry.paths.length > 0 && pathStart >= 0) {
        for (const { prefix, vendor } of entry.paths) {
          if (url.startsWith(prefix, pathStart) && isPathBoundary(url, pathStart + prefix.length, prefix)) return vendor;
        }
      }
      if (entry.vendor) return entry.vendor;
    }
    dot = hostname.indexOf('.', dot + 1);
    if (dot < 0) return undefined;
  }
}

function findHostEntry(index: VendorIndex, hostname: string): HostEntry | undefined {
  let dot = -1;
  for (;;) {
    const entry = index.hosts.get(dot < 0 ? hostname : hostname.slice(dot + 1));
    if (entry) return entry;
    dot = hostname.indexOf('.', dot + 1);
    if (dot < 0) return undefined;
  }
}

/**
 * `/recaptcha` matches `/recaptcha`, `/recaptcha/api.js` and `/recaptcha?x`, but not `/recaptchas`; `/npm/rrweb`
 * matches a version on an npm CDN (`/npm/rrweb@2.0.0/…`), but not `/npm/rrweb-player`.
 */
function isPathBoundary(url: string, at: number, prefix: string): boolean {
  if (at >= url.length || prefix.endsWith('/')) return true;
  const c = url.charCodeAt(at);
  return c === 0x2f || c === 0x3f || c === 0x23 || c === 0x40;
}

function normaliseCookieDomain(domain: string): string {
  let host = domain.trim().toLowerCase();
  while (host.startsWith('.')) host = host.slice(1);
  while (host.endsWith('.')) host = host.slice(0, -1);
  return host;
}

/**
 * Every vendor that documents a cookie or storage name, exact names first, then `*` patterns (most literal first).
 * Items marked `vendorDomainOnly` are skipped. A generic name may be documented by several vendors: the one seen in
 * the visit is chosen by the caller.
 */
export function nameCandidates(index: VendorIndex, area: 'cookies' | 'storage', name: string): NameMatch<NamedItem>[] {
  const names: NameIndex<NamedItem> = index[area];
  const exact = (names.exact.get(name) ?? []).filter((match) => !match.item.vendorDomainOnly);
  const patterns = names.patterns.filter((p) => !p.item.vendorDomainOnly && name.startsWith(p.head) && p.regex.test(name));
  return [...exact, ...patterns];
}

/** Name-only matching: items marked `vendorDomainOnly` are skipped (they are found through the cookie's domain). */
function classifyName<T extends NamedItem>(names: NameIndex<T>, name: string): NameClassification<T> {
  const exact = names.exact.get(name)?.find((match) => !match.item.vendorDomainOnly);
  if (exact) return { kind: 'vendor', vendor: exact.vendor, item: exact.item, by: 'name' };
  const pattern = findPattern(names, name);
  if (pattern) return { kind: 'vendor', vendor: pattern.vendor, item: pattern.item, by: 'pattern' };
  return { kind: 'unclassified' };
}

/** With `vendor`, only that vendor's patterns (any scope); without, every name-matchable pattern. */
function findPattern<T extends NamedItem>(names: NameIndex<T>, name: string, vendor?: Vendor): NameMatch<T> | undefined {
  for (const pattern of names.patterns) {
    const eligible = vendor === undefined ? !pattern.item.vendorDomainOnly : pattern.vendor === vendor;
    if (eligible && name.startsWith(pattern.head) && pattern.regex.test(name)) return pattern;
  }
  return undefined;
}

/**
 * A vendor that claims a subdomain of the cookie's domain and lists the cookie: `li_sugr` on linkedin.com belongs to
 * the Insight Tag, which claims px.ads.linkedin.com, not to the vendor that claims linkedin.com as a whole.
 */
function findSiblingItem<T extends NamedItem>(names: NameIndex<T>, name: string, host: string): NameMatch<T> | undefined {
  const patterns = names.patterns.filter((pattern) => name.startsWith(pattern.head) && pattern.regex.test(name));
  const candidates = [...(names.exact.get(name) ?? []), ...patterns];
  return candidates.find((match) => match.vendor.domains.some((domain) => isUnder(domain.split('/', 1)[0] ?? '', host)));
}

function isUnder(entryHost: string, host: string): boolean {
  return entryHost === host || entryHost.endsWith(`.${host}`) || host.endsWith(`.${entryHost}`);
}

function findOwnItem<T extends NamedItem>(names: NameIndex<T>, vendor: Vendor, name: string): T | undefined {
  const exact = names.exact.get(name)?.find((match) => match.vendor === vendor);
  return (exact ?? findPattern(names, name, vendor))?.item;
}
