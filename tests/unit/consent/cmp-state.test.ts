import { describe, expect, it } from 'vitest';
import { readCmpStates } from '../../../lib/consent/cmp-state';
import type { CmpReader, CmpStorage } from '../../../lib/consent/cmp-reader';
import { CMP_READERS } from '../../../lib/consent/readers/index';
import { RAW_MAX } from '../../../lib/consent/storage-values';
import { ALL_PURPOSES, makeTcString } from '../../fixtures/tc-strings';

const cookies = (pairs: Record<string, string>): CmpStorage => ({ cookies: Object.entries(pairs).map(([name, value]) => ({ name, value })), localStorage: [] });
const local = (pairs: Record<string, string>): CmpStorage => ({ cookies: [], localStorage: Object.entries(pairs).map(([name, value]) => ({ name, value })) });
const json = (value: unknown) => encodeURIComponent(JSON.stringify(value));
const base64 = (value: unknown) => btoa(JSON.stringify(value));
const readOne = (storage: CmpStorage) => {
  const readings = readCmpStates(storage);
  expect(readings).toHaveLength(1);
  return readings[0];
};

const REJECT_TC = makeTcString({ cmpId: 10, legitimateInterests: [2, 7] });
const ACCEPT_TC = makeTcString({ cmpId: 10, purposes: ALL_PURPOSES, vendors: [1, 755] });
const ONETRUST_BASE =
  'isGpcEnabled=0&datestamp=Mon+Nov+23+2026+10%3A00%3A00+GMT%2B0100&version=202409.1.0&browserGpcFlag=0&isIABGlobal=false&hosts=&consentId=0b1c&interactionCount=1&isAnonUser=1&landingPath=NotLandingPage';

/** Cookie and storage values in the shape each CMP writes them (the `cmp.consentCookies[].howToRead` of its vendor file). */
const CASES: [string, CmpStorage, string, string][] = [
  [
    'onetrust',
    cookies({
      OptanonConsent: `${ONETRUST_BASE}&groups=C0001%3A1%2CC0002%3A0%2CC0003%3A0%2CC0004%3A0&AwaitingReconsent=false`,
      OptanonAlertBoxClosed: '2026-11-23T09:00:00.000Z',
    }),
    'onetrust',
    'reject',
  ],
  [
    'onetrust',
    cookies({ OptanonConsent: `${ONETRUST_BASE}&groups=C0001%3A1%2CC0002%3A1%2CC0003%3A1%2CC0004%3A1`, OptanonAlertBoxClosed: '2026-11-23T09:00:00.000Z' }),
    'onetrust',
    'accept',
  ],
  [
    'onetrust',
    cookies({ OptanonConsent: `${ONETRUST_BASE.replace('interactionCount=1', 'interactionCount=0')}&groups=C0001%3A1%2CC0002%3A1` }),
    'onetrust',
    'none',
  ],
  [
    'cookiebot',
    cookies({
      CookieConsent:
        '{stamp:%27Zm9vYmFy%3D%3D%27%2Cnecessary:true%2Cpreferences:false%2Cstatistics:false%2Cmarketing:false%2Cmethod:%27explicit%27%2Cver:1%2Cutc:1763888400000%2Cregion:%27fr%27}',
    }),
    'cookiebot',
    'reject',
  ],
  [
    'cookiebot',
    cookies({
      CookieConsent: "{stamp:'Zm9v',necessary:true,preferences:true,statistics:false,marketing:true,method:'explicit',ver:2,utc:1763888400000,region:'de'}",
    }),
    'cookiebot',
    'partial',
  ],
  [
    'didomi',
    cookies({
      didomi_token: base64({
        user_id: 'u',
        created: '2026-11-23T09:00:00.000Z',
        updated: '2026-11-23T09:00:00.000Z',
        vendors: { enabled: [], disabled: ['google', 755] },
        purposes: { enabled: [], disabled: ['analytics', 'advertising_personalization'] },
        version: 2,
      }),
    }),
    'didomi',
    'reject',
  ],
  [
    'didomi',
    local({ didomi_token: base64({ vendors: { enabled: ['google'], disabled: [] }, purposes: { enabled: ['analytics', 'cookies'], disabled: [] } }) }),
    'didomi',
    'accept',
  ],
  [
    'axeptio',
    cookies({
      axeptio_cookies: json({
        $$token: 't',
        $$date: '2026-11-23T09:00:00.000Z',
        $$cookiesVersion: { name: 'fr', identifier: 'x' },
        $$scope: ['main'],
        $$duration: 182,
        $$completed: true,
        google_analytics: false,
        facebook_pixel: false,
      }),
      axeptio_authorized_vendors: '%2C%2C',
    }),
    'axeptio',
    'reject',
  ],
  [
    'axeptio',
    cookies({ axeptio_authorized_vendors: '%2Cgoogle_analytics%2C', axeptio_all_vendors: '%2Cgoogle_analytics%2Cfacebook_pixel%2C' }),
    'axeptio',
    'partial',
  ],
  [
    'usercentrics',
    local({
      uc_user_interaction: 'true',
      uc_settings: JSON.stringify({
        controllerId: 'c',
        id: 's',
        language: 'de',
        version: '1',
        services: [
          { id: 'essential1', status: true, history: [{ action: 'onEssentialChange', status: true, type: 'implicit', timestamp: 1 }] },
          {
            id: 'ga',
            status: false,
            history: [
              { action: 'onInitialPageLoad', status: false, type: 'implicit', timestamp: 1 },
              { action: 'onDenyAllServices', status: false, type: 'explicit', timestamp: 2 },
            ],
          },
        ],
      }),
    }),
    'usercentrics',
    'reject',
  ],
  [
    'usercentrics',
    local({
      ucData: JSON.stringify({
        gcm: { analyticsStorage: 'granted' },
        consent: { type: 'EXPLICIT', services: { abc: { name: 'Google Analytics', consent: true }, def: { name: 'Facebook Pixel', consent: true } } },
      }),
    }),
    'usercentrics',
    'accept',
  ],
  ['inmobi-quantcast-choice', cookies({ 'euconsent-v2': REJECT_TC, addtl_consent: '1~' }), 'inmobi-quantcast-choice', 'reject'],
  ['trustarc', cookies({ notice_gdpr_prefs: '0:', notice_behavior: 'expressed,eu' }), 'trustarc', 'reject'],
  ['trustarc', cookies({ notice_gdpr_prefs: '0,1,2:', notice_behavior: 'expressed,eu' }), 'trustarc', 'accept'],
  ['osano', cookies({ osano_consentmanager: 'eyJhbGciOi...opaque', osano_consentmanager_uuid: '2f0c' }), 'osano', 'unknown'],
  [
    'complianz',
    cookies({ 'cmplz_banner-status': 'dismissed', cmplz_functional: 'allow', cmplz_preferences: 'deny', cmplz_statistics: 'deny', cmplz_marketing: 'deny' }),
    'complianz',
    'reject',
  ],
  ['complianz', cookies({ 'cmplz_banner-status': 'show', cmplz_functional: 'allow', cmplz_statistics: 'allow' }), 'complianz', 'none'],
  [
    'cookieyes',
    cookies({
      'cookieyes-consent': 'consentid:SGVsbG8,consent:no,action:yes,necessary:yes,functional:no,analytics:no,performance:no,advertisement:no,other:no',
    }),
    'cookieyes',
    'reject',
  ],
  [
    'cookieyes',
    cookies({
      'cookieyes-consent':
        'consentid:SGVsbG8%2Cconsent%3Ayes%2Caction%3Ayes%2Cnecessary%3Ayes%2Cfunctional%3Ayes%2Canalytics%3Ayes%2Cperformance%3Ayes%2Cadvertisement%3Ayes%2Cother%3Ayes',
    }),
    'cookieyes',
    'accept',
  ],
  [
    'cookieyes legacy',
    cookies({ 'cookielawinfo-checkbox-necessary': 'yes', 'cookielawinfo-checkbox-analytics': 'no', viewed_cookie_policy: 'no' }),
    'cookieyes',
    'reject',
  ],
  ['klaro', cookies({ klaro: '{"matomo":false,"ads":false}' }), 'klaro', 'reject'],
  ['klaro', cookies({ klaro: json({ matomo: true, ads: true }) }), 'klaro', 'accept'],
  ['orejime', cookies({ orejime: json({ analytics: true, ads: false }) }), 'orejime', 'partial'],
  ['tarteaucitron', cookies({ tarteaucitron: '!gtag=wait' }), 'tarteaucitron', 'none'],
  ['tarteaucitron', cookies({ tarteaucitron: '!gtag=false' }), 'tarteaucitron', 'reject'],
  ['tarteaucitron', cookies({ tarteaucitron: '!gtag=true!facebookpixel=true' }), 'tarteaucitron', 'accept'],
  [
    'iubenda',
    cookies({
      '_iub_cs-12345': json({
        timestamp: '2026-11-23T09:00:00.000Z',
        version: '1.60.0',
        purposes: { 1: true, 2: false, 3: false, 4: false, 5: false },
        id: 12345,
        cons: { rand: 'a1b2' },
      }),
    }),
    'iubenda',
    'reject',
  ],
  ['iubenda', cookies({ '_iub_cs-12345': json({ timestamp: '2026-11-23T09:00:00.000Z', purposes: { 1: true, 4: true, 5: true } }) }), 'iubenda', 'accept'],
  [
    'sourcepoint',
    local({
      _sp_user_consent_1234: JSON.stringify({
        gdpr: { euconsent: makeTcString({ cmpId: 6 }), consentStatus: { rejectedAny: true, rejectedAll: true, consentedAll: false, hasConsentData: true } },
      }),
    }),
    'sourcepoint',
    'reject',
  ],
  [
    'borlabs',
    cookies({
      'borlabs-cookie': json({
        consents: { essential: ['borlabs-cookie'] },
        domainPath: 'shop.example/',
        expires: 'Tue, 23 Nov 2027 09:00:00 GMT',
        uid: 'abc',
        version: '1',
      }),
    }),
    'borlabs',
    'reject',
  ],
  [
    'borlabs',
    cookies({
      'borlabs-cookie': json({
        consents: { essential: ['borlabs-cookie'], statistics: ['google-analytics'], marketing: ['facebook-pixel'], 'external-media': ['youtube'] },
        version: '1',
      }),
    }),
    'borlabs',
    'accept',
  ],
  ['termly', local({ TERMLY_API_CACHE: '{"x":1}' }), 'termly', 'unknown'],
  ['sirdata', cookies({ 'euconsent-v2': makeTcString({ cmpId: 92, purposes: ALL_PURPOSES }) }), 'sirdata', 'accept'],
  [
    'commanders-act',
    cookies({ TC_PRIVACY: '0%40022%7C156%7C327%40%407%2C8%2C9%401763888400000%2C1763888400000%2C1795424400000%40' }),
    'commanders-act',
    'reject',
  ],
  ['commanders-act', cookies({ TC_PRIVACY: '0@022|156|327@7,8,9@@1763888400000,1763888400000,1795424400000@' }), 'commanders-act', 'accept'],
  // The documented layout: status, privacy version|TCF version, banner id, site id, consent categories, blocked ones, times.
  ['commanders-act', cookies({ TC_PRIVACY: '0@008|2@12@34@1,3@@1763888400000,1763888400000,1795424400000' }), 'commanders-act', 'accept'],
  ['commanders-act', cookies({ TC_PRIVACY: '0@008@12@34@@1,3,4@1763888400000,1763888400000,1795424400000@vendors' }), 'commanders-act', 'reject'],
  ['commanders-act', cookies({ TC_PRIVACY: '0@008@12@34@1@3,4@1763888400000,1763888400000,1795424400000' }), 'commanders-act', 'partial'],
  [
    'cookie-information',
    cookies({
      CookieInformationConsent: json({
        website_uuid: 'w',
        timestamp: '2026-11-23T09:00:00.000Z',
        consent_url: 'https://shop.example/',
        user_uid: 'u',
        consents_approved: ['cookie_cat_necessary'],
        consents_denied: ['cookie_cat_functional', 'cookie_cat_statistic', 'cookie_cat_marketing', 'cookie_cat_unclassified'],
      }),
    }),
    'cookie-information',
    'reject',
  ],
  [
    'civic-cookie-control',
    cookies({
      CookieControl: json({
        necessaryCookies: [],
        optionalCookies: { analytics: 'revoked', marketing: 'revoked' },
        statement: {},
        consentDate: 1763888400000,
        consentExpiry: 90,
        interactedWith: true,
        user: 'u',
      }),
    }),
    'civic-cookie-control',
    'reject',
  ],
  [
    'vanilla-cookieconsent',
    cookies({
      cc_cookie: json({
        categories: ['necessary'],
        revision: 0,
        data: null,
        consentTimestamp: '2026-11-23T09:00:00.000Z',
        consentId: 'c',
        services: { necessary: [], analytics: [], marketing: [] },
        languageCode: 'en',
        lastConsentTimestamp: '2026-11-23T09:00:00.000Z',
        expirationTime: 1779000000000,
      }),
    }),
    'vanilla-cookieconsent',
    'reject',
  ],
  [
    'vanilla-cookieconsent',
    local({ cc_cookie: JSON.stringify({ categories: ['necessary', 'analytics'], services: { necessary: [], analytics: ['ga'], marketing: [] } }) }),
    'vanilla-cookieconsent',
    'partial',
  ],
  ['insites-cookieconsent', cookies({ cookieconsent_status: 'deny' }), 'insites-cookieconsent', 'reject'],
  ['insites-cookieconsent', cookies({ cookieconsent_status: 'allow' }), 'insites-cookieconsent', 'accept'],
  ['consentmanager', cookies({ __cmpconsentx12345: makeTcString({ cmpId: 31 }) }), 'consentmanager', 'reject'],
  [
    'google-funding-choices',
    cookies({
      FCCDCF: json([null, null, null, [makeTcString({ cmpId: 300, purposes: ALL_PURPOSES }), '2~~dv.'], null, null, [[32, '["uuid",[1763888400,0]]']]]),
    }),
    'google-funding-choices',
    'accept',
  ],
  ['cookie-script', cookies({ CookieScriptConsent: JSON.stringify({ action: 'reject', categories: '[]', key: 'k' }) }), 'cookie-script', 'reject'],
  [
    'cookie-script',
    cookies({ CookieScriptConsent: JSON.stringify({ action: 'accept', categories: '["performance","targeting","functionality","unclassified"]', key: 'k' }) }),
    'cookie-script',
    'accept',
  ],
  ['iab-tcf', cookies({ 'euconsent-v2': makeTcString({ cmpId: 999, purposes: [1, 7] }) }), 'iab-tcf', 'partial'],
  ['iab-gpp', cookies({ usprivacy: '1YYN' }), 'iab-gpp', 'reject'],
];

describe('readCmpStates', () => {
  it.each(CASES)('%s: reads %j', (_, storage, cmp, choice) => {
    expect(readOne(storage)).toMatchObject({ cmp, choice });
  });

  it('returns nothing when no CMP stored anything', () => {
    expect(readCmpStates({ cookies: [{ name: '_ga', value: 'GA1.1.1.1' }], localStorage: [] })).toEqual([]);
  });

  it('keeps the purposes and the TC string beside a CMP state', () => {
    const reading = readOne(
      cookies({
        CookieConsent: `{stamp:'x',necessary:true,preferences:false,statistics:true,marketing:false,method:'explicit',ver:1,utc:1763888400000,iab2:'${ACCEPT_TC}'}`,
      }),
    );
    expect(reading).toMatchObject({
      purposes: { necessary: true, preferences: false, statistics: true, marketing: false },
      tcString: ACCEPT_TC,
      decidedAt: 1763888400000,
    });
  });

  it('marks states the visitor did not set as implicit', () => {
    expect(readOne(cookies({ CookieConsent: '-1' }))).toMatchObject({ cmp: 'cookiebot', choice: 'accept', implicit: true });
    expect(readOne(cookies({ cookieconsent_status: 'dismiss' }))).toMatchObject({ choice: 'accept', implicit: true });
    expect(readOne(cookies({ cmplz_statistics: 'allow' }))).toMatchObject({ cmp: 'complianz', choice: 'none', implicit: true });
  });

  it('does not count the TC string of a CMP twice', () => {
    const storage = cookies({ didomi_token: base64({ purposes: { enabled: [], disabled: ['analytics'] } }), 'euconsent-v2': makeTcString({ cmpId: 7 }) });
    expect(readCmpStates(storage).map((r) => r.cmp)).toEqual(['didomi']);
  });

  it('has one reader per consent manager, and unique ids', () => {
    const ids = CMP_READERS.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([
      'axeptio',
      'borlabs',
      'civic-cookie-control',
      'commanders-act',
      'complianz',
      'consentmanager',
      'cookie-information',
      'cookie-script',
      'cookiebot',
      'cookieyes',
      'didomi',
      'google-funding-choices',
      'iab-gpp',
      'iab-tcf',
      'inmobi-quantcast-choice',
      'insites-cookieconsent',
      'iubenda',
      'klaro',
      'onetrust',
      'orejime',
      'osano',
      'sirdata',
      'sourcepoint',
      'tarteaucitron',
      'termly',
      'trustarc',
      'usercentrics',
      'vanilla-cookieconsent',
    ]);
  });
});

const NAMES = [
  'OptanonConsent',
  'OptanonAlertBoxClosed',
  'CookieConsent',
  'didomi_token',
  'axeptio_cookies',
  'axeptio_authorized_vendors',
  'uc_settings',
  'ucData',
  'euconsent-v2',
  'eupubconsent-v2',
  'notice_gdpr_prefs',
  'osano_consentmanager',
  'cmplz_banner-status',
  'cmplz_marketing',
  'cookieyes-consent',
  'klaro',
  'orejime',
  'tarteaucitron',
  '_iub_cs-1',
  '_sp_user_consent_1',
  'borlabs-cookie',
  'TERMLY_API_CACHE',
  'TC_PRIVACY',
  'CookieInformationConsent',
  'CookieControl',
  'cc_cookie',
  'cookieconsent_status',
  '__cmpconsentx1',
  'FCCDCF',
  'CookieScriptConsent',
  'usprivacy',
  '__gpp',
];

describe('readCmpStates on hostile values', () => {
  it.each([
    ['a 1 MB value', 'x'.repeat(1024 * 1024)],
    ['malformed JSON', '{"a":tru'],
    ['percent garbage', '%E0%A4%A'],
    ['a prototype-pollution payload', '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"ok":true}'],
    ['an object literal with __proto__', '{__proto__:true,necessary:true,marketing:false}'],
    ['base64 of JSON with __proto__', btoa('{"__proto__":{"polluted":true},"purposes":{"enabled":["__proto__"],"disabled":[]}}')],
    ['an empty string', ''],
  ])('survives %s in every CMP key', (_, value) => {
    const items = NAMES.map((name) => ({ name, value }));
    const readings = readCmpStates({ cookies: items, localStorage: items });
    for (const reading of readings) {
      expect(reading.raw.length).toBeLessThanOrEqual(RAW_MAX);
      if (reading.choice !== 'unknown' && reading.purposes) {
        expect(Object.getPrototypeOf(reading.purposes)).toBe(Object.prototype);
        expect(Object.keys(reading.purposes)).not.toContain('__proto__');
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reports a 1 MB value as unreadable rather than parsing it', () => {
    expect(readOne(cookies({ klaro: `{"a":${'1'.repeat(1024 * 1024)}}` }))).toMatchObject({ cmp: 'klaro', choice: 'unknown', error: 'too-long' });
  });

  it('reports malformed values as unknown with an error', () => {
    expect(readOne(cookies({ cc_cookie: '{"categories":' }))).toMatchObject({ cmp: 'vanilla-cookieconsent', choice: 'unknown', error: 'not JSON' });
    expect(readOne(cookies({ tarteaucitron: '!gtag=maybe' }))).toMatchObject({ choice: 'unknown' });
    expect(readOne(cookies({ 'euconsent-v2': 'garbage!' }))).toMatchObject({ cmp: 'iab-tcf', choice: 'unknown', error: 'TC string: invalid-characters' });
    expect(readOne(cookies({ OptanonConsent: 'groups=C0001%3Ayes', OptanonAlertBoxClosed: 'x' }))).toMatchObject({ choice: 'unknown' });
  });

  it('skips items that are not {name, value} strings', () => {
    const storage = {
      cookies: [null, { name: 'klaro' }, { name: 'klaro', value: 42 }, { name: 'klaro', value: '{"a":false}' }],
      localStorage: 'nope',
    } as unknown as CmpStorage;
    expect(readCmpStates(storage)).toEqual([{ cmp: 'klaro', choice: 'reject', purposes: { a: false }, raw: '{"a":false}' }]);
  });

  // Found by tests/fuzz/cmp-readers.fuzz.test.ts: a damaged TC string dated its choice in 2115.
  it('leaves out a TC string date no CMP wrote', () => {
    const damaged = 'CqUWuGaquwUgABcADAENAqFgAP_gAAAAAAqIF5wAgAAgLzAAAAAA.IAAA.YAAAAAAAAAAA';
    const reading = readOne(local({ 'euconsent-v2': damaged }));
    expect(reading).toMatchObject({ cmp: 'sirdata', choice: 'accept', tcString: damaged });
    expect(reading).not.toHaveProperty('decidedAt');
    expect(readOne(cookies({ 'euconsent-v2': REJECT_TC }))).toHaveProperty('decidedAt', expect.any(Number));
  });

  it('turns a reader that throws into an unknown reading', () => {
    const broken: CmpReader = {
      id: 'broken',
      read() {
        throw new Error('bug');
      },
    };
    expect(readCmpStates(cookies({}), [broken])).toEqual([{ cmp: 'broken', choice: 'unknown', error: 'reader-failed: bug', raw: '' }]);
  });
});
