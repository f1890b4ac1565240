// What a crawl reads through the browser, in a page whose report was already taken (so none of it is in a report):
// the page's links and GET forms, and the site's robots.txt and sitemaps by same-origin fetches (so a --proxy applies).
// The page is hostile: what it returns is bounded in time and size here, and validated in lib/batch/crawl-links.mjs.
import { crawlableUrl, MAX_LINKS_PER_PAGE, MAX_SITEMAP_BYTES, readLinks, readSitemap } from '../batch/crawl-links.mjs';
import { siteOf } from '../batch/page-file.mjs';
import { MAX_ROBOTS_BYTES, parseRobots } from '../batch/robots.mjs';

const FETCH_TIMEOUT_MS = 10_000;
const MAX_SITEMAP_FILES = 5;

/** The page's links and GET forms, read in the page after its report was taken; hostile, so bounded in time and size. */
export async function discoverLinks(page, site) {
  const raw = await withTimeout(
    page.evaluate((max) => {
      const out = [];
      const textOf = (el) => String(el.textContent || el.getAttribute('aria-label') || el.getAttribute('title') || '').slice(0, 300);
      for (const a of document.querySelectorAll('a[href], area[href]')) {
        if (out.length >= max) break;
        out.push({ href: String(a.href), text: textOf(a) });
      }
      for (const form of document.forms) {
        if (out.length >= max) break;
        if ((form.getAttribute('method') || 'get').toLowerCase() !== 'get') continue;
        const label =
          form.getAttribute('aria-label') ||
          form.querySelector('button, input[type=submit]')?.textContent ||
          form.querySelector('input[type=submit]')?.value ||
          '';
        out.push({ href: String(form.action), text: String(label).slice(0, 300), form: true });
      }
      return out;
    }, MAX_LINKS_PER_PAGE * 2),
    FETCH_TIMEOUT_MS,
  ).catch(() => []);
  return readLinks(raw, site);
}

/**
 * robots.txt and the sitemaps, fetched in the start page (same origin, so through the browser and its proxy) after
 * its report was taken. `robots.status`: `read`, `missing` (4xx: all allowed) or `unreachable` (5xx or no answer:
 * none allowed, as RFC 9309 section 2.3.1.4 says).
 */
export async function readSiteFiles(page, startUrl) {
  const origin = new URL(page.url() || startUrl).origin;
  const site = siteOf(startUrl);
  const [robotsFile] = await fetchInPage(page, [`${origin}/robots.txt`], MAX_ROBOTS_BYTES);
  let robots;
  let sitemapUrls = [`${origin}/sitemap.xml`];
  if (!robotsFile || robotsFile.error || robotsFile.status >= 500) robots = { rules: [], status: 'unreachable' };
  else if (robotsFile.status >= 400) robots = { rules: [], status: 'missing' };
  else {
    const parsed = parseRobots(robotsFile.text);
    robots = { rules: parsed.rules, status: 'read' };
    sitemapUrls = [...new Set([...parsed.sitemaps.filter((u) => safeSameOrigin(u, origin)), ...sitemapUrls])];
  }
  const pages = [];
  const seen = new Set();
  for (let i = 0; i < sitemapUrls.length && seen.size < MAX_SITEMAP_FILES; i++) {
    const url = sitemapUrls[i];
    if (!url || seen.has(url)) continue;
    seen.add(url);
    const [file] = await fetchInPage(page, [url], MAX_SITEMAP_BYTES);
    if (!file || file.error || file.status !== 200) continue;
    const sitemap = readSitemap(file.text);
    pages.push(...sitemap.pages);
    sitemapUrls.push(...sitemap.sitemaps.filter((u) => safeSameOrigin(u, origin)));
  }
  const sitemap = [];
  for (const url of pages) {
    const own = crawlableUrl(url, site);
    if (own && !sitemap.some((s) => s.url === own)) sitemap.push({ url: own, text: '', sitemapIndex: sitemap.length });
  }
  return { robots, sitemap };
}

/** GETs in the page, without cookies, each bounded in bytes and time. What comes back is checked, never trusted. */
async function fetchInPage(page, urls, maxBytes) {
  const raw = await withTimeout(
    page.evaluate(
      async ({ urls, maxBytes, timeoutMs }) => {
        const out = [];
        for (const url of urls) {
          const controller = new AbortController();
          const timer = setTimeout(() => controller.abort(), timeoutMs);
          try {
            const response = await fetch(url, { credentials: 'omit', cache: 'no-store', signal: controller.signal });
            const reader = response.body.getReader();
            const decoder = new TextDecoder();
            let text = '';
            let size = 0;
            for (;;) {
              const { done, value } = await reader.read();
              if (done) break;
              size += value.length;
              text += decoder.decode(value, { stream: true });
              if (size >= maxBytes) {
                controller.abort();
                break;
              }
            }
            out.push({ status: response.status, text });
          } catch (error) {
            out.push({ error: String(error).slice(0, 200) });
          } finally {
            clearTimeout(timer);
          }
        }
        return out;
      },
      { urls, maxBytes, timeoutMs: FETCH_TIMEOUT_MS },
    ),
    FETCH_TIMEOUT_MS * urls.length + 2000,
  ).catch(() => []);
  if (!Array.isArray(raw)) return [];
  return raw
    .slice(0, urls.length)
    .map((r) =>
      typeof r === 'object' && r !== null && Number.isInteger(r.status) && typeof r.text === 'string'
        ? { status: r.status, text: r.text.slice(0, maxBytes) }
        : { error: 'no answer' },
    );
}

function safeSameOrigin(url, origin) {
  try {
    return new URL(url).origin === origin;
  } catch {
    return false;
  }
}

function withTimeout(promise, ms) {
  let timer;
  return Promise.race([promise, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timed out')), ms)))]).finally(() => clearTimeout(timer));
}
