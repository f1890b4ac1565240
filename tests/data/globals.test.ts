import { describe, expect, it } from 'vitest';
import { loadVendors, readVendorFiles } from '@/lib/classify/vendor-files';
import { CONSENT_APIS, WATCHED_GLOBALS } from '@/lib/classify/watched-globals';

/**
 * The probe's watch list is built from the vendor files. It must hold exactly the globals some vendor names plus the
 * consent APIs the consent layer reads, each a JavaScript identifier or dotted path the probe can look up.
 */
const { vendors } = loadVendors(readVendorFiles(process.cwd()));
const named = new Set(vendors.flatMap((v) => v.globals ?? []));

describe('the globals the probe watches', () => {
  it('are the globals the vendor files name, and the consent APIs', () => {
    expect([...WATCHED_GLOBALS].sort()).toEqual([...new Set([...named, ...CONSENT_APIS])].sort());
  });

  it('include the recorders, consent managers and tags the detectors read, by their documented names', () => {
    for (const name of ['hj', 'clarity', 'FS', 'LogRocket', 'Cookiebot', 'Didomi', 'OneTrust', 'utag', 'gtag', '__tcfapi']) {
      expect(WATCHED_GLOBALS, name).toContain(name);
    }
  });

  it('are each listed once, as a JavaScript identifier or dotted path', () => {
    expect(new Set(WATCHED_GLOBALS).size).toBe(WATCHED_GLOBALS.length);
    for (const name of WATCHED_GLOBALS) expect(name, name).toMatch(/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/);
  });
});
