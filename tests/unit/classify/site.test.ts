import { describe, expect, it } from 'vitest';
import { hostnameOf, siteOf, siteOfUrl } from '../../../lib/classify/site';

describe('hostnameOf', () => {
  it.each([
    ['https://WWW.Shop.Example./a', 'www.shop.example'],
    ['wss://ws.example:8443/s', 'ws.example'],
    // Found by tests/fuzz/url.fuzz.test.ts: tldts dropped the brackets the URL parser and parseUrlHost keep.
    ['http://[2001:db8::1]:8080/x', '[2001:db8::1]'],
    ['data:text/html,x', ''],
  ])('%s → %s', (url, host) => {
    expect(hostnameOf(url)).toBe(host);
  });

  it('gives an IPv6 literal as its own site', () => {
    expect(siteOfUrl('http://[::1]/x')).toBe('[::1]');
    expect(siteOf('a.b.shop.example')).toBe('shop.example');
  });
});
