import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hostnameOf as hostnameOfVisit, originOf } from '../../lib/capture/url-parts';
import { classifyUrl } from '../../lib/classify/match';
import { hostnameOf, isDomainOfSite, siteOf, siteOfUrl } from '../../lib/classify/site';
import { parseUrlHost } from '../../lib/classify/url-host';
import { loadVendors, readVendorFiles } from '../../lib/classify/vendor-files';
import { getDefaultIndex } from '@/tests/fixtures/vendor-index';
import { check, FUZZ_TIMEOUT, mutated, QUICK_MS, withinTime } from './fuzz';

/** URLs as pages request them, canonical or not. */
const URLS = [
  'https://www.google-analytics.com/g/collect?v=2&tid=G-1',
  'https://static.hotjar.com/c/hotjar-1.js?sv=6',
  'http://127.0.0.1:8080/path',
  'https://[2001:db8::1]:8443/x',
  'https://user:pass@Shop.Example.:443/a/../b?q=1#f',
  'wss://ws.example/socket',
  'https://xn--bcher-kva.example/',
  'https://bücher.example/',
  'https://ex%41mple.com/',
  'https:\\\\evil.example\\path',
  'http://0x7f.1/',
  'http://a..b/',
  'data:text/html,<p>x</p>',
  'blob:https://shop.example/uuid',
  'chrome-extension://abc/popup.html',
  'mailto:a@b.example',
  'javascript:void(0)',
  '//no-scheme.example/',
  '',
];
const anyUrl = fc.oneof(mutated(URLS, 5), fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.string({ maxLength: 100 }));
const NETWORK = /^(https?|wss?|ftp):/i;

/** What the browser makes of a URL: its WHATWG hostname without trailing dots, or undefined when it would not parse. */
function whatwgHostname(url: string): string | undefined {
  try {
    return new URL(url).hostname.replace(/\.+$/, '');
  } catch {
    return undefined;
  }
}

describe('URL and host parsing, generated input', () => {
  it(
    'parseUrlHost never throws, answers a lowercase hostname without port or trailing dot, and a path index on a slash',
    () => {
      check(
        fc.property(anyUrl, (url) => {
          const parsed = withinTime(QUICK_MS, () => parseUrlHost(url));
          if (!parsed.ok) {
            expect(['local-scheme', 'unsupported-scheme', 'invalid-url']).toContain(parsed.reason);
            return;
          }
          expect(parsed.hostname).not.toBe('');
          expect(parsed.hostname).toBe(parsed.hostname.toLowerCase());
          expect(parsed.hostname.endsWith('.')).toBe(false);
          if (!parsed.hostname.startsWith('[')) expect(parsed.hostname).not.toContain(':');
          if (parsed.pathStart !== -1) expect(parsed.url[parsed.pathStart]).toBe('/');
        }),
        500,
      );
    },
    FUZZ_TIMEOUT,
  );

  // A URL the browser refuses was never requested: a page's `fetch('https://]tracker.example/')` throws, and must not
  // become a request to the tracker. What the browser hands over (`new URL(u).href`) is read exactly as it reads it.
  it(
    'parseUrlHost agrees with the browser (WHATWG URL): it refuses what the browser refuses, and reads the same hostname',
    () => {
      check(
        fc.property(anyUrl, (url) => {
          if (!NETWORK.test(url)) return;
          const parsed = parseUrlHost(url);
          const expected = whatwgHostname(url);
          if (expected === undefined) expect(parsed.ok).toBe(false);
          if (parsed.ok) expect(parsed.hostname).toBe(expected);
          if (expected) expect(parseUrlHost(new URL(url).href)).toMatchObject({ ok: true, hostname: expected });
        }),
        500,
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'site helpers never throw; a site is a suffix of its hostname, stable, and the three hostname readers agree on what the browser hands over',
    () => {
      check(
        fc.property(anyUrl, fc.oneof(fc.domain(), mutated(['www.shop.example.co.uk', 'a.b.myshopify.com', 'localhost', '127.0.0.1'])), (url, raw) => {
          const host = raw.toLowerCase().replace(/\.+$/, '');
          const site = siteOf(host);
          expect(siteOf(site)).toBe(site);
          expect(host.endsWith(site)).toBe(true);
          expect(isDomainOfSite(host, site)).toBe(true);
          siteOfUrl(url);
          originOf(url);
          const canonical = (() => {
            try {
              return new URL(url).href;
            } catch {
              return undefined;
            }
          })();
          if (!canonical || !/^(https?|wss?):\/\//.test(canonical)) return;
          // Each strips a trailing dot; of a degenerate `a..` one strips one, the others all.
          const bare = (name: string) => name.replace(/\.+$/, '');
          const parsed = parseUrlHost(canonical);
          const fromVisit = bare(hostnameOfVisit(canonical));
          if (fromVisit === '') return;
          expect(bare(hostnameOf(canonical))).toBe(fromVisit);
          expect(parsed.ok && parsed.hostname).toBe(fromVisit);
        }),
        500,
      );
    },
    FUZZ_TIMEOUT,
  );
});

describe('classifying a vendor URL, however it is spelled', () => {
  const index = getDefaultIndex();
  const hosts = loadVendors(readVendorFiles(process.cwd()))
    .vendors.flatMap((v) => v.domains.filter((d) => !d.includes('/')).map((d) => ({ vendor: v.id, domain: d })))
    .filter(({ domain }) => !domain.includes('*'));

  it(
    'reads every vendor host back as its vendor, with upper case, a trailing dot, a default port, user info or escapes',
    () => {
      const spelling = fc.record({
        upper: fc.boolean(),
        dot: fc.boolean(),
        port: fc.boolean(),
        user: fc.boolean(),
        escape: fc.boolean(),
        scheme: fc.constantFrom('https', 'http', 'wss'),
      });
      check(
        fc.property(fc.constantFrom(...hosts), fc.option(fc.stringMatching(/^[a-z0-9]{1,10}$/)), spelling, ({ vendor, domain }, sub, s) => {
          const base = sub ? `${sub}.${domain}` : domain;
          const plain = classifyUrl(index, `https://${base}/`, 'shop.example');
          // A subdomain may belong to a more specific vendor; it still belongs to one.
          if (sub) expect(plain.kind).toBe('vendor');
          else expect(plain.kind === 'vendor' && plain.vendor.id).toBe(vendor);
          let host = s.upper ? base.toUpperCase() : base;
          if (s.escape) host = host.replace(/[a-z]/i, (c) => `%${c.charCodeAt(0).toString(16)}`);
          if (s.dot) host += '.';
          const port = s.port ? (s.scheme === 'http' ? ':80' : ':443') : '';
          const url = `${s.scheme}://${s.user ? 'u:p@' : ''}${host}${port}/`;
          const spelled = classifyUrl(index, url, 'shop.example');
          expect(spelled).toEqual(plain);
        }),
        400,
      );
    },
    FUZZ_TIMEOUT,
  );
});
