import { GppModel } from '@iabgpp/cmpapi';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CmpReading, CmpStorage } from '../../lib/consent/cmp-reader';
import { readCmpStates } from '../../lib/consent/cmp-state';
import { CMP_READERS } from '../../lib/consent/readers/index';
import { PURPOSES_MAX, RAW_MAX } from '../../lib/consent/storage-values';
import { readTcString } from '../../lib/consent/tcf';
import { CC2, CC3_LOCAL_RENAMED, KLARO, OREJIME, TAC_RENAMED } from '../fixtures/captured-values';
import { ALL_PURPOSES, makeTcString } from '../fixtures/tc-strings';
import { check, FUZZ_TIMEOUT, mutated, withinTime } from './fuzz';

/** Most characters of a purpose key kept by `toPurposes` (lib/consent/storage-values.ts). */
const KEY_MAX = 120;
const CHOICES = ['none', 'accept', 'reject', 'partial', 'unknown'];
const READER_IDS = CMP_READERS.map((r) => r.id);
const json = (value: unknown) => encodeURIComponent(JSON.stringify(value));
const base64 = (value: unknown) => btoa(JSON.stringify(value));

function gpp(fields: Record<string, Record<string, unknown>>): string {
  const model = new GppModel();
  for (const [section, values] of Object.entries(fields)) for (const [field, value] of Object.entries(values)) model.setFieldValue(section, field, value);
  return model.encode();
}

/** Values in the shape each CMP writes them, under its default name (most from the real packages, see cmp-state.test.ts). */
const SEEDS: Record<string, string[]> = {
  OptanonConsent: [
    'isGpcEnabled=0&datestamp=Mon+Nov+23+2026+10%3A00%3A00+GMT%2B0100&version=202409.1.0&interactionCount=1&groups=C0001%3A1%2CC0002%3A0%2CC0004%3A0',
    'groups=C0001:1,C0002:1&interactionCount=0',
  ],
  OptanonAlertBoxClosed: ['2026-11-23T09:00:00.000Z'],
  CookieConsent: [
    '{stamp:%27Zm9vYmFy%3D%3D%27%2Cnecessary:true%2Cpreferences:false%2Cstatistics:false%2Cmarketing:false%2Cmethod:%27explicit%27%2Cver:1%2Cutc:1763888400000}',
    "{stamp:'-1',necessary:true,preferences:true,statistics:true,marketing:true,method:'implied',ver:2,utc:1763888400000,iab2:''}",
    '-1',
  ],
  didomi_token: [
    base64({
      updated: '2026-11-23T09:00:00.000Z',
      vendors: { enabled: [], disabled: ['google', 755] },
      purposes: { enabled: ['cookies'], disabled: ['analytics'] },
    }),
  ],
  axeptio_cookies: [json({ $$token: 't', $$date: '2026-11-23T09:00:00.000Z', $$completed: true, google_analytics: false, facebook_pixel: true })],
  axeptio_authorized_vendors: ['%2Cgoogle_analytics%2C'],
  axeptio_all_vendors: ['%2Cgoogle_analytics%2Cfacebook_pixel%2C'],
  uc_settings: [
    JSON.stringify({ services: [{ id: 'ga', status: false, history: [{ action: 'onDenyAllServices', status: false, type: 'explicit', timestamp: 2 }] }] }),
  ],
  ucData: [
    JSON.stringify({ consent: { type: 'EXPLICIT', services: { abc: { name: 'Google Analytics', consent: true }, def: { name: 'Pixel', consent: false } } } }),
  ],
  uc_user_interaction: ['true'],
  'euconsent-v2': [makeTcString({ cmpId: 10, legitimateInterests: [2, 7] }), makeTcString({ cmpId: 92, purposes: ALL_PURPOSES, vendors: [1, 755] })],
  notice_gdpr_prefs: ['0:', '0,1,2:'],
  notice_behavior: ['expressed,eu', 'implied,us'],
  osano_consentmanager: ['eyJhbGciOi...opaque'],
  'cmplz_banner-status': ['dismissed', 'show'],
  cmplz_marketing: ['allow', 'deny'],
  cmplz_statistics: ['allow', 'deny'],
  'cookieyes-consent': ['consentid:SGVsbG8,consent:no,action:yes,necessary:yes,functional:no,analytics:no,performance:no,advertisement:no,other:no'],
  'cookielawinfo-checkbox-analytics': ['no', 'yes'],
  viewed_cookie_policy: ['no', 'yes'],
  klaro: [KLARO.reject, KLARO.accept],
  'eu-consent': [OREJIME.reject, OREJIME.accept],
  tarteaucitron: [TAC_RENAMED.beforeChoice, TAC_RENAMED.reject, TAC_RENAMED.acceptHalfWritten],
  '_iub_cs-12345': [json({ timestamp: '2026-11-23T09:00:00.000Z', purposes: { 1: true, 2: false, 4: false, 5: false } }), json({ consent: true })],
  _sp_user_consent_1234: [JSON.stringify({ gdpr: { euconsent: makeTcString({ cmpId: 6 }), consentStatus: { rejectedAll: true, hasConsentData: true } } })],
  'borlabs-cookie': [json({ consents: { essential: ['borlabs-cookie'], statistics: ['google-analytics'] }, version: '1' })],
  TERMLY_API_CACHE: ['{"x":1}'],
  TC_PRIVACY: [
    '0%40022%7C156%7C327%40%407%2C8%2C9%401763888400000%2C1763888400000%2C1795424400000%40',
    '0@008@12@34@1@3,4@1763888400000,1763888400000,1795424400000',
  ],
  CookieInformationConsent: [
    json({ timestamp: '2026-11-23T09:00:00.000Z', consents_approved: ['cookie_cat_necessary'], consents_denied: ['cookie_cat_marketing'] }),
  ],
  CookieControl: [json({ optionalCookies: { analytics: 'revoked', marketing: 'accepted' }, interactedWith: true, iabConsent: '' })],
  cc_cookie: [CC2.reject, CC2.accept, CC3_LOCAL_RENAMED.reject],
  cookieconsent_status: ['allow', 'deny', 'dismiss'],
  __cmpconsentx12345: [makeTcString({ cmpId: 31 }), 'BPxyz_!~custom'],
  FCCDCF: [json([null, null, null, [makeTcString({ cmpId: 300, purposes: ALL_PURPOSES }), '2~~dv.'], null, null, [[32, '["uuid",[1763888400,0]]']]])],
  CookieScriptConsent: [JSON.stringify({ action: 'accept', categories: '["performance","targeting"]', key: 'k' })],
  usprivacy: ['1YYN', '1---'],
  __gpp: [gpp({ usnat: { SaleOptOutNotice: 1, SaleOptOut: 1, SharingOptOut: 2 } }), gpp({ tcfeuv2: { CmpId: 10, PurposeConsents: [true, false, true] } })],
};
const NAMES = Object.keys(SEEDS);
const ALL_VALUES = Object.values(SEEDS).flat();

/** A cookie or storage item: a CMP's name with a damaged value of its own or another CMP's shape, or a name of the site's choosing. */
const item = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...NAMES).chain((name) => fc.record({ name: fc.constant(name), value: mutated(SEEDS[name] ?? [''], 5) })) },
  { weight: 2, arbitrary: fc.record({ name: fc.constantFrom(...NAMES), value: mutated(ALL_VALUES, 3) }) },
  { weight: 2, arbitrary: fc.record({ name: fc.stringMatching(/^[a-z_]{1,12}$/), value: mutated(ALL_VALUES, 3) }) },
  { weight: 1, arbitrary: fc.record({ name: fc.string({ maxLength: 20 }), value: fc.string({ maxLength: 200 }) }) },
);
const storage = fc.record({
  cookies: fc.array(item, { maxLength: 8 }),
  localStorage: fc.array(item, { maxLength: 4 }),
  detected: fc.subarray(READER_IDS),
  bannerShown: fc.subarray(READER_IDS),
});

function expectBounded(reading: CmpReading): void {
  expect(READER_IDS).toContain(reading.cmp);
  expect(CHOICES).toContain(reading.choice);
  expect(reading.raw.length).toBeLessThanOrEqual(RAW_MAX);
  if (reading.choice === 'unknown') {
    expect(reading.error).not.toMatch(/^reader-failed/);
    expect(reading.error.length).toBeLessThanOrEqual(300);
    return;
  }
  const keys = Object.keys(reading.purposes ?? {});
  expect(keys.length).toBeLessThanOrEqual(PURPOSES_MAX);
  for (const key of keys) {
    expect(key.length).toBeLessThanOrEqual(KEY_MAX);
    expect(typeof reading.purposes?.[key]).toBe('boolean');
  }
  expect(Object.getPrototypeOf(reading.purposes ?? {})).toBe(Object.prototype);
  if (reading.tcString !== undefined) expect(readTcString(reading.tcString).ok).toBe(true);
  if (reading.decidedAt !== undefined) expect(reading.decidedAt > Date.UTC(2000, 0, 1) && reading.decidedAt < Date.UTC(2100, 0, 1)).toBe(true);
  if (reading.key !== undefined) expect(reading.key.length).toBeLessThanOrEqual(KEY_MAX);
}

describe('CMP cookie and storage readers, generated input', () => {
  it(
    'no reader throws, and every reading stays within the caps: raw excerpt, purposes, keys, dates, decodable TC strings',
    () => {
      check(
        fc.property(storage, (s) => {
          const readings = withinTime(500, () => readCmpStates(s));
          expect(readings.length).toBeLessThanOrEqual(CMP_READERS.length);
          readings.forEach(expectBounded);
        }),
        300,
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'each reader on its own, and its reading of a value under another name, never throws',
    () => {
      check(
        fc.property(storage, item, (s, renamed) => {
          for (const reader of CMP_READERS) {
            const reading = reader.read(s);
            if (reading) expectBounded(reading);
            const other = reader.readRenamed?.(renamed);
            if (other) expectBounded(other);
          }
        }),
        200,
      );
    },
    FUZZ_TIMEOUT,
  );

  // The storage arrives as a message from the content script: any structured-cloneable value, never a live object.
  it(
    'values that are not strings, items that are not items, storage that is not storage: nothing throws',
    () => {
      const data = fc.anything({ maxDepth: 3, withNullPrototype: true, withMap: true, withSet: true, withTypedArray: true, withDate: true });
      check(
        fc.property(fc.oneof(data, fc.record({ cookies: fc.array(fc.oneof(data, item)), localStorage: data, detected: data, bannerShown: data })), (raw) => {
          readCmpStates(raw as CmpStorage).forEach(expectBounded);
        }),
        300,
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'a long value, many items, many purposes: bounded time and output',
    () => {
      const big = fc.record({
        name: fc.constantFrom(...NAMES),
        value: fc.oneof(
          fc.integer({ min: 1, max: 600 }).map((n) => json(Object.fromEntries(Array.from({ length: n }, (_, i) => [`purpose_${i}`, i % 2 === 0])))),
          fc.integer({ min: 1, max: 4_000 }).map((n) => `!${Array.from({ length: n }, (_, i) => `s${i}=true`).join('!')}`),
          fc.integer({ min: 1, max: 140_000 }).map((n) => '%25'.repeat(Math.ceil(n / 3))),
          fc.integer({ min: 1, max: 4_000 }).map((n) => `{${Array.from({ length: n }, (_, i) => `k${i}:true`).join(',')}}`),
        ),
      });
      check(
        fc.property(fc.array(big, { minLength: 1, maxLength: 30 }), fc.subarray(READER_IDS), (items, detected) => {
          const readings = withinTime(2_000, () => readCmpStates({ cookies: items, localStorage: items, detected, bannerShown: detected }));
          readings.forEach(expectBounded);
        }),
        15,
      );
    },
    FUZZ_TIMEOUT,
  );
});

describe('CMP readers read back what a CMP wrote', () => {
  const purposeKey = fc.stringMatching(/^[a-z][a-z0-9_-]{0,15}$/).filter((k) => !['constructor', 'prototype'].includes(k));
  const purposes = fc.dictionary(purposeKey, fc.boolean(), { minKeys: 1, maxKeys: 12 });

  /** CMP → how it stores a purpose map, and the purposes the reader should find in it. */
  const WRITERS: Record<string, (p: Record<string, boolean>) => { storage: CmpStorage; expected: Record<string, boolean> }> = {
    klaro: (p) => ({ storage: { cookies: [{ name: 'klaro', value: json(p) }], localStorage: [] }, expected: p }),
    orejime: (p) => ({ storage: { cookies: [{ name: 'eu-consent', value: JSON.stringify(p) }], localStorage: [] }, expected: p }),
    tarteaucitron: (p) => ({
      storage: {
        cookies: [
          {
            name: 'tarteaucitron',
            value: Object.entries(p)
              .map(([k, v]) => `!${k}=${v}`)
              .join(''),
          },
        ],
        localStorage: [],
      },
      expected: p,
    }),
    cookieyes: (p) => ({
      storage: {
        cookies: [
          {
            name: 'cookieyes-consent',
            value: `consentid:abc,consent:yes,action:yes,${Object.entries(p)
              .filter(([k]) => !['consentid', 'consent', 'action', 'rev'].includes(k))
              .map(([k, v]) => `${k}:${v ? 'yes' : 'no'}`)
              .join(',')}`,
          },
        ],
        localStorage: [],
      },
      expected: Object.fromEntries(Object.entries(p).filter(([k]) => !['consentid', 'consent', 'action', 'rev'].includes(k))),
    }),
    onetrust: (p) => {
      const groups = Object.fromEntries(Object.entries(p).map(([k, v]) => [`C${k.replace(/[^\w-]/g, '').slice(0, 30) || 'x'}`, v]));
      const value = `interactionCount=1&groups=${encodeURIComponent(
        Object.entries(groups)
          .map(([k, v]) => `${k}:${v ? 1 : 0}`)
          .join(','),
      )}`;
      return { storage: { cookies: [{ name: 'OptanonConsent', value }], localStorage: [] }, expected: groups };
    },
    iubenda: (p) => ({
      storage: { cookies: [{ name: '_iub_cs-42', value: json({ timestamp: '2026-11-23T09:00:00.000Z', purposes: p }) }], localStorage: [] },
      expected: p,
    }),
    'cookie-information': (p) => {
      const entries = Object.entries(p);
      const value = json({ consents_approved: entries.filter(([, v]) => v).map(([k]) => k), consents_denied: entries.filter(([, v]) => !v).map(([k]) => k) });
      return { storage: { cookies: [{ name: 'CookieInformationConsent', value }], localStorage: [] }, expected: p };
    },
    didomi: (p) => {
      const entries = Object.entries(p);
      const value = base64({ purposes: { enabled: entries.filter(([, v]) => v).map(([k]) => k), disabled: entries.filter(([, v]) => !v).map(([k]) => k) } });
      return { storage: { cookies: [{ name: 'didomi_token', value }], localStorage: [] }, expected: p };
    },
    'vanilla-cookieconsent': (p) => {
      const value = JSON.stringify({
        categories: Object.keys(p).filter((k) => p[k]),
        services: Object.fromEntries(Object.keys(p).map((k) => [k, []])),
        consentId: 'c',
      });
      return { storage: { cookies: [{ name: 'cc_cookie', value }], localStorage: [] }, expected: p };
    },
  };

  it(
    'purpose maps, for every CMP that stores one, as written and once more percent-encoded',
    () => {
      check(
        fc.property(fc.constantFrom(...Object.keys(WRITERS)), purposes, fc.boolean(), (cmp, p, encodeAgain) => {
          const { storage, expected } = WRITERS[cmp]?.(p) ?? { storage: { cookies: [], localStorage: [] }, expected: {} };
          const stored = encodeAgain ? { ...storage, cookies: storage.cookies.map((c) => ({ ...c, value: encodeURIComponent(c.value) })) } : storage;
          const readings = readCmpStates(stored).filter((r) => r.cmp === cmp);
          expect(readings).toEqual([expect.objectContaining({ cmp, purposes: expected })]);
        }),
        300,
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'US opt-outs in a GPP string encoded by @iabgpp/cmpapi',
    () => {
      const optOut = fc.constantFrom(0, 1, 2);
      check(
        fc.property(optOut, optOut, optOut, (sale, sharing, targeted) => {
          const [reading] = readCmpStates({
            cookies: [{ name: '__gpp', value: gpp({ usnat: { SaleOptOut: sale, SharingOptOut: sharing, TargetedAdvertisingOptOut: targeted } }) }],
            localStorage: [],
          });
          const expected = Object.fromEntries(
            (
              [
                ['sale', sale],
                ['sharing', sharing],
                ['targeted-advertising', targeted],
              ] as const
            ).flatMap(([k, v]) => (v === 0 ? [] : [[k, v === 2]])),
          );
          expect(reading).toMatchObject({ cmp: 'iab-gpp', choice: Object.values(expected).includes(false) ? 'reject' : 'none' });
          expect(reading?.choice !== 'unknown' && (reading?.purposes ?? {})).toEqual(expected);
        }),
        27,
      );
    },
    FUZZ_TIMEOUT,
  );
});
