import { describe, expect, it } from 'vitest';
import { captureCookieJar, JAR_MAX_COOKIES, JAR_MAX_VALUE } from '@/lib/capture/cookie-jar';
import type { CookieDetails, CookieJarQuery } from '@/lib/capture/platform';
import { siteOf } from '@/lib/classify/site';

const jarCookie = (name: string, extra: Partial<CookieDetails> = {}): CookieDetails => ({
  name,
  value: `${name}-value`,
  domain: 'shop.example',
  hostOnly: true,
  path: '/',
  secure: true,
  httpOnly: false,
  sameSite: 'lax',
  session: false,
  expirationDate: 1_800_000_000,
  ...extra,
});

let n = 0;
const capture = (getAll: (q: CookieJarQuery) => Promise<CookieDetails[]>, url = 'https://www.shop.example/cart') =>
  captureCookieJar(getAll, url, { visitId: 'v1' }, siteOf, () => `j:${++n}`);

describe('captureCookieJar', () => {
  it('records what the jar holds for the page URL at t = 0, via jar, with the stored expiry and no declared lifetime', async () => {
    const queries: CookieJarQuery[] = [];
    const records = await capture(async (q) => {
      queries.push(q);
      return q.partitionKey
        ? []
        : [
            jarCookie('klaro', { domain: '.shop.example', hostOnly: false }),
            jarCookie('sid', { session: true, expirationDate: undefined, sameSite: 'no_restriction' }),
          ];
    });
    expect(queries).toEqual([
      { url: 'https://www.shop.example/cart' },
      { url: 'https://www.shop.example/cart', partitionKey: { topLevelSite: 'https://shop.example' } },
    ]);
    expect(records.map((r) => [r.name, r.t, r.via, r.action, r.domain, r.declaredLifetime, r.storedExpiry, r.sameSite, r.visitId])).toEqual([
      ['klaro', 0, 'jar', 'set', 'shop.example', null, 1_800_000_000, 'lax', 'v1'],
      ['sid', 0, 'jar', 'set', 'shop.example', null, undefined, 'no_restriction', 'v1'],
    ]);
    expect(records[0]?.value).toBe('klaro-value');
  });

  it('adds the page partition (CHIPS) once: Chromium returns unpartitioned cookies again with a partition key', async () => {
    const chips = jarCookie('__Host-chips', { partitionKey: { topLevelSite: 'https://shop.example' } });
    const records = await capture(async (q) => (q.partitionKey ? [jarCookie('klaro'), chips] : [jarCookie('klaro')]));
    expect(records.map((r) => [r.name, r.partitioned])).toEqual([
      ['__Host-chips', true],
      ['klaro', false],
    ]);
  });

  it("under Firefox's first-party isolation, asks again with the page's first-party domain", async () => {
    const records = await capture(async (q) => {
      if (q.firstPartyDomain === undefined) throw new Error("First-Party Isolation is enabled, but the required 'firstPartyDomain' attribute was not set.");
      return q.firstPartyDomain === 'shop.example' ? [jarCookie('CookieConsent')] : [];
    });
    expect(records.map((r) => r.name)).toEqual(['CookieConsent']);
  });

  it('is bounded: at most JAR_MAX_COOKIES cookies, values cut at JAR_MAX_VALUE; a failing API gives none', async () => {
    const many = Array.from({ length: JAR_MAX_COOKIES + 50 }, (_, i) => jarCookie(`c${String(i).padStart(4, '0')}`, { value: 'x'.repeat(JAR_MAX_VALUE * 3) }));
    const records = await capture(async (q) => (q.partitionKey ? [] : many));
    expect(records).toHaveLength(JAR_MAX_COOKIES);
    expect(Math.max(...records.map((r) => r.value.length))).toBe(JAR_MAX_VALUE);
    expect(await capture(async () => Promise.reject(new Error('no permission')))).toEqual([]);
    expect(await capture(async () => [jarCookie('a')], 'about:blank')).toEqual([]);
  });
});
