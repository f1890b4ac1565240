import { getDomain, getHostname } from 'tldts';

import type { Party } from '../model';

const TLDTS_OPTIONS = { allowPrivateDomains: true, validateHostname: false } as const;
/** For hostnames already lower-cased and without a port: tldts skips its own URL parsing. */
const HOSTNAME_OPTIONS = { ...TLDTS_OPTIONS, extractHostname: false, detectIp: false, mixedInputs: false } as const;

/**
 * The site (registrable domain, eTLD+1) of a hostname, with private suffixes on so `shop.myshopify.com` is its own
 * site. Falls back to the lower-cased hostname for IP addresses, `localhost` and other hosts without a public suffix.
 */
export function siteOf(hostname: string): string {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return getDomain(host, HOSTNAME_OPTIONS) ?? host;
}

/** The hostname of a URL, lower-cased, or '' when the URL has none (data:, blob:, about:, garbage). */
export function hostnameOf(url: string): string {
  if (!/^(https?|wss?|ftp):\/\//i.test(url)) return '';
  const host = (getHostname(url, TLDTS_OPTIONS) ?? '').toLowerCase().replace(/\.$/, '');
  // tldts drops the brackets of an IPv6 literal; the URL parser and parseUrlHost keep them.
  return host.includes(':') ? `[${host}]` : host;
}

export function siteOfUrl(url: string): string {
  const host = hostnameOf(url);
  return host ? siteOf(host) : '';
}

/** Whether a cookie domain (no leading dot) belongs to a site. */
export function isDomainOfSite(domain: string, site: string): boolean {
  return domain === site || domain.endsWith(`.${site}`);
}

/** First party when the site is the top-level page's site. */
export function partyOf(site: string, topSite: string): Party {
  return site === topSite ? 'first' : 'third';
}
