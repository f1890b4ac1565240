import { GVL, TCModel, TCString, type VendorList } from '@iabtechlabtcf/core';

/** A hand-made vendor list: `new GVL(object)` populates from it and never fetches (only a version number would). */
export function offlineGvl(vendorIds: readonly number[] = [1, 2, 8, 755]): GVL {
  const purposes = Object.fromEntries(
    Array.from({ length: 11 }, (_, i) => [i + 1, { id: i + 1, name: `Purpose ${i + 1}`, description: '', illustrations: [] }]),
  );
  const vendor = (id: number) => ({
    id,
    name: `Vendor ${id}`,
    purposes: [1, 2, 7],
    legIntPurposes: [],
    flexiblePurposes: [],
    specialPurposes: [],
    features: [],
    specialFeatures: [],
    policyUrl: 'https://vendor.example/privacy',
    usesCookies: true,
    cookieRefresh: false,
    usesNonCookieAccess: false,
    cookieMaxAgeSeconds: 86400,
    dataRetention: { stdRetention: 30, purposes: {}, specialPurposes: {} },
    urls: [],
    dataDeclaration: [],
  });
  const list: VendorList = {
    gvlSpecificationVersion: 3,
    vendorListVersion: 42,
    tcfPolicyVersion: 5,
    lastUpdated: '2026-01-01T00:00:00Z',
    purposes,
    specialPurposes: {},
    features: {},
    specialFeatures: { 1: { id: 1, name: 'Geolocation', description: '' }, 2: { id: 2, name: 'Scanning', description: '' } },
    stacks: {},
    dataCategories: {},
    vendors: Object.fromEntries(vendorIds.map((id) => [id, vendor(id)])),
  };
  return new GVL(list);
}

export interface TcOptions {
  cmpId?: number;
  purposes?: number[];
  legitimateInterests?: number[];
  vendors?: number[];
  specialFeatures?: number[];
}

/** A real TC string, encoded by the IAB library. */
export function makeTcString(options: TcOptions = {}): string {
  const model = new TCModel(offlineGvl(options.vendors?.length ? [...new Set([1, 2, 8, 755, ...options.vendors])] : undefined));
  model.cmpId = options.cmpId ?? 10;
  model.cmpVersion = 3;
  model.publisherCountryCode = 'FR';
  model.isServiceSpecific = true;
  if (options.purposes?.length) model.purposeConsents.set(options.purposes);
  if (options.legitimateInterests?.length) model.purposeLegitimateInterests.set(options.legitimateInterests);
  if (options.vendors?.length) model.vendorConsents.set(options.vendors);
  if (options.specialFeatures?.length) model.specialFeatureOptins.set(options.specialFeatures);
  return TCString.encode(model);
}

export const ALL_PURPOSES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
