import { describe, expect, it } from 'vitest';
import { markerSelectors } from '../../lib/classify/markers';
import { databaseVersion, loadVendors, readVendorFiles } from '../../lib/classify/vendor-files';
import { buildVendorIndex } from '../../lib/classify/vendor-index';
import { DATABASE_VERSION, MARKER_SELECTORS } from '../../lib/classify/vendors';
import { getDefaultIndex } from '../fixtures/vendor-index';

// The extension reads the database the build compiled (virtual:vendor-database), not the files: it must say the same.
const files = readVendorFiles(process.cwd());

describe('the compiled vendor database', () => {
  it('holds every vendor file, and indexes them as buildVendorIndex does', () => {
    const { vendors } = loadVendors(files);
    const index = getDefaultIndex();
    expect(index.vendors.map((v) => v.id)).toEqual(files.map((f) => f.id));
    expect(index).toEqual(buildVendorIndex(vendors));
  });

  it('answers the marker selectors of the replay vendors without the index', () => {
    const selectors = markerSelectors(loadVendors(files).vendors);
    expect(selectors.length).toBeGreaterThan(0);
    expect(MARKER_SELECTORS).toEqual(selectors);
    expect(MARKER_SELECTORS).toEqual(markerSelectors(getDefaultIndex().vendors));
  });

  it('is versioned by the files it was compiled from', () => {
    expect(DATABASE_VERSION).toBe(databaseVersion(files));
  });
});
