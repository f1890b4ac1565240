import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { okResult, type PageResult } from '@/lib/batch/page-result.mjs';
import { summarizeSites } from '@/lib/batch/site-summary.mjs';
import { chartsHtml } from '@/lib/batch/summary-charts.mjs';
import { toSummaryHtml } from '@/lib/batch/summary-formats.mjs';

const EVIL_VENDOR = '<img src=x onerror=alert(1)>';
const EVIL_RULE = '"><svg onload=alert(2)>tracker-before-consent';

function page(url: string, site: string, findings: [string, string][]): PageResult {
  return okResult(
    url,
    site,
    { scenario: 'observe', findings: findings.map(([rule, name]) => ({ rule, severity: 'high', vendor: { id: 'v', name } })) },
    `${site}/x.json`,
  );
}

const summary = summarizeSites([
  [
    page('https://a.example/', 'a.example', [
      ['tracker-before-consent', EVIL_VENDOR],
      [EVIL_RULE, 'Hotjar'],
    ]),
    page('https://b.example/', 'b.example', [['tracker-before-consent', 'Google Analytics']]),
    page('https://b.example/2', 'b.example', [['tracker-before-consent', 'Google Analytics']]),
  ],
]);

describe('summary charts', () => {
  it('escapes hostile rule ids and vendor names: they appear only as text', () => {
    const html = toSummaryHtml(summary);
    expect(html).not.toContain(EVIL_VENDOR);
    expect(html).not.toContain('<svg onload');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&quot;&gt;&lt;svg onload=alert(2)&gt;tracker-before-consent');
    const { document } = parseHTML(html);
    expect(document.querySelectorAll('img')).toHaveLength(0);
    expect([...document.querySelectorAll('svg')].every((svg) => !svg.hasAttribute('onload'))).toBe(true);
    expect(document.querySelectorAll('script')).toHaveLength(1);
    const names = [...document.querySelectorAll('.chart th[scope=row]')].map((th) => th.textContent);
    expect(names).toContain(EVIL_VENDOR);
    expect(names).toContain(EVIL_RULE);
  });

  it('shows findings by rule and vendors before consent as tables a screen reader reads, bars hidden from it', () => {
    const { document } = parseHTML(`<body>${chartsHtml(summary)}</body>`);
    const [rules, vendors] = [...document.querySelectorAll('table.chart')];
    expect(rules?.querySelector('caption')?.textContent).toMatch(/^Findings by rule: sites affected of 2 sites audited \(3 pages\)/);
    expect(vendors?.querySelector('caption')?.textContent).toMatch(/^Most common vendors before consent: sites affected/);
    const read = (table: Element | undefined) =>
      [...(table?.querySelectorAll('tbody tr') ?? [])].map((tr) => [...tr.children].filter((c) => !c.hasAttribute('aria-hidden')).map((c) => c.textContent));
    expect(read(rules)).toEqual([
      ['tracker-before-consent', '2', '3'],
      [EVIL_RULE, '1', '1'],
    ]);
    expect(read(vendors)).toEqual([
      ['Google Analytics', '1', '2'],
      [EVIL_VENDOR, '1', '1'],
    ]);
    // The bar's length is the share of sites audited: 2 of 2, then 1 of 2.
    expect([...(rules?.querySelectorAll('rect') ?? [])].map((r) => r.getAttribute('width'))).toEqual(['100', '50']);
  });

  it('loads nothing: inline SVG and styles only, and keeps the sortable, filterable site table', () => {
    const html = toSummaryHtml(summary);
    expect(html).not.toMatch(/url\(|@import|@font-face/i);
    const { document } = parseHTML(html);
    expect(document.querySelectorAll('[src], [href], link, iframe, object, embed, use, image')).toHaveLength(0);
    expect(document.querySelector('#sites tbody')?.children).toHaveLength(2);
    expect(document.querySelector('#filter')).not.toBeNull();
    expect(document.querySelectorAll('#sites th[aria-sort]')).toHaveLength(12);
  });

  it('shows the first 15 and says how many more', () => {
    const many = summarizeSites([
      Array.from({ length: 20 }, (_, i) => page(`https://s${i}.example/`, `s${i}.example`, [[`rule-${String(i).padStart(2, '0')}`, `Vendor ${i}`]])),
    ]);
    const { document } = parseHTML(`<body>${chartsHtml(many)}</body>`);
    const rules = document.querySelector('table.chart');
    expect(rules?.querySelectorAll('th[scope=row]')).toHaveLength(15);
    expect(rules?.textContent).toContain('and 5 more');
  });

  it('draws no chart when no page was audited', () => {
    expect(chartsHtml(summarizeSites([]))).toBe('');
  });
});
