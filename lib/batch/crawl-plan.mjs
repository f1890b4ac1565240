// The crawl's pool of pages not yet audited, and which comes next: ranked by harm, sitemap order and depth
// (crawl-rank.mjs), never a page already audited, and never one robots.txt disallows unless told to ignore it.
import { isAllowed } from './robots.mjs';
import { rankCandidates } from './crawl-rank.mjs';

export const MAX_POOL = 5000;

/** An empty pool. */
export function createPool() {
  return { byUrl: new Map(), found: 0 };
}

/**
 * Adds what a page linked to (`links` from readLinks, found at `depth`) or the sitemap listed (`sitemapIndex` set).
 * A URL seen again keeps its first text, gains a sitemap place or form flag, and keeps its smallest depth.
 */
export function addToPool(pool, links, depth) {
  for (const link of links) {
    const known = pool.byUrl.get(link.url);
    if (known) {
      if (!known.text && link.text) known.text = link.text;
      known.form ||= Boolean(link.form);
      if (link.sitemapIndex !== undefined && known.sitemapIndex === undefined) known.sitemapIndex = link.sitemapIndex;
      known.depth = Math.min(known.depth, depth);
      continue;
    }
    if (pool.byUrl.size >= MAX_POOL) continue;
    pool.byUrl.set(link.url, { url: link.url, text: link.text ?? '', form: Boolean(link.form), sitemapIndex: link.sitemapIndex, depth, order: pool.found++ });
  }
}

/**
 * The next page to audit, or undefined when none is left. `visited`: URLs audited (or tried) already; `rules`: from
 * parseRobots, unless `ignoreRobots`. Pages robots.txt disallows are returned in `disallowed`, for the log.
 */
export function pickNext(pool, visited, rules, ignoreRobots) {
  const disallowed = [];
  for (const candidate of rankCandidates([...pool.byUrl.values()])) {
    if (visited.has(candidate.url)) continue;
    if (!ignoreRobots && !isAllowed(rules, candidate.url)) {
      disallowed.push(candidate.url);
      continue;
    }
    return { next: candidate, disallowed };
  }
  return { next: undefined, disallowed };
}
