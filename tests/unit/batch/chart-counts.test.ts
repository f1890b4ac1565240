import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chartCounts } from '@/lib/batch/chart-counts.mjs';
import { failedResult, okResult, type PageResult } from '@/lib/batch/page-result.mjs';
import { takeShard } from '@/lib/batch/shard.mjs';
import { summarizeSites } from '@/lib/batch/site-summary.mjs';

/** A page whose report has one finding per [rule, vendor name]. */
function page(url: string, findings: [string, string][]): PageResult {
  const site = new URL(url).hostname.split('.').slice(-2).join('.');
  return okResult(
    url,
    site,
    { scenario: 'observe', findings: findings.map(([rule, name]) => ({ rule, severity: 'high', vendor: { id: name.toLowerCase(), name } })) },
    `${site}/x.json`,
  );
}

describe('chartCounts', () => {
  const summary = summarizeSites([
    [
      page('https://a.example/', [
        ['tracker-before-consent', 'Google Analytics'],
        ['tracker-before-consent', 'Hotjar'],
        ['replay-before-consent', 'Hotjar'],
      ]),
      page('https://a.example/login', [['tracker-before-consent', 'Google Analytics']]),
      page('https://www.a.example/shop', [['cookie-before-consent', 'Google Analytics']]),
      page('https://b.example/', [['tracker-before-consent', 'Meta Pixel']]),
      page('https://c.example/', []),
      failedResult('https://d.example/', 'd.example', 'timed out'),
    ],
  ]);

  it('counts each rule by sites affected and by pages', () => {
    expect(chartCounts(summary).rules).toEqual([
      { key: 'tracker-before-consent', sites: 2, pages: 3 },
      { key: 'cookie-before-consent', sites: 1, pages: 1 },
      { key: 'replay-before-consent', sites: 1, pages: 1 },
    ]);
  });

  it('counts the vendors before consent the same way, a vendor once per page and per site', () => {
    // Google Analytics: on three pages of a.example (two rules on one page count once); Hotjar's replay finding is not
    // a before-consent tracker or cookie finding, but its tracker one is.
    expect(chartCounts(summary).beforeConsentVendors).toEqual([
      { key: 'Google Analytics', sites: 1, pages: 3 },
      { key: 'Hotjar', sites: 1, pages: 1 },
      { key: 'Meta Pixel', sites: 1, pages: 1 },
    ]);
  });

  it('counts only audited sites and pages: a site that failed is not in the denominator', () => {
    expect(chartCounts(summary)).toMatchObject({ sitesAudited: 3, pagesAudited: 5 });
  });

  it('ignores what is not a name in a hand-edited summary', () => {
    const odd = structuredClone(summary);
    const row = odd.sites[0];
    if (!row) throw new Error('no row');
    (row as { rules: unknown[] }).rules = ['x', 'x', 3, null, ''];
    for (const p of row.pages) (p as { rules?: unknown }).rules = 'not a list';
    expect(chartCounts(odd).rules.find((r) => r.key === 'x')).toEqual({ key: 'x', sites: 1, pages: 0 });
  });

  it('gives the same charts for N shards merged as for one run', () => {
    const rules = ['r1', 'r2', 'tracker-before-consent', 'cookie-before-consent'];
    const list = fc.uniqueArray(fc.tuple(fc.constantFrom('a.example', 'www.a.example', 'b.example', 'c.example'), fc.integer({ min: 0, max: 30 })), {
      maxLength: 30,
      selector: ([h, p]) => `${h}/${p}`,
    });
    fc.assert(
      fc.property(list, fc.integer({ min: 1, max: 5 }), (pages, count) => {
        const make = (url: string, n: number) =>
          page(
            url,
            Array.from({ length: n % 4 }, (_, i) => [rules[(n + i) % 4] ?? 'r1', `V${(n * i) % 3}`] as [string, string]),
          );
        const urls = pages.map(([h, p]) => `https://${h}/p${p}`);
        const one = chartCounts(summarizeSites([urls.map((u, i) => make(u, i))]));
        const shards = Array.from({ length: count }, (_, s) => takeShard(urls, { index: s + 1, count }).map((u) => make(u, urls.indexOf(u))));
        expect(chartCounts(summarizeSites(shards))).toEqual(one);
        for (const entry of [...one.rules, ...one.beforeConsentVendors]) {
          expect(entry.sites).toBeLessThanOrEqual(entry.pages);
          expect(entry.sites).toBeLessThanOrEqual(one.sitesAudited);
        }
      }),
    );
  });
});
