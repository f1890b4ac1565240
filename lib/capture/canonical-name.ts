/** Firefox's `dns` API, which Chromium lacks. */
interface DnsApi {
  resolve(hostname: string, flags: string[]): Promise<{ canonicalName?: string }>;
}

/**
 * The CNAME target of a hostname, which uncovers trackers hidden behind first-party subdomains; undefined where the
 * browser has no `dns` API (https://developer.mozilla.org/en-US/docs/Mozilla/Add-ons/WebExtensions/API/dns/resolve).
 */
export function canonicalNameResolver(api: object): ((hostname: string) => Promise<string | undefined>) | undefined {
  const dns = 'dns' in api ? (api.dns as DnsApi | undefined) : undefined;
  if (!dns) return undefined;
  return async (hostname) => (await dns.resolve(hostname, ['canonical_name'])).canonicalName;
}
