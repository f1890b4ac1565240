import { describe, expect, it } from 'vitest';
import { classifyCookie, classifyStorageKey, classifyUrl } from '../../../lib/classify/match';
import type { Vendor } from '../../../lib/classify/vendor';
import { compileVendorDatabase, readVendorDatabase } from '../../../lib/classify/vendor-database';
import { buildVendorIndex, type VendorIndex } from '../../../lib/classify/vendor-index';

function vendor(id: string, domains: string[], extra: Partial<Vendor> = {}): Vendor {
  return {
    id,
    name: id,
    organization: id,
    website: `https://${id}.example`,
    category: 'advertising',
    consent: 'required',
    domains,
    sources: [`https://${id}.example/docs`],
    ...extra,
  };
}

const VENDORS = [
  vendor('google', ['google.com']),
  vendor('recaptcha', ['google.com/recaptcha', 'gstatic.com/recaptcha'], { category: 'security-antifraud' }),
  vendor('google-ads', ['google.com/pagead', 'google.com/pagead/1p-user-list'], { cookies: [{ name: '_gcl_au', purpose: 'conversion linker' }] }),
  vendor('google-analytics', ['google-analytics.com'], {
    cookies: [
      { name: '_ga', purpose: 'client id' },
      { name: '_ga_*', purpose: 'session state' },
      { name: '_gat*', purpose: 'throttle' },
      { name: 'a.b(c)*', purpose: 'escaped characters' },
    ],
  }),
  vendor('doubleclick', ['doubleclick.net'], { cookies: [{ name: 'IDE', purpose: 'ads', vendorDomainOnly: true }] }),
  vendor('hotjar', ['hotjar.com'], {
    cookies: [{ name: '_hjSessionUser_*', purpose: 'user id' }],
    storage: [
      { name: 'hjViewportId', purpose: 'viewport', area: 'sessionStorage' },
      { name: '_hjRecording*', purpose: 'recording', area: 'localStorage' },
    ],
  }),
  vendor('shared-name', ['shared.example'], { cookies: [{ name: '_ga', purpose: 'a second owner of one name', generic: true }] }),
];

/** What the extension does: the compiled tables go through JSON text before they are read. */
const viaJson = (vendors: readonly Vendor[]): VendorIndex => readVendorDatabase(JSON.parse(JSON.stringify(compileVendorDatabase(vendors))));

describe('compiled vendor database', () => {
  it('reads back to the index buildVendorIndex makes', () => {
    expect(viaJson(VENDORS)).toEqual(buildVendorIndex(VENDORS));
  });

  it('points every entry at the vendor and item objects of its own vendor list', () => {
    const index = viaJson(VENDORS);
    const vendors = new Set(index.vendors);
    for (const entry of index.hosts.values()) {
      if (entry.vendor) expect(vendors.has(entry.vendor)).toBe(true);
      for (const path of entry.paths) expect(vendors.has(path.vendor)).toBe(true);
    }
    for (const names of [index.cookies, index.storage]) {
      for (const match of [...[...names.exact.values()].flat(), ...names.patterns]) {
        expect(vendors.has(match.vendor)).toBe(true);
        expect([...(match.vendor.cookies ?? []), ...(match.vendor.storage ?? [])]).toContain(match.item);
      }
    }
  });

  it('classifies like the index built at run time', () => {
    const built = buildVendorIndex(VENDORS);
    const compiled = viaJson(VENDORS);
    const urls = [
      'https://www.google.com/recaptcha/api.js',
      'https://www.google.com/pagead/1p-user-list/1/',
      'https://www.google.com/pagead/x',
      'https://www.google.com/maps',
      'https://region1.google-analytics.com/g/collect',
      'https://unknown.example/',
    ];
    for (const url of urls) expect(classifyUrl(compiled, url, 'site.example'), url).toEqual(classifyUrl(built, url, 'site.example'));
    const cookies: [string, string][] = [
      ['_ga', 'site.example'],
      ['_ga_X1', 'site.example'],
      ['_gat_gtag', 'site.example'],
      ['a.b(c)d', 'site.example'],
      ['aXb(c)d', 'site.example'],
      ['IDE', 'doubleclick.net'],
      ['IDE', 'site.example'],
    ];
    for (const [name, domain] of cookies) expect(classifyCookie(compiled, name, domain), name).toEqual(classifyCookie(built, name, domain));
    for (const key of ['hjViewportId', '_hjRecordingEnabled', 'other']) expect(classifyStorageKey(compiled, key), key).toEqual(classifyStorageKey(built, key));
    expect(classifyCookie(compiled, 'a.b(c)d', 'site.example')).toMatchObject({ kind: 'vendor', vendor: { id: 'google-analytics' } });
    expect(classifyCookie(compiled, 'aXb(c)d', 'site.example')).toEqual({ kind: 'unclassified' });
  });

  it('refuses to compile an entry two vendors claim', () => {
    expect(() => compileVendorDatabase([...VENDORS, vendor('copy', ['hotjar.com'])])).toThrow(/"hotjar\.com" is claimed by hotjar and copy/);
  });

  it('says the database is stale when it names a vendor that is not there', () => {
    const database = compileVendorDatabase(VENDORS);
    expect(() => readVendorDatabase({ ...database, vendors: database.vendors.slice(0, 2) })).toThrow(/does not exist; rebuild it/);
  });
});
