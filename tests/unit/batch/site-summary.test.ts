import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { siteOf } from '@/lib/batch/page-file.mjs';
import { failedResult, okResult, type PageResult } from '@/lib/batch/page-result.mjs';
import { takeShard } from '@/lib/batch/shard.mjs';
import { summarizeSites } from '@/lib/batch/site-summary.mjs';
import { toSummaryCsv, toSummaryHtml } from '@/lib/batch/summary-formats.mjs';

const SEVERITY = ['critical', 'high', 'medium', 'low', 'info'];

/** A deterministic fake audit of `url`: some pages fail, some have findings. */
function fakeResult(url: string, n: number): PageResult {
  const site = siteOf(url);
  if (n % 5 === 4) return failedResult(url, site, 'Navigation timeout of 5000 ms exceeded');
  const findings = Array.from({ length: n % 4 }, (_, i) => ({
    rule: i % 2 ? 'tracker-before-consent' : 'replay-before-consent',
    severity: SEVERITY[(n + i) % 5],
    vendor: { id: `v${(n + i) % 3}`, name: `Vendor ${(n + i) % 3}` },
  }));
  return okResult(
    url,
    site,
    { scenario: 'observe', consent: { cmps: n % 3 ? ['Klaro'] : [] }, recorders: n % 2 ? [{ vendor: 'hotjar' }] : [], findings },
    `${site}/p${n}.json`,
  );
}

const urls = fc.uniqueArray(
  fc
    .tuple(fc.constantFrom('a.example', 'www.a.example', 'b.example', 'c.co.uk', 'x.c.co.uk'), fc.integer({ min: 0, max: 40 }))
    .map(([h, p]) => `https://${h}/p${p}`),
  { maxLength: 40 },
);

describe('summarizeSites', () => {
  it('merges N shards into exactly what one run gives', () => {
    fc.assert(
      fc.property(urls, fc.integer({ min: 1, max: 6 }), (list, count) => {
        const one = summarizeSites([list.map((u, i) => fakeResult(u, i))]);
        const shards = Array.from({ length: count }, (_, s) =>
          takeShard(list, { index: s + 1, count })
            .reverse()
            .map((u) => fakeResult(u, list.indexOf(u))),
        );
        expect(summarizeSites(shards)).toEqual(summarizeSites([...shards].reverse()));
        expect(summarizeSites(shards)).toEqual(one);
        expect(one.pages.total).toBe(list.length);
      }),
    );
  });

  it('gives one row per site with its verdict, counts, CMP, recorders and before-consent vendors', () => {
    const summary = summarizeSites([
      [fakeResult('https://www.a.example/', 1), fakeResult('https://a.example/login', 2), fakeResult('https://b.example/', 4)],
      [fakeResult('https://c.co.uk/', 0)],
    ]);
    expect(summary.pages).toEqual({ total: 4, ok: 3, failed: 1 });
    expect(summary.sites.map((s) => [s.site, s.verdict, s.pagesAudited, s.pagesFailed])).toEqual([
      ['a.example', 'findings', 2, 0],
      ['b.example', 'failed', 0, 1],
      ['c.co.uk', 'observed', 1, 0],
    ]);
    const a = summary.sites[0];
    expect(a?.counts).toEqual({ critical: 0, high: 1, medium: 1, low: 1, info: 0 });
    expect(a?.cmps).toEqual(['Klaro']);
    expect(a?.replayVendors).toEqual(['hotjar']);
    expect(a?.beforeConsentVendors).toEqual(['Vendor 0']);
  });

  it('keeps an ok page over a failed line of the same URL from another directory', () => {
    const failed = failedResult('https://a.example/', 'a.example', 'timeout');
    const ok = fakeResult('https://a.example/', 0);
    expect(summarizeSites([[ok], [failed]]).sites[0]?.pagesAudited).toBe(1);
    expect(summarizeSites([[failed], [ok]]).sites[0]?.pagesAudited).toBe(1);
  });
});

describe('summary formats', () => {
  const hostile = okResult(
    'https://evil.example/<img src=x onerror=alert(1)>',
    'evil.example',
    { scenario: 'observe', consent: { cmps: ['</script><script>alert(2)</script>'] }, recorders: [{ vendor: '=HYPERLINK("http://x")' }], findings: [] },
    'f.json',
  );
  const summary = summarizeSites([[hostile, failedResult('https://b.example/', 'b.example', '"quoted", <b>bold</b>')]]);

  it('escapes every page string in the HTML, which loads nothing and sorts with its own static script', () => {
    const html = toSummaryHtml(summary);
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>');
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).toContain('&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/<(img|link|iframe|a|object|embed)\b/i);
    expect(html).toContain('@media print');
    expect(html).toContain('aria-sort');
  });

  it('writes CSV with quotes doubled and formulas neutralised', () => {
    const csv = toSummaryCsv(summary);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('site,verdict,critical,high,medium,low,info,pages audited,pages failed,CMP,replay vendors,before-consent vendors');
    expect(lines[1]).toBe(`b.example,failed,0,0,0,0,0,0,1,,,`);
    expect(lines[2]).toBe(`evil.example,observed,0,0,0,0,0,1,0,</script><script>alert(2)</script>,"'=HYPERLINK(""http://x"")",`);
  });
});
