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

  it('cookie names that cannot identify a vendor alone are marked vendorDomainOnly or generic', () => {
    const owners = new Map<string, { id: string; generic: boolean }[]>();
    for (const vendor of vendors) {
      for (const cookie of vendor.cookies ?? []) {
        if (!cookie.vendorDomainOnly) owners.set(cookie.name, [...(owners.get(cookie.name) ?? []), { id: vendor.id, generic: cookie.generic === true }]);
      }
    }
    const problems: string[] = [];
    for (const [name, claims] of owners) {
      if (claims.length > 1 && claims.some((claim) => !claim.generic)) {
        problems.push(
          `cookie "${name}" identifies ${claims.map(({ id }) => fileOf(id)).join(' and ')} by name; mark it "vendorDomainOnly": true where it is a third-party cookie, "generic": true in every file where it is a shared first-party name (e.g. the IAB "euconsent-v2"), or keep it in one vendor`,
        );
      }
    }
    expect(problems, problems.join('\n')).toEqual([]);
  });
});

/**
 * Names that are not evidence (data/README.md, "Generic names"). A cookie or storage name looks generic when, split on
 * `_`, `-`, `.`, `:`, `$`, `*` and camelCase (and a lowercase run split into known words: `sessionid` → session id),
 * every part is a common word below, or when it has at most 3 characters once `*` is dropped. Single letters, digits
 * and version tags (`v2`) are neutral. Such a name must carry `"generic": true` (or `"vendorDomainOnly": true` when it
 * only lives on the vendor's domains), unless it is in DISTINCTIVE with a reason. The heuristic is a floor: names it
 * misses can still be marked generic by hand.
 */
const COMMON_WORDS = new Set(
  [
    // who
    'id ids uid uuid guid user users usr visitor visitors visit visits guest anon anonymous member customer client device',
    'browser account profile subscriber login logged auth',
    // session and security
    'session sessions sess ses sid token tokens csrf xsrf jwt key secret sig signature hash secure',
    // consent and preferences
    'cookie cookies consent consents consented privacy gdpr ccpa policy notice banner prefs pref preference preferences',
    'settings setting config options state status accept accepted agree opt in out optin optout allow allowed',
    'enable enabled disable disabled dnt control viewed behavior behaviour gpp tcf addtl pub',
    // measurement words any app uses
    'tracking track tracker analytics stats stat ref referrer referer orig original og source medium campaign utm',
    'landing page pages pageview pageviews view views first last seen time timestamp date count counter',
    'returning new is has event events queue buffer sent history recent data info meta storage local temp tmp cache',
    'test tests ab experiment variant group feature flag flags debug',
    // site features
    'lang language locale country region currency timezone tz theme cart basket checkout order wishlist',
    'eu us ai app web site domain host server lb route node instance push notification',
    // frameworks and infrastructure
    'php phpsessid jsessionid asp net aspnet sessionid laravel django connect express awsalb awsalbcors awselb',
  ]
    .join(' ')
    .split(' '),
);

/** Short or word-like names that nonetheless point to one vendor. Each needs a reason. */
const DISTINCTIVE: Record<string, string> = {
  _ga: "Google Analytics' client id since 2012; sites do not name their own cookies _ga",
  OptanonConsent: "OneTrust's cookie under its former brand Optanon (the split opt-anon is an accident of the word list)",
};

const isNeutralPart = (part: string) => /^(?:[a-z]|\d+|v\d+)$/.test(part);

/** `sessionid` → ['session', 'id']; undefined when the run is not a sequence of common words (of 2+ letters). */
function splitIntoWords(run: string): string[] | undefined {
  if (COMMON_WORDS.has(run)) return [run];
  for (let end = run.length - 2; end >= 2; end--) {
    const head = run.slice(0, end);
    if (!COMMON_WORDS.has(head)) continue;
    const rest = splitIntoWords(run.slice(end));
    if (rest) return [head, ...rest];
  }
  return undefined;
}

function looksGeneric(name: string): boolean {
  const literal = name.replaceAll('*', '');
  if (literal.length <= 3) return true;
  const parts = name
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[\s_.:$*-]+/)
    .filter((part) => part !== '' && !isNeutralPart(part));
  return parts.length > 0 && parts.every((part) => splitIntoWords(part) !== undefined);
}

describe('data/vendors generic names', () => {
  it('the heuristic tells generic names from distinctive ones', () => {
    for (const name of [
      'visitor_id',
      'visitor_id*',
      'uid',
      'userId',
      'sessionid',
      'PHPSESSID',
      'CookieConsent',
      'euconsent-v2',
      'lpv*',
      'g_state',
      'session*',
      '*_id',
      'tk',
      'JSESSIONID',
      'ASP.NET_SessionId',
      'connect.sid',
      'AWSALB',
    ]) {
      expect(looksGeneric(name), name).toBe(true);
    }
    for (const name of ['_gid', '_fbp', '_hjSessionUser_*', '_pk_id.*', 'mp_*_mixpanel', 'ph_*_posthog', 'ajs_anonymous_id', '__hstc', 'optimizelyEndUserId']) {
      expect(looksGeneric(name), name).toBe(false);
    }
  });

  it('names that look generic are marked generic or vendorDomainOnly', () => {
    const problems: string[] = [];
    for (const vendor of vendors) {
      for (const [field, items] of [
        ['cookies', vendor.cookies ?? []],
        ['storage', vendor.storage ?? []],
      ] as const) {
        for (const item of items) {
          if (item.generic || item.vendorDomainOnly || item.name in DISTINCTIVE || !looksGeneric(item.name)) continue;
          problems.push(
            `${fileOf(vendor.id)}: ${field} "${item.name}" looks generic (common words, or 3 characters or fewer); add "generic": true, or "vendorDomainOnly": true if it only lives on the vendor's domains, or list it in DISTINCTIVE in tests/data/vendors.test.ts with the reason it names this vendor alone`,
          );
        }
      }
    }
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('no item is both generic and vendorDomainOnly', () => {
    const both = vendors.flatMap((vendor) =>
      [...(vendor.cookies ?? []), ...(vendor.storage ?? [])]
        .filter((item) => item.generic && item.vendorDomainOnly)
        .map((item) => `${fileOf(vendor.id)}: "${item.name}" keep one flag: vendorDomainOnly if it only lives on the vendor's domains, else generic`),
    );
    expect(both, both.join('\n')).toEqual([]);
  });

  it('every DISTINCTIVE name is in the data and not marked generic', () => {
    const items = vendors.flatMap((vendor) => [...(vendor.cookies ?? []), ...(vendor.storage ?? [])]);
    const stale = Object.keys(DISTINCTIVE).filter((name) => !items.some((item) => item.name === name && !item.generic));
    expect(stale, `remove from DISTINCTIVE: ${stale.join(', ')}`).toEqual([]);
  });
});
