import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../lib/classify/categories';
import type { Vendor } from '../../lib/classify/vendor';
import { buildVendorIndex } from '../../lib/classify/vendor-index';
import { loadVendors, readVendorFiles } from '../../lib/classify/vendor-files';
import { compileUrlPattern, matchesAny } from '../../lib/classify/url-pattern';

const VENDOR_FILES = readVendorFiles(process.cwd());
const { vendors, problems: fileProblems } = loadVendors(VENDOR_FILES);
const fileOf = (id: string) => `data/vendors/${id}.json`;

describe('data/vendors', () => {
  it('has vendor files', () => {
    expect(VENDOR_FILES.length).toBeGreaterThan(100);
  });

  it('every file is JSON and passes parseVendor', () => {
    expect(fileProblems, fileProblems.join('\n')).toEqual([]);
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

  it('no file points to the private research folder, and each source is listed once', () => {
    const problems = VENDOR_FILES.flatMap(({ id, raw }) => {
      const text = JSON.stringify(raw);
      const sources: unknown[] =
        typeof raw === 'object' && raw !== null && Array.isArray((raw as { sources?: unknown }).sources) ? (raw as { sources: unknown[] }).sources : [];
      return [
        ...(/research[:/]\w/.test(text)
          ? [`${fileOf(id)}: cites the shared research notes, which users cannot open; cite the public page the fact comes from instead`]
          : []),
        ...sources
          .filter((source, i) => sources.indexOf(source) !== i)
          .map((source) => `${fileOf(id)}: "sources" lists ${JSON.stringify(source)} twice; remove one`),
      ];
    });
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

  describe('session replay: the recorder, not the base SDK', () => {
    const byId = new Map(vendors.map((v) => [v.id, v]));
    const patterns = (v: Vendor | undefined, key: 'scripts' | 'ingest') => (v?.sessionReplay?.[key] ?? []).map(compileUrlPattern);

    // URLs of each SDK's base loader, its analytics API and endpoints it shares with other data, read in the SDK's npm code
    // (see each vendor's notes). A replay pattern that matches one of them would call the base SDK a recorder.
    const BASE_SDK: Record<string, string[]> = {
      posthog: [
        'https://us-assets.i.posthog.com/static/array.js',
        'https://eu-assets.i.posthog.com/static/array.full.js',
        'https://us-assets.i.posthog.com/array/phc_x/config.js',
        'https://us.i.posthog.com/e/?ip=0',
        'https://us.i.posthog.com/flags/?v=2',
      ],
      'mixpanel-session-replay': [
        'https://cdn.mxpnl.com/libs/mixpanel-2-latest.min.js',
        'https://cdn.mxpnl.com/libs/mixpanel.min.js',
        'https://cdn.mxpnl.com/libs/mixpanel-jslib-snippet.min.js',
        'https://api-js.mixpanel.com/track/?verbose=1',
        'https://api-eu.mixpanel.com/engage/',
      ],
      'datadog-rum': [
        'https://www.datadoghq-browser-agent.com/us1/v7/datadog-rum.js',
        'https://www.datadoghq-browser-agent.com/eu1/v7/datadog-rum-slim.js',
        'https://www.datadoghq-browser-agent.com/us1/v7/chunks/datadogProfiler-3cbd6ffef10ac40eb2cd-datadog-rum.js',
        'https://browser-intake-datadoghq.com/api/v2/rum?ddsource=browser',
        'https://browser-intake-datadoghq.eu/api/v2/logs?ddsource=browser',
        'https://proxy.example/dd?ddforward=%2Fapi%2Fv2%2Frum%3Fddsource%3Dbrowser',
      ],
      'sentry-replay': [
        'https://js.sentry-cdn.com/0123456789abcdef.min.js',
        'https://browser.sentry-cdn.com/11.12.0/bundle.min.js',
        'https://browser.sentry-cdn.com/11.12.0/bundle.tracing.min.js',
        'https://o450000000000001.ingest.us.sentry.io/api/4500000000000002/envelope/?sentry_key=x',
      ],
      'newrelic-session-replay': [
        'https://js-agent.newrelic.com/nr-loader-spa-1.322.0.min.js',
        'https://js-agent.newrelic.com/nr-spa.1a2b3c4d-1.322.0.min.js',
        'https://bam.nr-data.net/browser/blobs?browser_monitoring_key=x&type=SessionTrace',
        'https://bam.nr-data.net/1/NRJS-x?a=1',
        'https://bam.eu01.nr-data.net/events/1/NRJS-x',
      ],
      'amplitude-session-replay': [
        'https://cdn.amplitude.com/libs/analytics-browser-2.11.1-min.js.gz',
        'https://cdn.amplitude.com/script/0123456789abcdef.js',
        'https://api2.amplitude.com/2/httpapi',
        'https://sr-client-cfg.amplitude.com/config?api_key=x',
      ],
      'launchdarkly-observability': [
        'https://cdn.jsdelivr.net/npm/@launchdarkly/observability@1.1.23/dist/index.umd.js',
        'https://unpkg.com/@launchdarkly/observability/dist/index.umd.js',
        'https://pub.observability.app.launchdarkly.com/',
        'https://otel.observability.app.launchdarkly.com/v1/traces',
      ],
      'yandex-metrica-webvisor': ['https://mc.yandex.ru/metrika/tag.js', 'https://mc.yandex.ru/watch/98765432?page-url=x'],
    };
    // What the recorder itself loads and sends to, from the same code: the patterns must not be vacuous.
    const RECORDER: Record<string, { scripts: string[]; ingest: string[] }> = {
      posthog: {
        scripts: ['https://us-assets.i.posthog.com/static/lazy-recorder.js?v=1.449.2', 'https://eu-assets.i.posthog.com/static/1.449.2/posthog-recorder.js'],
        ingest: ['https://us.i.posthog.com/s/?compression=gzip-js'],
      },
      'mixpanel-session-replay': {
        scripts: ['https://cdn.mxpnl.com/libs/mixpanel-recorder-CZqK2y7C.min.js', 'https://cdn.mxpnl.com/libs/mixpanel-with-recorder.min.js'],
        ingest: ['https://api-js.mixpanel.com/record/?format=gzip'],
      },
      'datadog-rum': {
        scripts: ['https://www.datadoghq-browser-agent.com/us1/v7/chunks/datadogRecorder-531f1c41bdc9a22e4845-datadog-rum.js'],
        ingest: [
          'https://browser-intake-datadoghq.com/api/v2/replay?ddsource=browser',
          'https://proxy.example/dd?ddforward=%2Fapi%2Fv2%2Freplay%3Fddsource%3Dbrowser',
        ],
      },
      'sentry-replay': {
        scripts: ['https://browser.sentry-cdn.com/11.12.0/replay.min.js', 'https://browser.sentry-cdn.com/11.12.0/bundle.tracing.replay.min.js'],
        ingest: [],
      },
      'launchdarkly-observability': {
        scripts: [
          'https://cdn.jsdelivr.net/npm/@launchdarkly/session-replay@1.1.23/dist/index.umd.js',
          'https://unpkg.com/@launchdarkly/session-replay/dist/index.umd.js',
        ],
        ingest: [],
      },
      'newrelic-session-replay': {
        scripts: ['https://js-agent.newrelic.com/nr-spa-recorder.1a2b3c4d-1.322.0.min.js'],
        ingest: ['https://bam.nr-data.net/browser/blobs?browser_monitoring_key=x&type=SessionReplay&app_id=1'],
      },
      'amplitude-session-replay': {
        scripts: [
          'https://cdn.amplitude.com/libs/plugin-session-replay-browser-1.36.5-min.js.gz',
          'https://cdn.amplitude.com/libs/session-replay-browser-min.js',
        ],
        ingest: ['https://api-sr.amplitude.com/sessions/v2/track', 'https://api-sr.eu.amplitude.com/sessions/v2/track'],
      },
      'yandex-metrica-webvisor': { scripts: [], ingest: ['https://mc.yandex.ru/webvisor/98765432?wv-type=0'] },
    };
    // Endpoints of replay products that carry something else than recordings (surveys, telemetry, cookie syncs, the SDK's own
    // error reports): traffic there is not recording.
    const NOT_RECORDINGS: Record<string, string[]> = {
      hotjar: ['https://surveystats.hotjar.io/hit', 'https://ask.hotjar.io/x', 'https://metrics.hotjar.io/'],
      'microsoft-clarity': ['https://c.clarity.ms/c.gif', 'https://c.bing.com/c.gif'],
      logrocket: ['https://e.logrocket.com/api/3/store/?sentry_version=7'],
      highlight: ['https://otel.highlight.io/v1/traces'],
      smartlook: ['https://manager.eu.smartlook.cloud/rec/check', 'https://assets-proxy.smartlook.cloud/x.css'],
      contentsquare: ['https://c.contentsquare.net/pageview?pid=1'],
      quantummetric: ['https://rl.quantummetric.com/standin/hash-check'],
    };

    it('every vendor in these tables has a replay block', () => {
      const missing = [...Object.keys(BASE_SDK), ...Object.keys(NOT_RECORDINGS)].filter((id) => !byId.get(id)?.sessionReplay);
      expect(missing).toEqual([]);
    });

    it('an analytics SDK with a replay module lists neither its base loader nor its shared endpoints', () => {
      const problems = Object.entries(BASE_SDK).flatMap(([id, urls]) => {
        const vendor = byId.get(id);
        if (vendor?.category === 'session-replay') return [`${fileOf(id)}: is a session-replay vendor; move it out of BASE_SDK`];
        const all = [...patterns(vendor, 'scripts'), ...patterns(vendor, 'ingest')];
        return urls.filter((url) => matchesAny(all, url)).map((url) => `${fileOf(id)}: a sessionReplay pattern matches the base SDK's ${url}`);
      });
      expect(problems, problems.join('\n')).toEqual([]);
    });

    it("the recorder's own module and ingest match the patterns", () => {
      const problems = Object.entries(RECORDER).flatMap(([id, { scripts, ingest }]) => {
        const vendor = byId.get(id);
        return [
          ...scripts.filter((url) => !matchesAny(patterns(vendor, 'scripts'), url)).map((url) => `${fileOf(id)}: no script pattern matches ${url}`),
          ...ingest.filter((url) => !matchesAny(patterns(vendor, 'ingest'), url)).map((url) => `${fileOf(id)}: no ingest pattern matches ${url}`),
        ];
      });
      expect(problems, problems.join('\n')).toEqual([]);
    });

    it('ingest lists no endpoint that carries something else than recordings', () => {
      const problems = Object.entries(NOT_RECORDINGS).flatMap(([id, urls]) =>
        urls.filter((url) => matchesAny(patterns(byId.get(id), 'ingest'), url)).map((url) => `${fileOf(id)}: ingest matches ${url}, which is no recording`),
      );
      expect(problems, problems.join('\n')).toEqual([]);
    });

    it('every analytics vendor with a replay block cites the npm package its patterns were read in (CDN-only ones excepted)', () => {
      const cdnOnly = new Set(['yandex-metrica-webvisor']);
      const problems = vendors
        .filter((v) => v.sessionReplay && v.category !== 'session-replay' && !cdnOnly.has(v.id))
        .filter((v) => !v.sources.some((s) => s.startsWith('https://www.npmjs.com/package/')))
        .map((v) => `${fileOf(v.id)}: cite the SDK version its replay patterns were read in (npm package URL in sources)`);
      expect(problems, problems.join('\n')).toEqual([]);
    });

    it('marker selectors are attribute or class selectors, or bare element names', () => {
      const problems = vendors.flatMap((v) => {
        const { mask = [], unmask = [], block = [] } = v.sessionReplay?.markers ?? {};
        return [...mask, ...unmask, ...block]
          .filter((m) => !/^(?:\.[\w-]+|\[[\w-]+(?:="[^"]*")?\]|[a-z]+)$/.test(m))
          .map((m) => `${fileOf(v.id)}: marker ${m} is not a class, attribute or element selector`);
      });
      expect(problems, problems.join('\n')).toEqual([]);
    });
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
