// What a crawl reads from the site: the links and GET forms of an audited page (as the page's own DOM gave them, so
// hostile: any shape, any size) and its sitemap. Only http(s) pages of the crawled site survive, in the batch's one
// spelling of a URL, bounded in number and length.
import { siteOf } from './page-file.mjs';
import { normalizeUrl } from './url-list.mjs';

export const MAX_LINKS_PER_PAGE = 500;
export const MAX_SITEMAP_URLS = 1000;
export const MAX_SITEMAP_BYTES = 2_000_000;
const MAX_TEXT = 200;
// Files, not pages: nothing for a visitor to be recorded on.
const NOT_PAGES =
  /\.(pdf|zip|gz|tgz|rar|7z|exe|dmg|msi|apk|jpe?g|png|gif|webp|avif|svg|ico|bmp|tiff?|mp[34]|m4a|mov|avi|webm|ogg|wav|css|js|mjs|json|xml|rss|atom|txt|csv|docx?|xlsx?|pptx?|odt|ods|woff2?|ttf|eot)$/i;

/**
 * The crawlable links of a page: `raw` is what the page returned (`[{ href, text, form }]`, or anything), `site` the
 * crawl's registrable domain. Same site only (subdomains included), http(s), no fragment, no file; each URL once,
 * with its first non-empty text; at most MAX_LINKS_PER_PAGE.
 */
export function readLinks(raw, site) {
  const byUrl = new Map();
  if (!Array.isArray(raw)) return [];
  for (const item of raw.slice(0, MAX_LINKS_PER_PAGE * 4)) {
    if (byUrl.size >= MAX_LINKS_PER_PAGE) break;
    if (typeof item !== 'object' || item === null || typeof item.href !== 'string') continue;
    const url = crawlableUrl(item.href, site);
    if (!url) continue;
    const text = typeof item.text === 'string' ? item.text.replace(/\s+/g, ' ').trim().slice(0, MAX_TEXT) : '';
    const form = item.form === true;
    const known = byUrl.get(url);
    if (known) {
      if (!known.text && text) known.text = text;
      known.form ||= form;
    } else byUrl.set(url, { url, text, form });
  }
  return [...byUrl.values()];
}

/** The URL in the batch's spelling when a crawl of `site` may visit it, else undefined. */
export function crawlableUrl(href, site) {
  if (typeof href !== 'string' || !/^https?:\/\//i.test(href)) return undefined;
  const parsed = normalizeUrl(href);
  if (!parsed.ok) return undefined;
  const url = new URL(parsed.url);
  if (url.username || url.password || NOT_PAGES.test(url.pathname)) return undefined;
  let own;
  try {
    own = siteOf(parsed.url);
  } catch {
    return undefined;
  }
  return own === site ? parsed.url : undefined;
}

/**
 * The `<loc>` entries of a sitemap (https://www.sitemaps.org/protocol.html): `pages` of a `<urlset>`, `sitemaps` of a
 * `<sitemapindex>`, in file order, at most MAX_SITEMAP_URLS. Anything else (an HTML error page, a GIF) gives nothing.
 */
export function readSitemap(text) {
  const xml = String(text).slice(0, MAX_SITEMAP_BYTES);
  const index = /<sitemapindex[\s>]/i.test(xml);
  if (!index && !/<urlset[\s>]/i.test(xml)) return { pages: [], sitemaps: [] };
  const locs = [];
  const re = /<loc>\s*([^<]{1,4096}?)\s*<\/loc>/gi;
  for (let m = re.exec(xml); m && locs.length < MAX_SITEMAP_URLS; m = re.exec(xml)) locs.push(decodeXml(m[1] ?? ''));
  return index ? { pages: [], sitemaps: locs } : { pages: locs, sitemaps: [] };
}

function decodeXml(text) {
  return text.replace(/&(amp|lt|gt|quot|apos);/g, (_, name) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[name]);
}
