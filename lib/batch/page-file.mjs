// Where a page's report goes: `<site>/<page>.json` under the output directory. Names come from hostile URLs, so they
// are rebuilt from a safe alphabet, bounded, and made unique by a hash of the whole URL rather than trusted.
import { getDomain } from 'tldts';
import { fnv1a } from './shard.mjs';

const MAX_STEM = 80;

/** The site (eTLD+1) of a URL, or its hostname where there is none (an IP address, `localhost`). */
export function siteOf(url) {
  const { hostname } = new URL(url);
  return getDomain(hostname) ?? hostname;
}

/**
 * The report's path relative to the output directory, always with `/` separators: a safe directory name for the
 * site, then a readable stem of the host, path and query, then the URL's hash (two URLs never share a file).
 */
export function pageFile(url) {
  const parsed = new URL(url);
  const dir = safeName(siteOf(url)) || 'site';
  const readable = safeName(`${parsed.hostname}${parsed.pathname}${parsed.search}`).slice(0, MAX_STEM);
  const hash = fnv1a(url).toString(16).padStart(8, '0');
  return `${dir}/${readable || 'page'}-${hash}.json`;
}

/** Lowercase letters, digits, `.`, `-` and `_`; runs of anything else become one `_`; no leading or trailing dot. */
function safeName(text) {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '_')
    .replace(/\.{2,}/g, '.')
    .replace(/^[._]+|[._]+$/g, '')
    .slice(0, MAX_STEM);
}
