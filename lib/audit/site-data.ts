/** The slice of `browsingData` and `cookies` that clearing a site needs (Firefox's filter has `hostnames`). */
export interface SiteDataApi {
  browsingData: { remove(filter: { hostnames?: string[]; origins?: string[] }, types: Record<string, boolean>): Promise<void> };
  cookies: {
    getAll(details: { domain: string }): Promise<{ name: string; domain: string; path: string; secure: boolean; storeId: string }[]>;
    remove(details: { url: string; name: string; storeId?: string }): Promise<unknown>;
  };
}

/**
 * Clears what the page's site stored: cookies, Web Storage, IndexedDB, caches, service workers. Chromium filters
 * `browsingData` by origin, Firefox by hostname (and rejects data types it does not know, such as cacheStorage).
 * Cookies that subdomains set on the registrable domain are not covered by an origin filter: they are removed too.
 */
export async function clearSiteData(api: SiteDataApi, isFirefox: boolean, url: string, site: string): Promise<void> {
  const { hostname, protocol } = new URL(url);
  const hosts = [...new Set([hostname, site, `www.${site}`])];
  const types = { cookies: true, localStorage: true, indexedDB: true, serviceWorkers: true };
  if (isFirefox) await api.browsingData.remove({ hostnames: hosts }, types);
  else await api.browsingData.remove({ origins: hosts.flatMap((h) => [`${protocol}//${h}`, `https://${h}`]) }, { ...types, cacheStorage: true });
  for (const cookie of await api.cookies.getAll({ domain: site })) {
    const host = cookie.domain.replace(/^\./, '');
    await api.cookies
      .remove({ url: `${cookie.secure ? 'https' : 'http'}://${host}${cookie.path}`, name: cookie.name, storeId: cookie.storeId })
      .catch(() => undefined);
  }
}
