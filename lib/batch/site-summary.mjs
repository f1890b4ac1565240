// Merges the result lines of one or many batch directories (shards) into one row per site. Pure and order-free:
// rows are sorted by site and every list inside a row is sorted, so N shards merged equal one run of the whole list.
import { SEVERITIES } from './page-result.mjs';

export const SUMMARY_SCHEMA = 'consent-inspector-batch-summary/1';

/**
 * `resultLists`: the results of each directory, in the order given. A URL found in several keeps its ok line over a
 * failed one, else the later directory's.
 */
export function summarizeSites(resultLists) {
  const byUrl = new Map();
  for (const results of resultLists) {
    for (const result of results) {
      const previous = byUrl.get(result.url);
      if (previous?.status === 'ok' && result.status !== 'ok') continue;
      byUrl.set(result.url, result);
    }
  }
  const bySite = new Map();
  for (const result of byUrl.values()) bySite.set(result.site, [...(bySite.get(result.site) ?? []), result]);
  const sites = [...bySite.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([site, results]) => siteRow(site, results));
  const pages = [...byUrl.values()];
  return {
    schema: SUMMARY_SCHEMA,
    pages: { total: pages.length, ok: pages.filter((p) => p.status === 'ok').length, failed: pages.filter((p) => p.status !== 'ok').length },
    sites,
  };
}

function siteRow(site, results) {
  const ok = results.filter((r) => r.status === 'ok');
  const failed = results.filter((r) => r.status !== 'ok');
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, ok.reduce((sum, r) => sum + (Number(r.counts?.[s]) || 0), 0)]));
  const findings = Object.values(counts).reduce((a, b) => a + b, 0);
  return {
    site,
    verdict: ok.length === 0 ? 'failed' : findings > 0 ? 'findings' : ok.some((r) => r.verdict === 'observed') ? 'observed' : 'clean',
    pagesAudited: ok.length,
    pagesFailed: failed.length,
    findings,
    counts,
    rules: union(ok.map((r) => r.rules)),
    cmps: union(ok.map((r) => r.cmps)),
    replayVendors: union(ok.map((r) => r.replayVendors)),
    beforeConsentVendors: union(ok.map((r) => r.beforeConsentVendors)),
    pages: results
      .map((r) => ({
        url: r.url,
        status: r.status,
        ...(r.status === 'ok'
          ? { verdict: r.verdict, file: r.file, rules: union([r.rules]), beforeConsentVendors: union([r.beforeConsentVendors]) }
          : { error: r.error }),
      }))
      .sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0)),
  };
}

function union(lists) {
  return [...new Set(lists.flatMap((list) => (Array.isArray(list) ? list.filter((v) => typeof v === 'string') : [])))].sort();
}
