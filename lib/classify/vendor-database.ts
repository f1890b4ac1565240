import type { NamedItem, Vendor } from './vendor';
import { buildVendorIndex, type HostEntry, type NameIndex, type NameMatch, type NamePattern, type PathEntry, type VendorIndex } from './vendor-index';

/**
 * The vendor index as plain JSON, computed at build time from validated vendors (vendor-database-plugin.ts). Vendors
 * and their cookie or storage items are referred to by position: `[vendor, item]` is `vendors[vendor].cookies[item]`.
 * Reading it back only fills maps, so a worker start does not validate, split, sort or escape anything.
 */
export interface CompiledVendorDatabase {
  vendors: Vendor[];
  /** `[host, vendor claiming the whole host or -1, [path prefix, vendor][] longest prefix first]`, in index order. */
  hosts: [string, number, [string, number][]][];
  cookies: CompiledNameIndex;
  storage: CompiledNameIndex;
}

export interface CompiledNameIndex {
  exact: [string, [number, number][]][];
  /** `[vendor, item, head, regular expression source]`, in match order. */
  patterns: [number, number, string, string][];
}

/** Build time: the index of `vendors` as a `CompiledVendorDatabase`. Throws when two vendors claim one entry. */
export function compileVendorDatabase(vendors: readonly Vendor[]): CompiledVendorDatabase {
  const index = buildVendorIndex(vendors);
  if (index.conflicts.length > 0) throw new Error(`vendor entries claimed twice: ${index.conflicts.join('; ')}`);
  const ordinal = new Map(vendors.map((vendor, i) => [vendor, i]));
  const at = (vendor: Vendor) => ordinal.get(vendor) ?? -1;
  return {
    vendors: [...vendors],
    hosts: [...index.hosts].map(([host, entry]) => [host, entry.vendor ? at(entry.vendor) : -1, entry.paths.map((p) => [p.prefix, at(p.vendor)])]),
    cookies: compileNames(index.cookies, at, (vendor) => vendor.cookies),
    storage: compileNames(index.storage, at, (vendor) => vendor.storage),
  };
}

/**
 * Run time: the `VendorIndex` a `CompiledVendorDatabase` describes, equal to `buildVendorIndex` of its vendors. Plain
 * indexed loops: this runs once per worker start, in V8's interpreter, where destructuring and spreads cost more.
 */
export function readVendorDatabase(database: CompiledVendorDatabase): VendorIndex {
  const { vendors } = database;
  const vendorAt = (i: number): Vendor => vendors[i] ?? missing(`vendor ${i}`);
  const byId = new Map<string, Vendor>();
  for (const vendor of vendors) byId.set(vendor.id, vendor);
  const hosts = new Map<string, HostEntry>();
  for (const row of database.hosts) {
    const rows = row[2];
    const paths: PathEntry[] = [];
    for (let i = 0; i < rows.length; i++) {
      const path = rows[i] as [string, number];
      paths.push({ prefix: path[0], vendor: vendorAt(path[1]) });
    }
    const entry: HostEntry = { paths };
    if (row[1] >= 0) entry.vendor = vendorAt(row[1]);
    hosts.set(row[0], entry);
  }
  return {
    vendors,
    byId,
    hosts,
    cookies: readNames(database.cookies, vendorAt, (vendor) => vendor.cookies),
    storage: readNames(database.storage, vendorAt, (vendor) => vendor.storage),
    conflicts: [],
  };
}

function compileNames<T extends NamedItem>(
  names: NameIndex<T>,
  at: (vendor: Vendor) => number,
  items: (vendor: Vendor) => readonly T[] | undefined,
): CompiledNameIndex {
  const ref = ({ vendor, item }: NameMatch<T>): [number, number] => [at(vendor), items(vendor)?.indexOf(item) ?? -1];
  return {
    exact: [...names.exact].map(([name, matches]) => [name, matches.map(ref)]),
    patterns: names.patterns.map((pattern) => [...ref(pattern), pattern.head, pattern.regex.source]),
  };
}

function readNames<T extends NamedItem>(
  names: CompiledNameIndex,
  vendorAt: (i: number) => Vendor,
  items: (vendor: Vendor) => readonly T[] | undefined,
): NameIndex<T> {
  const itemOf = (vendor: Vendor, i: number): T => items(vendor)?.[i] ?? missing(`item ${i} of ${vendor.id}`);
  const exact = new Map<string, NameMatch<T>[]>();
  for (const row of names.exact) {
    const refs = row[1];
    const matches: NameMatch<T>[] = [];
    for (let i = 0; i < refs.length; i++) {
      const ref = refs[i] as [number, number];
      const vendor = vendorAt(ref[0]);
      matches.push({ vendor, item: itemOf(vendor, ref[1]) });
    }
    exact.set(row[0], matches);
  }
  const patterns: NamePattern<T>[] = [];
  for (const row of names.patterns) {
    const vendor = vendorAt(row[0]);
    patterns.push({ vendor, item: itemOf(vendor, row[1]), head: row[2], regex: new RegExp(row[3]) });
  }
  return { exact, patterns };
}

function missing(what: string): never {
  throw new Error(`compiled vendor database: ${what} does not exist; rebuild it`);
}
