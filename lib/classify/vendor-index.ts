import type { NamedItem, StorageItem, Vendor } from './vendor';

/** Lookup tables built once from the vendor list; every classify function takes one. */
export interface VendorIndex {
  readonly vendors: readonly Vendor[];
  readonly byId: ReadonlyMap<string, Vendor>;
  /** Domain entry host → who claims it, as a whole or by path prefix. */
  readonly hosts: ReadonlyMap<string, HostEntry>;
  readonly cookies: NameIndex<NamedItem>;
  readonly storage: NameIndex<StorageItem>;
  /** Entries two vendors claim (same host, or same host and path prefix). Empty for the bundled data. */
  readonly conflicts: readonly string[];
}

export interface HostEntry {
  vendor?: Vendor;
  /** Longest prefix first. */
  paths: PathEntry[];
}

export interface PathEntry {
  prefix: string;
  vendor: Vendor;
}

export interface NameMatch<T extends NamedItem> {
  vendor: Vendor;
  item: T;
}

export interface NameIndex<T extends NamedItem> {
  exact: ReadonlyMap<string, NameMatch<T>[]>;
  /** `*` patterns, most literal characters first so `_gat_*` is tried before `_ga*`. */
  patterns: readonly NamePattern<T>[];
}

export interface NamePattern<T extends NamedItem> extends NameMatch<T> {
  /** The literal text before the first `*`, checked before the regular expression. */
  head: string;
  regex: RegExp;
}

export function buildVendorIndex(vendors: readonly Vendor[]): VendorIndex {
  const conflicts: string[] = [];
  const byId = new Map<string, Vendor>();
  const hosts = new Map<string, HostEntry>();
  for (const vendor of vendors) {
    if (byId.has(vendor.id)) conflicts.push(`vendor id "${vendor.id}" is used twice`);
    byId.set(vendor.id, vendor);
    for (const domain of vendor.domains) addDomain(hosts, vendor, domain, conflicts);
  }
  for (const entry of hosts.values()) entry.paths.sort((a, b) => b.prefix.length - a.prefix.length);
  return {
    vendors,
    byId,
    hosts,
    cookies: buildNameIndex(vendors.flatMap((vendor) => (vendor.cookies ?? []).map((item) => ({ vendor, item })))),
    storage: buildNameIndex(vendors.flatMap((vendor) => (vendor.storage ?? []).map((item) => ({ vendor, item })))),
    conflicts,
  };
}

/** Compiles a name with `*` wildcards (any run of characters, possibly empty) into an anchored regular expression. */
export function compileNamePattern(name: string): RegExp {
  const body = name
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^]*');
  return new RegExp(`^${body}$`);
}

function addDomain(hosts: Map<string, HostEntry>, vendor: Vendor, domain: string, conflicts: string[]): void {
  const slash = domain.indexOf('/');
  const host = slash < 0 ? domain : domain.slice(0, slash);
  const prefix = slash < 0 ? '' : domain.slice(slash);
  let entry = hosts.get(host);
  if (!entry) {
    entry = { paths: [] };
    hosts.set(host, entry);
  }
  if (prefix === '') {
    if (entry.vendor && entry.vendor !== vendor) conflicts.push(`"${host}" is claimed by ${entry.vendor.id} and ${vendor.id}`);
    entry.vendor ??= vendor;
    return;
  }
  const clash = entry.paths.find((path) => path.prefix === prefix);
  if (clash) {
    if (clash.vendor !== vendor) conflicts.push(`"${domain}" is claimed by ${clash.vendor.id} and ${vendor.id}`);
    return;
  }
  entry.paths.push({ prefix, vendor });
}

function buildNameIndex<T extends NamedItem>(matches: NameMatch<T>[]): NameIndex<T> {
  const exact = new Map<string, NameMatch<T>[]>();
  const patterns: NamePattern<T>[] = [];
  for (const match of matches) {
    const name = match.item.name;
    const star = name.indexOf('*');
    if (star < 0) {
      const list = exact.get(name);
      if (list) list.push(match);
      else exact.set(name, [match]);
    } else {
      patterns.push({ ...match, head: name.slice(0, star), regex: compileNamePattern(name) });
    }
  }
  patterns.sort((a, b) => literalLength(b.item.name) - literalLength(a.item.name));
  return { exact, patterns };
}

function literalLength(pattern: string): number {
  return pattern.replaceAll('*', '').length;
}
