import type { EvidenceRecord } from '../model';
import type { Category, ConsentRequirement } from './categories';
import { classifyCookie, classifyStorageKey, classifyUrl } from './match';
import { siteOf } from './site';
import type { Vendor } from './vendor';
import type { VendorIndex } from './vendor-index';

export const UNCLASSIFIED = 'unclassified';

/** One vendor seen in a visit, with what it did. */
export interface VendorActivity {
  id: string;
  name: string;
  organization: string;
  category: Category;
  consent: ConsentRequirement;
  /** Milliseconds since the visit started, of its first request, cookie, storage write or global. */
  firstSeen: number;
  requests: number;
  payloads: number;
  cookies: number;
  storage: number;
  globals: number;
  hostnames: string[];
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

export interface EvidenceClassification {
  /** First-party aliases of vendors, uncovered through DNS (Firefox). */
  cnameAliases: CnameAlias[];
  /** Vendor id (or `unclassified`) of every record, by record id. */
  vendorOf: Map<string, string>;
  vendors: VendorActivity[];
  unclassifiedSites: UnclassifiedSite[];
}

const GLOBAL_OWNERS = new WeakMap<VendorIndex, Map<string, Vendor>>();

/** Classifies every record of a visit: requests and payloads by URL, cookies by domain and name, storage by key. */
export function classifyEvidence(index: VendorIndex, topSite: string, records: readonly EvidenceRecord[]): EvidenceClassification {
  const vendorOf = new Map<string, string>();
  const vendors = new Map<string, VendorActivity>();
  const unclassified = new Map<string, UnclassifiedSite>();
  const aliases = new Map<string, CnameAlias>();
  const site = siteOf(topSite);

  const touch = (vendor: Vendor, t: number, field: 'requests' | 'payloads' | 'cookies' | 'storage' | 'globals', hostname?: string) => {
    let activity = vendors.get(vendor.id);
    if (!activity) {
      activity = {
        id: vendor.id,
        name: vendor.name,
        organization: vendor.organization,
        category: vendor.category,
        consent: vendor.consent,
        firstSeen: t,
        requests: 0,
        payloads: 0,
        cookies: 0,
        storage: 0,
        globals: 0,
        hostnames: [],
      };
      vendors.set(vendor.id, activity);
    }
    activity.firstSeen = Math.min(activity.firstSeen, t);
    activity[field]++;
    if (hostname && activity.hostnames.length < 50 && !activity.hostnames.includes(hostname)) activity.hostnames.push(hostname);
  };

  for (const record of records) {
    let vendor: Vendor | undefined;
    switch (record.kind) {
      case 'request':
      case 'payload': {
        let result = classifyUrl(index, record.url, site);
        if (record.kind === 'request' && record.cname && result.kind === 'unclassified') {
          const alias = classifyUrl(index, `https://${record.cname}/`, site);
          if (alias.kind === 'vendor') {
            aliases.set(result.hostname, { hostname: result.hostname, canonicalName: record.cname, vendor: alias.vendor.id });
            result = { ...alias, hostname: result.hostname, party: result.party, frameParty: result.frameParty };
          }
        }
        if (result.kind === 'vendor') {
          vendor = result.vendor;
          touch(vendor, record.t, record.kind === 'request' ? 'requests' : 'payloads', result.hostname);
        } else if (result.kind === 'unclassified' && result.party === 'third' && record.kind === 'request') {
          noteUnclassified(unclassified, result.site, result.hostname, record.t);
        }
        break;
      }
      case 'cookie': {
        if (record.via === 'jar') break;
        const result = classifyCookie(index, record.name, record.domain);
        if (result.kind === 'vendor') {
          vendor = result.vendor;
          touch(vendor, record.t, 'cookies');
        }
        break;
      }
      case 'storage': {
        const result = classifyStorageKey(index, record.key);
        if (result.kind === 'vendor') {
          vendor = result.vendor;
          touch(vendor, record.t, 'storage');
        }
        break;
      }
      case 'global': {
        vendor = globalOwners(index).get(record.name);
        if (vendor) touch(vendor, record.t, 'globals');
        break;
      }
    }
    vendorOf.set(record.id, vendor?.id ?? UNCLASSIFIED);
  }
  return {
    cnameAliases: [...aliases.values()],
    vendorOf,
    vendors: [...vendors.values()].sort((a, b) => a.firstSeen - b.firstSeen || a.id.localeCompare(b.id)),
    unclassifiedSites: [...unclassified.values()].sort((a, b) => a.firstSeen - b.firstSeen),
  };
}

function noteUnclassified(map: Map<string, UnclassifiedSite>, site: string, hostname: string, t: number): void {
  const entry = map.get(site) ?? { site, firstSeen: t, requests: 0, hostnames: [] };
  entry.requests++;
  entry.firstSeen = Math.min(entry.firstSeen, t);
  if (entry.hostnames.length < 20 && !entry.hostnames.includes(hostname)) entry.hostnames.push(hostname);
  map.set(site, entry);
}

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
