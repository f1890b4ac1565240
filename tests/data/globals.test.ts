import { describe, expect, it } from 'vitest';
import globals from '@/data/globals.json';
import { loadVendors } from '@/lib/classify/vendors';

/**
 * data/globals.json is the page probe's watch list: the well-known globals it reports. Every global a vendor file names
 * must be on it (or the probe never reports it), and every entry must be a global some vendor names or one the
 * consent layer reads itself (the consent APIs), so the list has no dead entries.
 */
const CONSENT_APIS = ['__tcfapi', '__gpp', '__uspapi', '__cmp'];
const { vendors } = loadVendors();
const named = new Set(vendors.flatMap((v) => v.globals ?? []));
const watched: string[] = globals.globals;

describe('data/globals.json', () => {
  it('lists every global a vendor file names', () => {
    expect([...named].filter((name) => !watched.includes(name)).sort()).toEqual([]);
  });

  it('lists nothing no vendor names, apart from the consent APIs the consent layer reads', () => {
    expect(watched.filter((name) => !named.has(name) && !CONSENT_APIS.includes(name)).sort()).toEqual([]);
  });

  it('lists each global once, as a JavaScript identifier or dotted path', () => {
    expect(new Set(watched).size).toBe(watched.length);
    for (const name of watched) expect(name, name).toMatch(/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/);
  });
});
