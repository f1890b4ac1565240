import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { declaredCookie, defaultCookiePath, parseSetCookie } from '../../lib/capture/set-cookie';
import { check, FUZZ_TIMEOUT, mutated, QUICK_MS, withinTime } from './fuzz';

/** The cap `parseSetCookie` applies to its input (lib/capture/set-cookie.ts), which bounds every string it returns. */
const MAX_COOKIE_STRING = 8192;
const NOW = Date.parse('2026-01-01T00:00:00Z');

/** Headers in the shapes real servers and scripts send. */
const HEADERS = [
  '_ga=GA1.1.123456789.1767225600; Max-Age=63072000; Path=/; Domain=.shop.example; SameSite=Lax',
  'sid=abc123; Expires=Wed, 21 Oct 2026 07:28:00 GMT; Secure; HttpOnly; SameSite=None; Partitioned',
  'IDE=AHWqTUkHq1; expires=Fri, 22-Nov-2027 10:00:00 GMT; path=/; domain=.doubleclick.net; Secure; HttpOnly; SameSite=none',
  'OptanonConsent=isGpcEnabled=0&datestamp=Mon+Nov+23+2026&groups=C0001%3A1%2CC0002%3A0; expires=Tue, 23 Nov 2027 09:00:00 GMT; path=/; Domain=.shop.example; SameSite=Lax',
  '__Host-id=1; Path=/; Secure',
  'CookieConsent={stamp:%27Zm9v%27%2Cnecessary:true%2Cmarketing:false}; Max-Age=31536000; path=/',
  'a=b',
  'a=; Max-Age=0',
  '"quoted"="value"; Max-Age=-1',
  'tracker=1; Max-Age=157680000; Expires=Thu, 01 Jan 1970 00:00:01 GMT',
];

const URLS = ['https://shop.example/app/page.html', 'http://127.0.0.1:8080/', 'https://a.b.c.example', 'about:blank', 'data:text/html,x', 'not a url', ''];

describe('Set-Cookie parsing, generated input', () => {
  it(
    'never throws, keeps every string under the input cap and the lifetime a finite number of seconds',
    () => {
      const header = fc.oneof(mutated(HEADERS, 6), fc.string({ maxLength: 300, unit: 'binary' }));
      const reference = fc.oneof(fc.constant(NOW), fc.integer({ min: -8.64e15, max: 8.64e15 }));
      check(
        fc.property(header, reference, (raw, ref) => {
          const cookie = withinTime(QUICK_MS, () => parseSetCookie(raw, ref));
          if (!cookie) return;
          for (const s of [cookie.name, cookie.value, cookie.path ?? '']) expect(s.length).toBeLessThanOrEqual(MAX_COOKIE_STRING);
          // The domain is lower-cased after the cap, and `İ` is two characters in lower case.
          expect((cookie.domain ?? '').length).toBeLessThanOrEqual(2 * MAX_COOKIE_STRING);
          expect(cookie.name.length + cookie.value.length).toBeGreaterThan(0);
          if (cookie.path !== undefined) expect(cookie.path.startsWith('/')).toBe(true);
          if (cookie.domain !== undefined) expect(cookie.domain).toBe(cookie.domain.toLowerCase());
          if (cookie.declaredLifetime !== null) expect(Number.isSafeInteger(cookie.declaredLifetime)).toBe(true);
        }),
        400,
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'turns any declaration from any URL into a cookie record with a domain and an absolute path, without throwing',
    () => {
      check(
        fc.property(mutated(HEADERS), fc.oneof(mutated(URLS), fc.webUrl()), (raw, url) => {
          const parsed = parseSetCookie(raw, NOW);
          expect(defaultCookiePath(url).startsWith('/')).toBe(true);
          if (!parsed) return;
          const record = declaredCookie(parsed, url, { id: 'c1', visitId: 'v1', t: 0, source: 'network', frameId: 0, frameUrl: url, via: 'header' });
          expect(record.path.startsWith('/')).toBe(true);
          expect(record.hostOnly).toBe(!parsed.domain);
          expect(record.action).toBe(parsed.declaredLifetime !== null && parsed.declaredLifetime <= 0 ? 'removed' : 'set');
        }),
        200,
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'reads back a cookie built from a name, a value and attributes in any order and case',
    () => {
      const token = fc.stringMatching(/^[A-Za-z0-9!#$&'*+.^_`|~-]{1,24}$/);
      const octets = fc.stringMatching(/^[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]{0,40}$/);
      const date = fc.integer({ min: Date.UTC(1971, 0, 1), max: Date.UTC(9999, 0, 1) });
      const attributes = fc.record(
        {
          maxAge: fc.oneof(fc.integer(), fc.integer({ min: -1, max: 400 * 86_400 })),
          expires: date,
          domain: fc.tuple(fc.domain(), fc.boolean()),
          path: fc.stringMatching(/^\/[\x21-\x3a\x3c-\x7e]{0,30}$/),
          secure: fc.constant(true),
          httpOnly: fc.constant(true),
          sameSite: fc.constantFrom('Lax', 'Strict', 'None'),
          partitioned: fc.constant(true),
        },
        { requiredKeys: [] },
      );
      const layout = fc.record({
        order: fc.array(fc.nat(), { minLength: 8, maxLength: 8 }),
        upper: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
        spaced: fc.boolean(),
      });
      check(
        fc.property(token, octets, attributes, layout, (name, value, a, { order, upper, spaced }) => {
          const parts: string[] = [];
          if (a.maxAge !== undefined) parts.push(`Max-Age=${a.maxAge}`);
          if (a.expires !== undefined) parts.push(`Expires=${new Date(a.expires).toUTCString()}`);
          if (a.domain !== undefined) parts.push(`Domain=${a.domain[1] ? '.' : ''}${a.domain[0]}`);
          if (a.path !== undefined) parts.push(`Path=${a.path}`);
          if (a.secure) parts.push('Secure');
          if (a.httpOnly) parts.push('HttpOnly');
          if (a.sameSite) parts.push(`SameSite=${a.sameSite}`);
          if (a.partitioned) parts.push('Partitioned');
          const shuffled = parts
            .map((part, i) => ({ part, key: order[i] ?? 0 }))
            .sort((x, y) => x.key - y.key)
            .map(({ part }, i) => {
              const eq = part.indexOf('=');
              const key = eq < 0 ? part : part.slice(0, eq);
              return (upper[i] ? key.toUpperCase() : key.toLowerCase()) + (eq < 0 ? '' : part.slice(eq));
            });
          const header = [`${name}=${value}`, ...shuffled].join(spaced ? '; ' : ';');
          const lifetime = a.maxAge ?? (a.expires === undefined ? null : Math.round((Math.floor(a.expires / 1000) * 1000 - NOW) / 1000));
          expect(parseSetCookie(header, NOW)).toEqual({
            name,
            value,
            ...(a.domain && { domain: a.domain[0].toLowerCase() }),
            ...(a.path && { path: a.path }),
            secure: !!a.secure,
            httpOnly: !!a.httpOnly,
            sameSite: a.sameSite === undefined ? 'unspecified' : a.sameSite === 'None' ? 'no_restriction' : a.sameSite.toLowerCase(),
            partitioned: !!a.partitioned,
            declaredLifetime: lifetime,
          });
        }),
        300,
      );
    },
    FUZZ_TIMEOUT,
  );
});
