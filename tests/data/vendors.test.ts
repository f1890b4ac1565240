import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../lib/classify/categories';
import { parseVendor, type Vendor } from '../../lib/classify/vendor';
import { buildVendorIndex } from '../../lib/classify/vendor-index';
import { VENDOR_FILES } from '../../lib/classify/vendors';

const parsed = VENDOR_FILES.map((file) => ({ file, result: parseVendor(file.id, file.raw) }));
const vendors: Vendor[] = parsed.flatMap(({ result }) => (result.ok ? [result.vendor] : []));
const fileOf = (id: string) => `data/vendors/${id}.json`;

describe('data/vendors', () => {
  it('has vendor files', () => {
    expect(VENDOR_FILES.length).toBeGreaterThan(100);
  });

  it('every file passes parseVendor', () => {
    const problems = parsed.flatMap(({ file, result }) => (result.ok ? [] : result.problems.map((problem) => `${fileOf(file.id)}: ${problem}`)));
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('ids are unique ignoring case and separators', () => {
    const seen = new Map<string, string>();
    const clashes: string[] = [];
    for (const { id } of VENDOR_FILES) {
      const key = id.replace(/[-_]/g, '').toLowerCase();
      const other = seen.get(key);
      if (other) clashes.push(`${fileOf(id)} and ${fileOf(other)} name the same vendor; merge them or rename one`);
      seen.set(key, id);
    }
    expect(clashes, clashes.join('\n')).toEqual([]);
  });

  it('no domain entry is claimed by two vendors', () => {
    const { conflicts } = buildVendorIndex(vendors);
    const messages = conflicts.map(
      (conflict) => `${conflict}: keep the entry in one file, or split the host by path prefix (e.g. "google.com/recaptcha" vs "google.com/pagead")`,
    );
    expect(messages, messages.join('\n')).toEqual([]);
  });

  it('every category is in the closed vocabulary and every vendor cites sources', () => {
    const problems = vendors.flatMap((vendor) => [
      ...((CATEGORIES as readonly string[]).includes(vendor.category)
        ? []
        : [`${fileOf(vendor.id)}: category "${vendor.category}" is not in lib/classify/categories.ts`]),
      ...(vendor.sources.length > 0 ? [] : [`${fileOf(vendor.id)}: add the vendor documentation URLs to "sources"`]),
    ]);
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('cookie names that cannot identify a vendor alone are marked vendorDomainOnly', () => {
    const owners = new Map<string, string[]>();
    for (const vendor of vendors) {
      for (const cookie of vendor.cookies ?? []) {
        if (!cookie.vendorDomainOnly) owners.set(cookie.name, [...(owners.get(cookie.name) ?? []), vendor.id]);
      }
    }
    const problems: string[] = [];
    for (const [name, ids] of owners) {
      if (ids.length > 1) {
        problems.push(
          `cookie "${name}" identifies ${ids.map(fileOf).join(' and ')} by name; mark it "vendorDomainOnly": true where it is a third-party cookie, or keep it in one vendor`,
        );
      }
    }
    expect(problems, problems.join('\n')).toEqual([]);
  });
});
