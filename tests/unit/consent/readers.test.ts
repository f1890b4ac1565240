import { describe, expect, it } from 'vitest';
import { type CmpStorage, readCmpStates } from '../../../lib/consent/cmp-state';
import { CC2, CC2_RENAMED, CC3_LOCAL_RENAMED, KLARO, KLARO_LOCAL_RENAMED, OREJIME, OREJIME_RENAMED_ACCEPT, TAC_RENAMED } from '../../fixtures/captured-values';

/** `detected` names the CMPs recognised on the page; those whose banner was shown too go in `bannerShown`. */
const cookie = (name: string, value: string, detected?: string[], bannerShown = detected): CmpStorage => ({
  cookies: [{ name, value }],
  localStorage: [],
  ...(detected && { detected }),
  ...(bannerShown && { bannerShown }),
});
const local = (name: string, value: string, detected?: string[], bannerShown = detected): CmpStorage => ({
  cookies: [],
  localStorage: [{ name, value }],
  ...(detected && { detected }),
  ...(bannerShown && { bannerShown }),
});

describe('readers on values the real packages wrote, under their default names', () => {
  it.each([
    ['klaro', cookie('klaro', KLARO.reject), 'reject', { analytics: false, ads: false }],
    ['klaro', cookie('klaro', KLARO.accept), 'accept', { analytics: true, ads: true }],
    ['orejime', cookie('eu-consent', OREJIME.reject), 'reject', { analytics: false, ads: false }],
    ['orejime', cookie('eu-consent', OREJIME.accept), 'accept', { analytics: true, ads: true }],
    ['orejime', cookie('orejime', OREJIME.reject), 'reject', { analytics: false, ads: false }],
    ['vanilla-cookieconsent', cookie('cc_cookie', CC2.reject), 'reject', { necessary: true }],
  ] as const)('%s reads %j', (cmp, storage, choice, purposes) => {
    expect(readCmpStates(storage)).toEqual([expect.objectContaining({ cmp, choice, purposes })]);
  });

  it('vanilla-cookieconsent v2 lists only the accepted categories: an acceptance cannot be told from a partial choice', () => {
    expect(readCmpStates(cookie('cc_cookie', CC2.accept))).toEqual([
      expect.objectContaining({ cmp: 'vanilla-cookieconsent', choice: 'partial', purposes: { necessary: true, analytics: true, targeting: true } }),
    ]);
  });

  it('dates a v2 choice from last_consent_update', () => {
    expect(readCmpStates(cookie('cc_cookie', CC2.reject))[0]).toMatchObject({ decidedAt: Date.parse('2026-12-05T17:48:38.444Z') });
  });
});

describe('a value under a name the site chose', () => {
  it.each([
    ['klaro', local('shop_consent', KLARO_LOCAL_RENAMED.reject, ['klaro']), 'reject'],
    ['klaro', local('shop_consent', KLARO_LOCAL_RENAMED.accept, ['klaro']), 'accept'],
    ['orejime', cookie('consentement', OREJIME_RENAMED_ACCEPT, ['orejime']), 'accept'],
    ['vanilla-cookieconsent', cookie('site_cookies', CC2_RENAMED.reject, ['vanilla-cookieconsent']), 'reject'],
    ['vanilla-cookieconsent', cookie('site_cookies', CC2_RENAMED.accept, ['vanilla-cookieconsent']), 'partial'],
    ['vanilla-cookieconsent', local('consent_state', CC3_LOCAL_RENAMED.reject, ['vanilla-cookieconsent']), 'reject'],
    ['vanilla-cookieconsent', local('consent_state', CC3_LOCAL_RENAMED.accept, ['vanilla-cookieconsent']), 'accept'],
    ['tarteaucitron', cookie('tac_choix', TAC_RENAMED.beforeChoice, ['tarteaucitron']), 'none'],
    ['tarteaucitron', cookie('tac_choix', TAC_RENAMED.reject, ['tarteaucitron']), 'reject'],
    ['tarteaucitron', cookie('tac_choix', TAC_RENAMED.acceptHalfWritten, ['tarteaucitron']), 'partial'],
    ['tarteaucitron', cookie('tac_choix', TAC_RENAMED.accept, ['tarteaucitron']), 'accept'],
    ['insites-cookieconsent', cookie('shop_cookie_choice', 'deny', ['insites-cookieconsent']), 'reject'],
    ['insites-cookieconsent', cookie('shop_cookie_choice', 'allow', ['insites-cookieconsent']), 'accept'],
  ] as const)('%s is read from %j when the CMP was detected', (cmp, storage, choice) => {
    const key = storage.cookies[0]?.name ?? storage.localStorage[0]?.name;
    expect(readCmpStates(storage)).toEqual([expect.objectContaining({ cmp, choice, key })]);
  });

  it('reads the necessary category of the site in its own language as necessary (v3 `necesarias`, v2 `necessaires`)', () => {
    expect(readCmpStates(local('consent_state', CC3_LOCAL_RENAMED.reject, ['vanilla-cookieconsent']))[0]).toMatchObject({
      purposes: { necesarias: true, estadisticas: false, publicidad: false },
    });
  });

  it("reads a common shape (Klaro's and Orejime's boolean map, allow/deny) only once the CMP's banner was shown", () => {
    expect(readCmpStates(local('shop_consent', KLARO_LOCAL_RENAMED.reject, ['klaro'], []))).toEqual([]);
    expect(readCmpStates(cookie('consentement', OREJIME_RENAMED_ACCEPT, ['orejime'], []))).toEqual([]);
    expect(readCmpStates(cookie('shop_cookie_choice', 'deny', ['insites-cookieconsent'], []))).toEqual([]);
    // A distinctive shape needs the detection only.
    expect(readCmpStates(cookie('tac_choix', TAC_RENAMED.reject, ['tarteaucitron'], []))).toEqual([expect.objectContaining({ choice: 'reject' })]);
    expect(readCmpStates(local('consent_state', CC3_LOCAL_RENAMED.reject, ['vanilla-cookieconsent'], []))).toEqual([
      expect.objectContaining({ choice: 'reject' }),
    ]);
  });

  it('reads nothing under another name when the CMP was not detected: the shape alone is a hint', () => {
    for (const storage of [
      local('shop_consent', KLARO_LOCAL_RENAMED.reject),
      cookie('site_cookies', CC2_RENAMED.reject),
      cookie('tac_choix', TAC_RENAMED.reject),
      cookie('shop_cookie_choice', 'deny'),
      cookie('shop_cookie_choice', 'deny', ['klaro', 'vanilla-cookieconsent']),
    ])
      expect(readCmpStates(storage)).toEqual([]);
  });

  it("leaves values another reader knows by name to that reader (Complianz's `cmplz_marketing=deny` is not Osano's)", () => {
    const storage: CmpStorage = {
      cookies: [
        { name: 'cmplz_marketing', value: 'deny' },
        { name: 'cmplz_banner-status', value: 'dismissed' },
      ],
      localStorage: [],
      detected: ['insites-cookieconsent', 'complianz'],
    };
    expect(readCmpStates(storage).map((r) => r.cmp)).toEqual(['complianz']);
  });

  it('prefers the default name, and does not read a second value under another name', () => {
    const storage: CmpStorage = {
      cookies: [
        { name: 'klaro', value: KLARO.reject },
        { name: 'prefs', value: '%7B%22dark%22%3Atrue%7D' },
      ],
      localStorage: [],
      detected: ['klaro'],
    };
    expect(readCmpStates(storage)).toEqual([expect.objectContaining({ cmp: 'klaro', choice: 'reject' })]);
    expect(readCmpStates(storage)[0]).not.toHaveProperty('key');
  });

  it('is unreadable when two values of the shape disagree, since which one the CMP keeps cannot be told', () => {
    const storage: CmpStorage = {
      cookies: [{ name: 'site_prefs', value: '{"darkMode":true}' }],
      localStorage: [{ name: 'shop_consent', value: KLARO_LOCAL_RENAMED.reject }],
      detected: ['klaro'],
      bannerShown: ['klaro'],
    };
    expect(readCmpStates(storage)).toEqual([expect.objectContaining({ cmp: 'klaro', choice: 'unknown', error: expect.stringContaining('disagree') })]);
  });

  it('ignores JSON that is not a map of booleans, and hostile names', () => {
    const storage: CmpStorage = {
      cookies: [
        { name: 'cart', value: '{"items":2,"open":true}' },
        { name: '__proto__', value: '{"__proto__":true}' },
        { name: 'x'.repeat(5000), value: 'deny' },
      ],
      localStorage: [],
      detected: ['klaro', 'orejime', 'insites-cookieconsent'],
      bannerShown: ['klaro', 'orejime'],
    };
    expect(readCmpStates(storage)).toEqual([]);
  });
});
