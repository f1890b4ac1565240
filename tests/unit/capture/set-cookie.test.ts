import { describe, expect, it } from 'vitest';
import { defaultCookiePath, parseSetCookie } from '@/lib/capture/set-cookie';

const NOW = Date.parse('2026-01-01T00:00:00Z');

describe('parseSetCookie', () => {
  it.each([
    ['_ga=GA1.1.1; Max-Age=63072000; Path=/; Domain=.shop.example', 63_072_000],
    ['a=b; Expires=Sun, 01 Jan 2028 00:00:00 GMT', 2 * 365 * 86_400],
    ['a=b', null],
    ['a=b; Max-Age=0', 0],
    ['a=b; Max-Age=-1', -1],
    ['a=b; Expires=garbage', null],
    // Max-Age wins over Expires (RFC 6265 §5.3 step 3).
    ['a=b; Expires=Sun, 01 Jan 2028 00:00:00 GMT; Max-Age=60', 60],
  ])('reads the declared lifetime of %s', (header, lifetime) => {
    expect(parseSetCookie(header, NOW)?.declaredLifetime).toBe(lifetime);
  });

  it('keeps a declared lifetime beyond the 400-day cap browsers apply when storing', () => {
    expect(parseSetCookie('id=1; Max-Age=157680000', NOW)?.declaredLifetime).toBe(157_680_000);
  });

  it('reads every attribute, case-insensitively', () => {
    expect(parseSetCookie('sid=x=y; DOMAIN=.Shop.Example; path=/app; SECURE; HttpOnly; samesite=None; Partitioned', NOW)).toEqual({
      name: 'sid',
      value: 'x=y',
      domain: 'shop.example',
      path: '/app',
      secure: true,
      httpOnly: true,
      sameSite: 'no_restriction',
      partitioned: true,
      declaredLifetime: null,
    });
  });

  it.each(['', 'no-equals-sign', '=', ';;;'])('ignores %j like a browser would', (header) => {
    expect(parseSetCookie(header, NOW)).toBeUndefined();
  });

  it('caps absurdly long input instead of scanning it all', () => {
    const cookie = parseSetCookie(`big=${'x'.repeat(1_000_000)}`, NOW);
    expect(cookie?.value.length).toBeLessThan(10_000);
  });

  // Found by tests/fuzz/set-cookie.fuzz.test.ts: Infinity became `null` (a session cookie) in the JSON export.
  it('keeps a Max-Age too long for a double a finite, very long lifetime', () => {
    expect(parseSetCookie(`a=b; Max-Age=${'9'.repeat(400)}`, NOW)?.declaredLifetime).toBe(Number.MAX_SAFE_INTEGER);
    expect(parseSetCookie('a=b; Max-Age=11111111157680000', NOW)?.declaredLifetime).toBe(Number.MAX_SAFE_INTEGER);
    expect(parseSetCookie(`a=b; Max-Age=-${'9'.repeat(400)}`, NOW)?.declaredLifetime).toBe(-Number.MAX_SAFE_INTEGER);
  });

  it('ignores a path that does not start with a slash', () => {
    expect(parseSetCookie('a=b; Path=relative', NOW)?.path).toBeUndefined();
  });
});

describe('defaultCookiePath', () => {
  it.each([
    ['https://shop.example/', '/'],
    ['https://shop.example/a/b/c.html', '/a/b'],
    ['https://shop.example/a', '/'],
    ['not a url', '/'],
    // Found by the fuzz test: an opaque path is not a directory.
    ['data:text/html,x', '/'],
    ['about:blank', '/'],
  ])('%s → %s', (url, path) => expect(defaultCookiePath(url)).toBe(path));
});
