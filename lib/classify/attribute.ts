import type { EvidenceRecord, Party } from '../model';
import { type Activity, abortedSends, isFlag, pageLeftSends, requestActivity, storedActivity, transientWrites } from './record-activity';
import { classifyCookie, classifyStorageKey, classifyUrl, type NameClassification, nameCandidates } from './match';
import { hostnameOf, partyOf, siteOf } from './site';
import { compileUrlPattern, matchesAny } from './url-pattern';
import type { NamedItem, Vendor } from './vendor';
import type { VendorIndex } from './vendor-index';

export const UNCLASSIFIED = 'unclassified';

/**
 * How a record names its vendor, strongest first. `host`: a request to the vendor's domain; `cname`: a first-party
 * subdomain whose DNS canonical name is the vendor's; `self-hosted`: the site serves a script the vendor file names by
 * path on any host (a pattern starting with `*` then `/`), which shows the vendor's code, never data sent to it; `cookie-domain`: a cookie set on the vendor's domain; `origin`:
 * storage of a frame on the vendor's domain; `name`: a distinctive cookie or storage name the vendor documents;
 * `corroborated`: a generic name the vendor documents, with the vendor's host or writing script in the same visit.
 */
export type Attribution = 'host' | 'cname' | 'self-hosted' | 'cookie-domain' | 'origin' | 'name' | 'corroborated';

/** Why a record only resembles a vendor: a generic name without the vendor seen, or a page global (stubs exist). */
export type HintReason = 'generic-name' | 'global';

/** What classification knows of one record. */
export interface Attributed {
  /** Vendor id, or `unclassified`. */
  vendor: string;
  by?: Attribution;
  /** A vendor the record resembles but is not attributed to. */
  hint?: { vendor: string; reason: HintReason };
  activity: Activity;
  /** Relative to the top-level site: by URL for requests, by domain for cookies, by origin for storage and globals. */
  party: Party;
  /** Site (eTLD+1) of the record's host, domain or origin; '' when it has none. */
  site: string;
  hostname?: string;
  /** A `transient` write: when it was removed again. */
  removedAt?: number;
}

/** A third-party site no vendor file covers: shown with its site, never dropped. */
export interface UnclassifiedSite {
  site: string;
  firstSeen: number;
  requests: number;
  hostnames: string[];
}

/** A first-party subdomain whose DNS canonical name belongs to a vendor (CNAME cloaking). */
export interface CnameAlias {
  hostname: string;
  canonicalName: string;
  vendor: string;
}

export interface VisitAttribution {
  /** By record id. */
  facts: Map<string, Attributed>;
  unclassifiedSites: UnclassifiedSite[];
  cnameAliases: CnameAlias[];
}

/**
 * Names the vendor of every record of a visit, and how strongly. Requests and payloads by URL; cookies by the domain
 * they are set on, then by name; storage by the frame's origin, then by key. A generic name counts only when the
 * vendor's host, or the script that wrote it, is the vendor's; otherwise, like a page global, it is a hint. Pure.
 */
export function attributeRecords(index: VendorIndex, topSite: string, records: readonly EvidenceRecord[]): VisitAttribution {
  const site = siteOf(topSite);
  const facts = new Map<string, Attributed>();
  const unclassified = new Map<string, UnclassifiedSite>();
  const aliases = new Map<string, CnameAlias>();
  /** Vendors whose host was contacted in the visit: they corroborate their own generic names. */
  const seen = new Set<string>();
  const deferred: EvidenceRecord[] = [];

  const aborted = abortedSends(records);
  const leftBehind = pageLeftSends(records);
  for (const record of records) {
    if (record.kind !== 'request' && record.kind !== 'payload') {
      deferred.push(record);
      continue;
    }
    let result = classifyUrl(index, record.url, site);
    let by: Attribution = 'host';
    if (record.kind === 'request' && record.cname && result.kind === 'unclassified') {
      const alias = classifyUrl(index, `https://${record.cname}/`, site);
      if (alias.kind === 'vendor') {
        aliases.set(result.hostname, { hostname: result.hostname, canonicalName: record.cname, vendor: alias.vendor.id });
        result = { ...alias, hostname: result.hostname, site: result.site, party: result.party, frameParty: result.frameParty };
        by = 'cname';
      }
    }
    if (result.kind === 'unclassifiable') {
      facts.set(record.id, { vendor: UNCLASSIFIED, activity: 'none', party: 'first', site: '' });
      continue;
    }
    if (result.kind === 'unclassified' && record.kind === 'request' && record.type === 'script') {
      const owner = selfHostedOwner(index, record.url);
      if (owner) {
        facts.set(record.id, { vendor: owner.id, by: 'self-hosted', activity: 'code', party: result.party, site: result.site, hostname: result.hostname });
        continue;
      }
    }
    // A send of the page left (a worker's last upload) says nothing of this page: it corroborates no name here.
    if (leftBehind.has(record.id)) {
      facts.set(record.id, {
        vendor: result.kind === 'vendor' ? result.vendor.id : UNCLASSIFIED,
        activity: 'context',
        party: result.party,
        site: result.site,
        hostname: result.hostname,
      });
      continue;
    }
    if (result.kind === 'vendor') seen.add(result.vendor.id);
    else if (result.party === 'third' && record.kind === 'request') noteUnclassified(unclassified, result.site, result.hostname, record.t);
    // Only data can be cut off on its way: a script load the navigation cancelled is still loading, not processing.
    const activity = requestActivity(record, result);
    facts.set(record.id, {
      vendor: result.kind === 'vendor' ? result.vendor.id : UNCLASSIFIED,
      ...(result.kind === 'vendor' && { by }),
      activity: activity === 'data' && aborted.has(record.id) ? 'aborted' : activity,
      party: result.party,
      site: result.site,
      hostname: result.hostname,
    });
  }

  const transient = transientWrites(deferred);
  for (const record of deferred) {
    const fact = attributeState(index, site, record, seen);
    const removedAt = transient.get(record.id);
    facts.set(record.id, fact.activity === 'stored' && removedAt !== undefined ? { ...fact, activity: 'transient', removedAt } : fact);
  }
  return {
    facts,
    unclassifiedSites: [...unclassified.values()].sort((a, b) => a.firstSeen - b.firstSeen),
    cnameAliases: [...aliases.values()],
  };
}

/** Cookies, storage, globals and page records: named after the requests, so a generic name can be corroborated. */
function attributeState(index: VendorIndex, topSite: string, record: EvidenceRecord, seen: ReadonlySet<string>): Attributed {
  switch (record.kind) {
    case 'cookie': {
      const site = siteOf(record.domain.replace(/^\./, ''));
      const base = { party: partyOf(site, topSite), site };
      // The jar at visit start is context: what an earlier visit left, not activity of this one.
      if (record.via === 'jar') return { vendor: UNCLASSIFIED, activity: 'context', ...base };
      const { item, ...attributed } = named(
        classifyCookie(index, record.name, record.domain),
        { area: 'cookies', name: record.name },
        record.url,
        index,
        topSite,
        seen,
      );
      return { ...attributed, activity: record.action === 'set' ? storedActivity(item) : 'none', ...base };
    }
    case 'storage': {
      const host = hostnameOf(record.origin);
      const site = host ? siteOf(host) : '';
      const base = { party: site ? partyOf(site, topSite) : ('first' as const), site };
      // Storage of a frame served from the vendor's own domain (an embedded player, a vendor iframe) is the vendor's.
      const owner = host && site !== topSite ? classifyUrl(index, record.origin, topSite) : undefined;
      const { item, ...attributed } =
        owner?.kind === 'vendor'
          ? { vendor: owner.vendor.id, by: 'origin' as const, item: undefined }
          : named(classifyStorageKey(index, record.key), { area: 'storage', name: record.key }, record.script, index, topSite, seen);
      // A snapshot's `present` is state (an earlier visit's, or a write the probe already saw as `set`), not a write.
      // A value too plain to tell one browser from another (a flag) stores no identifier.
      const activity: Activity =
        record.action === 'present'
          ? 'context'
          : record.action !== 'set'
            ? 'none'
            : item?.consentState || !isFlag(record.value)
              ? storedActivity(item)
              : 'none';
      return { ...attributed, activity, ...base };
    }
    case 'global': {
      const host = hostnameOf(record.origin);
      const site = host ? siteOf(host) : '';
      const owner = globalOwners(index).get(record.name);
      return {
        vendor: UNCLASSIFIED,
        ...(owner && { hint: { vendor: owner.id, reason: 'global' as const } }),
        activity: 'none',
        party: site ? partyOf(site, topSite) : 'first',
        site,
      };
    }
    // Options the page handed to a vendor's global: page-reported, a hint of the vendor like the global itself.
    case 'recorder-config': {
      const host = hostnameOf(record.origin);
      const site = host ? siteOf(host) : '';
      return {
        vendor: UNCLASSIFIED,
        hint: { vendor: record.vendor, reason: 'global' },
        activity: 'none',
        party: site ? partyOf(site, topSite) : 'first',
        site,
      };
    }
    case 'consent':
    case 'field':
    case 'canary': {
      const host = hostnameOf(record.frameUrl ?? '');
      const site = host ? siteOf(host) : '';
      return { vendor: UNCLASSIFIED, activity: 'none', party: site ? partyOf(site, topSite) : 'first', site };
    }
    case 'request':
    case 'payload':
      throw new Error('requests are attributed first');
  }
}

/** A name match, weighed: distinctive names stand alone; generic ones need the vendor's host or writing script. */
function named(
  match: NameClassification<NamedItem>,
  lookup: { area: 'cookies' | 'storage'; name: string },
  script: string | undefined,
  index: VendorIndex,
  topSite: string,
  seen: ReadonlySet<string>,
): Pick<Attributed, 'vendor' | 'by' | 'hint'> & { item?: NamedItem } {
  if (match.kind !== 'vendor') return { vendor: UNCLASSIFIED };
  if (match.by === 'domain') return { vendor: match.vendor.id, by: 'cookie-domain', ...(match.item && { item: match.item }) };
  if (!match.item?.generic) return { vendor: match.vendor.id, by: 'name', ...(match.item && { item: match.item }) };
  const writer = script ? classifyUrl(index, script, topSite) : undefined;
  const writerId = writer?.kind === 'vendor' ? writer.vendor.id : undefined;
  // Several vendors may document one generic name: the one whose host or script is in the visit is meant.
  const corroborated = nameCandidates(index, lookup.area, lookup.name).find((c) => c.item.generic && (seen.has(c.vendor.id) || c.vendor.id === writerId));
  if (corroborated) return { vendor: corroborated.vendor.id, by: 'corroborated', item: corroborated.item };
  return { vendor: UNCLASSIFIED, hint: { vendor: match.vendor.id, reason: 'generic-name' } };
}

const SELF_HOSTED = new WeakMap<VendorIndex, { vendor: Vendor; re: RegExp }[]>();

/** The vendor whose any-host script pattern (starting with `*` then `/`, e.g. for klaro.js) a URL matches. */
function selfHostedOwner(index: VendorIndex, url: string): Vendor | undefined {
  let patterns = SELF_HOSTED.get(index);
  if (!patterns) {
    patterns = index.vendors.flatMap((vendor) =>
      [...(vendor.cmp?.scripts ?? []), ...(vendor.sessionReplay?.scripts ?? [])]
        .filter((p) => p.startsWith('*/'))
        .map((p) => ({ vendor, re: compileUrlPattern(p) })),
    );
    SELF_HOSTED.set(index, patterns);
  }
  return patterns.find((p) => matchesAny([p.re], url))?.vendor;
}

function noteUnclassified(map: Map<string, UnclassifiedSite>, site: string, hostname: string, t: number): void {
  const entry = map.get(site) ?? { site, firstSeen: t, requests: 0, hostnames: [] };
  entry.requests++;
  entry.firstSeen = Math.min(entry.firstSeen, t);
  if (entry.hostnames.length < 20 && !entry.hostnames.includes(hostname)) entry.hostnames.push(hostname);
  map.set(site, entry);
}

const GLOBAL_OWNERS = new WeakMap<VendorIndex, Map<string, Vendor>>();

/** Which vendor defines a page global. A global two vendors claim is ambiguous and attributed to neither. */
function globalOwners(index: VendorIndex): Map<string, Vendor> {
  let owners = GLOBAL_OWNERS.get(index);
  if (!owners) {
    owners = new Map();
    const ambiguous = new Set<string>();
    for (const vendor of index.vendors) {
      for (const name of vendor.globals ?? []) {
        if (owners.has(name) && owners.get(name) !== vendor) ambiguous.add(name);
        else owners.set(name, vendor);
      }
    }
    for (const name of ambiguous) owners.delete(name);
    GLOBAL_OWNERS.set(index, owners);
  }
  return owners;
}

export type { Activity };
