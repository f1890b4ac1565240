import { describe, expect, it } from 'vitest';
import { getDefaultIndex } from '@/lib/classify/vendors';
import { buildScan } from '@/lib/findings/scan';
import { runRules } from '@/lib/findings/run';
import type { EvidenceRecord } from '@/lib/model';
import { badgeFor } from '@/lib/report/badge';
import { buildReport, type ReportMeta } from '@/lib/report/build';
import { toCsvFiles } from '@/lib/report/to-csv';
import { escapeHtml, toHtml } from '@/lib/report/to-html';
import { md, toMarkdown } from '@/lib/report/to-markdown';
import { makeRequest, makeVisit } from '../../fixtures/factories';

const XSS = '<img src=x onerror=alert(1)>"\'`|=cmd';
const meta: ReportMeta = { generatedAt: 0, extension: { name: 'CI', version: '0' }, browser: { name: 'chromium' }, database: { version: 't' }, scenario: 'observe', includeValues: false };
const records: EvidenceRecord[] = [
  makeRequest({ url: 'https://shop.example/', type: 'main_frame', t: 0 }),
  makeRequest({ url: `https://www.facebook.com/tr?x=${encodeURIComponent(XSS)}`, type: 'image', t: 10 }),
  {
    kind: 'cookie', id: 'c:x', visitId: 'visit-1', t: 20, source: 'probe', frameId: 0, via: 'script', action: 'set', name: `=HYPERLINK("http://evil")${XSS}`, value: 'v',
    domain: 'shop.example', hostOnly: false, path: '/', secure: false, httpOnly: false, sameSite: 'lax', partitioned: false, declaredLifetime: null, party: 'first',
  },
];
const scan = buildScan(makeVisit({ title: XSS }), records, getDefaultIndex());
const report = buildReport(scan, runRules(scan), meta);

describe('HTML export', () => {
  it('escapes every page-derived string and embeds the JSON safely', () => {
    const html = toHtml(report);
    expect(html).not.toContain('<img src=x');
    expect(html).toContain(escapeHtml(XSS));
    const json = /<script type="application\/json" id="report-json">(.*)<\/script>/s.exec(html)?.[1] ?? '';
    expect(json).not.toContain('</');
    expect(JSON.parse(json).page.title).toBe(XSS);
    expect(html).not.toMatch(/<(link|img|iframe)\b/i);
  });
});

describe('CSV export', () => {
  it('writes cookies, requests and findings, quoting and neutralising formulas', () => {
    const files = toCsvFiles(report);
    expect(files.map((f) => f.name)).toEqual(['cookies.csv', 'requests.csv', 'findings.csv']);
    const cookies = files[0]?.content ?? '';
    expect(cookies.split('\r\n')[0]).toBe('t_ms,via,action,name,domain,party,vendor,phase,declared_lifetime_s,secure,http_only,same_site,value');
    expect(cookies).toContain(`"'=HYPERLINK(""http://evil"")`);
    expect(files[1]?.content.split('\r\n').filter(Boolean)).toHaveLength(1 + report.requests.length);
    expect(files[2]?.content.split('\r\n').filter(Boolean)).toHaveLength(1 + report.findings.length);
  });
});

describe('Markdown export', () => {
  it('summarises the findings in a table that page text cannot break', () => {
    const text = toMarkdown(report);
    expect(text).toContain('| Severity | Rule | Vendor | Finding | Fix |');
    expect(text).toContain('`tracker-before-consent`');
    expect(md('a|b<script>')).toBe('a\\|b\\<script\\>');
    expect(text).not.toContain('<img');
  });
});

describe('badgeFor', () => {
  it('counts critical and high findings and colours by the worst', () => {
    expect(badgeFor(report.findings)).toEqual({ text: String(report.findings.filter((f) => f.severity === 'critical' || f.severity === 'high').length), color: '#bc4c00' });
    expect(badgeFor([])).toEqual({ text: '', color: '#57606a' });
  });
});
