import type { CookieRecord } from '../model';
import type { CookieDetails, CookieJarQuery, GetAllCookies } from './platform';

/** Most jar cookies recorded per visit; a site may hold hundreds, the consent managers' few are among them. */
export const JAR_MAX_COOKIES = 150;
/** Longest value kept (browsers cap a cookie at 4 KiB; a hostile store could hold more). */
export const JAR_MAX_VALUE = 4096;

/**
 * The cookies the browser would send to the top-level `url` when a visit starts: left by earlier visits, they hold a
 * consent manager's stored choice that the page may never rewrite. Unpartitioned cookies first, then the page's own
 * partition (CHIPS; Chromium returns both for a partition key, Firefox only the partition). Under Firefox's
 * first-party isolation a query must name the first-party domain, or it throws
 * (https://developer.mozilla.org/en-US/docs/Mozilla/Add-ons/WebExtensions/API/cookies/getAll).
 * Returns records at t = 0 with `via: 'jar'`, at most JAR_MAX_COOKIES, sorted by name; an API failure gives none.
 */
export async function captureCookieJar(
  getAll: GetAllCookies,
  url: string,
  base: Pick<CookieRecord, 'visitId'>,
  siteOf: (hostname: string) => string,
  nextId: () => string,
  /** The visit's cookie store (Firefox names it); without it the browser's default store is read. */
  storeId?: string,
): Promise<CookieRecord[]> {
  const origin = /^https?:\/\/[^/]+/.exec(url)?.[0];
  if (!origin) return [];
  const site = siteOf(new URL(url).hostname);
  const topLevelSite = `${url.startsWith('https:') ? 'https' : 'http'}://${site || new URL(url).hostname}`;
  const found: CookieDetails[] = [];
  const store = storeId ? { storeId } : {};
  const tries: CookieJarQuery[][] = [
    [
      { url, ...store },
      { url, partitionKey: { topLevelSite }, ...store },
    ],
    [{ url, firstPartyDomain: site, ...store }],
  ];
  for (const queries of tries) {
    let ok = false;
    for (const query of queries) {
      try {
        found.push(...(await getAll(query)));
        ok = true;
      } catch {
        // A browser without partition keys or with first-party isolation refuses the query; the next one fits it.
      }
    }
    if (ok) break;
  }
  const seen = new Set<string>();
  const unique = found.filter((c) => {
    const key = `${c.name}\u0000${c.domain}\u0000${c.path}\u0000${c.partitionKey ? 'p' : ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique
    .sort((a, b) => a.name.localeCompare(b.name))
    .slice(0, JAR_MAX_COOKIES)
    .map((cookie): CookieRecord => {
      const fields = storeCookieFields(cookie);
      return {
        kind: 'cookie',
        id: nextId(),
        visitId: base.visitId,
        t: 0,
        source: 'network',
        frameId: -1,
        via: 'jar',
        action: 'set',
        name: cookie.name.slice(0, 256),
        value: cookie.value.slice(0, JAR_MAX_VALUE),
        ...fields,
        // What the site declared is not known for a cookie set in an earlier visit; the store's expiry is.
        declaredLifetime: null,
      };
    });
}

/** The attributes of a cookie as the browser's cookie store holds it (`cookies.getAll`, `cookies.onChanged`). */
export function storeCookieFields(cookie: CookieDetails) {
  return {
    domain: cookie.domain.replace(/^\./, '').toLowerCase(),
    hostOnly: cookie.hostOnly,
    path: cookie.path,
    secure: cookie.secure,
    httpOnly: cookie.httpOnly,
    sameSite: readSameSite(cookie.sameSite),
    partitioned: cookie.partitionKey !== undefined && cookie.partitionKey !== null,
    ...(cookie.expirationDate !== undefined && { storedExpiry: cookie.expirationDate }),
  } satisfies Partial<CookieRecord>;
}

/** The store's SameSite value, or `unspecified` for anything else. */
function readSameSite(value: string | undefined): CookieRecord['sameSite'] {
  return value === 'lax' || value === 'strict' || value === 'no_restriction' ? value : 'unspecified';
}
