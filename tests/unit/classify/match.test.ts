import { describe, expect, it } from 'vitest';
import { classifyCookie, classifyHostname, classifyStorageKey, classifyUrl } from '../../../lib/classify/match';
import { siteOf as siteOfHostname } from '../../../lib/classify/site';
import type { Vendor } from '../../../lib/classify/vendor';
import { buildVendorIndex } from '../../../lib/classify/vendor-index';

function vendor(id: string, domains: string[], extra: Partial<Vendor> = {}): Vendor {
  return {
    id,
    name: id,
    organization: id,
    website: `https://${id}.example`,
    category: 'advertising',
    consent: 'required',
    domains,
    sources: [`https://${id}.example/docs`],
    ...extra,
  };
}

const index = buildVendorIndex([
  vendor('google', ['google.com']),
  vendor('recaptcha', ['google.com/recaptcha', 'gstatic.com/recaptcha'], { category: 'security-antifraud' }),
  vendor('google-ads', ['google.com/pagead'], {
    cookies: [{ name: '_gcl_au', purpose: 'conversion linker', lifetime: '90 days' }],
  }),
  vendor('google-static', ['gstatic.com']),
  vendor('google-fonts', ['fonts.googleapis.com', 'fonts.gstatic.com'], { category: 'cdn-fonts' }),
  vendor('google-analytics', ['google-analytics.com'], {
    cookies: [
      { name: '_ga', purpose: 'client id' },
      { name: '_ga_*', purpose: 'session state' },
      { name: '_gat*', purpose: 'throttle' },
    ],
  }),
  vendor('doubleclick', ['doubleclick.net'], {
    cookies: [
      { name: 'IDE', purpose: 'ads', vendorDomainOnly: true },
      { name: 'id', purpose: 'ads', vendorDomainOnly: true },
    ],
  }),
  vendor('hotjar', ['hotjar.com'], {
    category: 'session-replay',
    cookies: [
      { name: '_hjSession_*', purpose: 'session' },
      { name: '_hjSessionUser_*', purpose: 'user' },
    ],
    storage: [{ name: '_hjLocalStorageTest', purpose: 'test', area: 'localStorage' }],
  }),
  vendor('mixpanel', ['mixpanel.com'], {
    cookies: [{ name: 'mp_*_mixpanel', purpose: 'distinct id' }],
    storage: [{ name: 'mp_*_mixpanel', purpose: 'distinct id', area: 'localStorage' }],
  }),
  vendor('matomo', ['matomo.cloud'], { cookies: [{ name: '_pk_id.*', purpose: 'visitor id' }] }),
  vendor('shopify', ['myshopify.com', 'shopify.com']),
  vendor('cloudfront-one', ['d123.cloudfront.net']),
  vendor('bucher', ['xn--bcher-kva.de']),
]);

describe('classifyUrl', () => {
  const top = 'example.com';
  it.each([
    ['https://www.google-analytics.com/g/collect?v=2', 'google-analytics', 'google-analytics.com'],
    ['https://region1.google-analytics.com/g/collect', 'google-analytics', 'google-analytics.com'],
    ['https://www.google.com/recaptcha/api.js', 'recaptcha', 'google.com'],
    ['https://www.google.com/recaptcha', 'recaptcha', 'google.com'],
    ['https://www.google.com/recaptcha?render=x', 'recaptcha', 'google.com'],
    ['https://www.google.com/recaptchas/other', 'google', 'google.com'],
    ['https://www.google.com/pagead/1p-user-list/1/', 'google-ads', 'google.com'],
    ['https://www.google.com/search?q=1', 'google', 'google.com'],
    ['https://www.google.com', 'google', 'google.com'],
    ['https://www.google.com?x=/recaptcha', 'google', 'google.com'],
    ['https://www.gstatic.com/recaptcha/releases/x/recaptcha__en.js', 'recaptcha', 'gstatic.com'],
    ['https://www.gstatic.com/charts/loader.js', 'google-static', 'gstatic.com'],
    ['https://fonts.gstatic.com/s/roboto/v1.woff2', 'google-fonts', 'gstatic.com'],
    ['https://fonts.googleapis.com/css2?family=Roboto', 'google-fonts', 'fonts.googleapis.com'], // googleapis.com is a private suffix
    ['HTTPS://WWW.GOOGLE-ANALYTICS.COM/analytics.js', 'google-analytics', 'google-analytics.com'],
    ['https://www.google-analytics.com./analytics.js', 'google-analytics', 'google-analytics.com'],
    ['https://www.google-analytics.com:443/analytics.js', 'google-analytics', 'google-analytics.com'],
    ['https://user:pw@www.google-analytics.com/x', 'google-analytics', 'google-analytics.com'],
    ['wss://ws1.hotjar.com/api/v2/client/ws', 'hotjar', 'hotjar.com'],
    ['https://d123.cloudfront.net/x.js', 'cloudfront-one', 'd123.cloudfront.net'],
    ['https://xn--bcher-kva.de/', 'bucher', 'xn--bcher-kva.de'],
    ['https://bücher.de/', 'bucher', 'xn--bcher-kva.de'],
    ['https://www.google-analytics.com\\analytics.js', 'google-analytics', 'google-analytics.com'],
    ['https://stats.g.doubleclick.net%2e/x', 'doubleclick', 'doubleclick.net'],
  ])('%s → %s', (url, id, site) => {
    const result = classifyUrl(index, url, top);
    expect(result).toMatchObject({ kind: 'vendor', vendor: { id }, site, party: 'third' });
  });

  it.each([
    ['https://cdn.unknown-tracker.io/t.js', 'cdn.unknown-tracker.io', 'unknown-tracker.io'],
    ['https://shop.myshopify.com.evil.net/x', 'shop.myshopify.com.evil.net', 'evil.net'],
    ['https://d999.cloudfront.net/x.js', 'd999.cloudfront.net', 'd999.cloudfront.net'],
    ['https://google.com.evil.example/x', 'google.com.evil.example', 'evil.example'],
    ['https://notgoogle.com/x', 'notgoogle.com', 'notgoogle.com'],
    ['http://localhost:8080/x', 'localhost', 'localhost'],
  ])('unknown host %s → unclassified, kept with its site', (url, hostname, site) => {
    expect(classifyUrl(index, url, top)).toEqual({ kind: 'unclassified', hostname, site, party: 'third', frameParty: 'third' });
  });

  it.each([
    ['http://127.0.0.1/x', '127.0.0.1'],
    ['http://[::1]:8080/x', '[::1]'],
    ['http://[2001:db8::1]/x', '[2001:db8::1]'],
    ['http://0x7f.1/x', '127.0.0.1'],
    ['http://2130706433/x', '127.0.0.1'],
    // Found by tests/fuzz/url.fuzz.test.ts: the browser writes an IPv6 literal in its shortest form.
    ['http://[0:0::1]/x', '[::1]'],
  ])('IP host %s is unclassified with the IP as site', (url, ip) => {
    expect(classifyUrl(index, url, top)).toMatchObject({ kind: 'unclassified', hostname: ip, site: ip });
  });

  it.each([
    ['data:text/html,<script>x</script>', 'local-scheme'],
    ['blob:https://example.com/1234-5678', 'local-scheme'],
    ['about:blank', 'local-scheme'],
    ['javascript:void(0)', 'local-scheme'],
    ['chrome-extension://abc/popup.html', 'local-scheme'],
    ['moz-extension://abc/popup.html', 'local-scheme'],
    ['mailto:a@b.c', 'unsupported-scheme'],
    ['', 'invalid-url'],
    ['not a url', 'invalid-url'],
    ['https://', 'invalid-url'],
    ['https:///path', 'invalid-url'],
    ['https://exa mple.com/', 'invalid-url'],
    ['https://[::1/x', 'invalid-url'],
    ['https://example.com:port/x', 'invalid-url'],
    ['://example.com', 'invalid-url'],
    // Found by tests/fuzz/url.fuzz.test.ts: URLs the browser refuses (fetch throws) were read as requests to the host.
    ['https://]www.google-analytics.com/g/collect', 'invalid-url'],
    ['https://www.google-analytics.com|x/g/collect', 'invalid-url'],
    ['https://<www.google-analytics.com/', 'invalid-url'],
    ['https://www.google-analytics.com:99999/', 'invalid-url'],
    ['https://xn--zz.google-analytics.com/', 'invalid-url'],
  ])('%s → unclassifiable (%s)', (url, reason) => {
    expect(classifyUrl(index, url, top)).toEqual({ kind: 'unclassifiable', reason });
  });

  it('classifies a 300-character hostname without throwing', () => {
    const long = `${`${'a'.repeat(60)}.`.repeat(4)}${'b'.repeat(50)}.doubleclick.net`;
    expect(long.length).toBeGreaterThan(300);
    expect(classifyUrl(index, `https://${long}/x`, top)).toMatchObject({ kind: 'vendor', vendor: { id: 'doubleclick' } });
    const unknown = `${`${'c'.repeat(63)}.`.repeat(5)}example.org`;
    expect(classifyUrl(index, `https://${unknown}/`, top)).toMatchObject({ kind: 'unclassified', site: 'example.org' });
  });

  it('never throws on arbitrary input', () => {
    const inputs = [
      'http://',
      'http://:80',
      'http://@/',
      'http://a@b@c.com/',
      'https://..',
      'https://.',
      'http://%/',
      'http://a..b.com/',
      '\u0000',
      'h'.repeat(5000),
    ];
    for (const input of inputs) expect(() => classifyUrl(index, input, top)).not.toThrow();
  });

  describe('party', () => {
    it.each([
      ['https://www.example.com/app.js', 'example.com', 'first'],
      ['https://cdn.example.com/app.js', 'example.com', 'first'],
      ['https://example.co.uk/x', 'example.com', 'third'],
      ['https://www.google-analytics.com/x', 'google-analytics.com', 'first'],
      ['https://shop-a.myshopify.com/x', 'shop-b.myshopify.com', 'third'],
      ['https://shop-a.myshopify.com/x', 'shop-a.myshopify.com', 'first'],
      ['https://foo.github.io/x', 'bar.github.io', 'third'],
      ['https://www.example.com/x', '', 'third'],
    ])('%s on %s is %s-party', (url, topSite, party) => {
      expect(classifyUrl(index, url, topSite)).toMatchObject({ party });
    });

    it('reports the party relative to the frame site separately', () => {
      expect(classifyUrl(index, 'https://www.google.com/recaptcha/api2/anchor', 'example.com', 'google.com')).toMatchObject({
        party: 'third',
        frameParty: 'first',
      });
      expect(classifyUrl(index, 'https://www.example.com/x', 'example.com', 'google.com')).toMatchObject({
        party: 'first',
        frameParty: 'third',
      });
    });

    it('treats private suffixes as their own sites', () => {
      expect(classifyUrl(index, 'https://foo.myshopify.com/cart', 'example.com')).toMatchObject({
        kind: 'vendor',
        vendor: { id: 'shopify' },
        site: 'foo.myshopify.com',
      });
    });
  });
});

describe('classifyHostname and siteOfHostname', () => {
  it('matches the most specific entry and honours the path', () => {
    expect(classifyHostname(index, 'www.google.com')?.id).toBe('google');
    expect(classifyHostname(index, 'www.google.com', '/recaptcha/api.js')?.id).toBe('recaptcha');
    expect(classifyHostname(index, 'fonts.gstatic.com', '/recaptcha/x')?.id).toBe('google-fonts');
    expect(classifyHostname(index, 'com')).toBeUndefined();
  });

  it.each([
    ['www.example.co.uk', 'example.co.uk'],
    ['foo.myshopify.com', 'foo.myshopify.com'],
    ['a.b.blogspot.com', 'b.blogspot.com'],
    ['localhost', 'localhost'],
    ['xn--bcher-kva.de', 'xn--bcher-kva.de'],
  ])('site of %s is %s', (hostname, site) => {
    expect(siteOfHostname(hostname)).toBe(site);
  });
});

describe('classifyCookie', () => {
  it.each([
    ['_ga', 'example.com', 'google-analytics', 'name', '_ga'],
    ['_ga_ABC123XYZ', '.example.com', 'google-analytics', 'pattern', '_ga_*'],
    ['_gat', 'example.com', 'google-analytics', 'pattern', '_gat*'],
    ['_gat_UA-1234-1', 'example.com', 'google-analytics', 'pattern', '_gat*'],
    ['_gcl_au', 'www.example.com', 'google-ads', 'name', '_gcl_au'],
    ['_hjSession_123456', 'example.com', 'hotjar', 'pattern', '_hjSession_*'],
    ['_hjSessionUser_123456', 'example.com', 'hotjar', 'pattern', '_hjSessionUser_*'],
    ['mp_0123abcd_mixpanel', 'example.com', 'mixpanel', 'pattern', 'mp_*_mixpanel'],
    ['_pk_id.1.1fff', 'example.com', 'matomo', 'pattern', '_pk_id.*'],
    ['IDE', '.doubleclick.net', 'doubleclick', 'domain', 'IDE'],
    ['id', 'doubleclick.net', 'doubleclick', 'domain', 'id'],
    ['_ga', '.google-analytics.com', 'google-analytics', 'domain', '_ga'],
  ])('%s on %s → %s by %s', (name, domain, id, by, item) => {
    expect(classifyCookie(index, name, domain)).toMatchObject({ kind: 'vendor', vendor: { id }, by, item: { name: item } });
  });

  it('attributes an unknown cookie on a vendor domain to the vendor, without an item', () => {
    const result = classifyCookie(index, 'whatever', 'stats.g.doubleclick.net');
    expect(result).toEqual({ kind: 'vendor', vendor: expect.objectContaining({ id: 'doubleclick' }), by: 'domain' });
  });

  it('finds an item of a path-split vendor on the shared host', () => {
    expect(classifyCookie(index, '_gcl_au', 'www.google.com')).toMatchObject({ vendor: { id: 'google-ads' }, by: 'domain' });
  });

  it.each([
    ['IDE', 'example.com'],
    ['id', 'example.com'],
    ['session', 'example.com'],
    ['_gax', 'example.com'],
    ['mp_x_mixpanelx', 'example.com'],
    ['x_ga_1', 'example.com'],
    ['_pk_idx', 'example.com'],
    ['_ga', ''],
  ])('%s on %s is unclassified unless a name alone identifies it', (name, domain) => {
    const result = classifyCookie(index, name, domain);
    if (name === '_ga') expect(result).toMatchObject({ vendor: { id: 'google-analytics' } });
    else expect(result).toEqual({ kind: 'unclassified' });
  });
});

describe('classifyStorageKey', () => {
  it.each([
    ['_hjLocalStorageTest', 'hotjar', 'name'],
    ['mp_abc_mixpanel', 'mixpanel', 'pattern'],
  ])('%s → %s', (key, id, by) => {
    expect(classifyStorageKey(index, key)).toMatchObject({ kind: 'vendor', vendor: { id }, by });
  });

  it('leaves unknown keys unclassified', () => {
    expect(classifyStorageKey(index, 'cart')).toEqual({ kind: 'unclassified' });
  });
});

describe('buildVendorIndex', () => {
  it('reports two vendors claiming one host, or one host and path prefix', () => {
    const { conflicts } = buildVendorIndex([vendor('a', ['x.com', 'y.com/p']), vendor('b', ['x.com', 'y.com/p', 'y.com/q'])]);
    expect(conflicts).toEqual(['"x.com" is claimed by a and b', '"y.com/p" is claimed by a and b']);
  });
});
