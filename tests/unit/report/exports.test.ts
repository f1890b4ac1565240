import { describe, expect, it } from 'vitest';
import { getDefaultIndex } from '@/tests/fixtures/vendor-index';

import { runRules } from '@/lib/findings/run';
import type { EvidenceRecord } from '@/lib/model';
import { badgeFor } from '@/lib/report/badge';
import { buildReport } from '@/lib/report/build';
import type { ReportMeta } from '@/lib/report/types';
import { toCsvFiles } from '@/lib/report/to-csv';
import { escapeHtml, toHtml } from '@/lib/report/to-html';
import { md, toMarkdown } from '@/lib/report/to-markdown';
import { localizeReport } from '@/lib/report/localize';
import { makeFinding, makeReport } from '../../fixtures/reports';
import { makeRequest, makeVisit, scanRecords } from '../../fixtures/factories';

const XSS = '<img src=x onerror=alert(1)>"\'`|=cmd';
const meta: ReportMeta = {
  generatedAt: 0,
  extension: { name: 'CI', version: '0' },
  browser: { name: 'chromium' },
  database: { version: 't' },
  scenario: 'observe',
  includeValues: false,
};
const records: EvidenceRecord[] = [
  makeRequest({ url: 'https://shop.example/', type: 'main_frame', t: 0 }),
  makeRequest({ url: `https://www.facebook.com/tr?x=${encodeURIComponent(XSS)}`, type: 'image', t: 10 }),
  {
    kind: 'cookie',
    id: 'c:x',
    visitId: 'visit-1',
    t: 20,
    source: 'probe',
    frameId: 0,
    via: 'script',
    action: 'set',
    name: `=HYPERLINK("http://evil")${XSS}`,
    value: 'v',
    domain: 'shop.example',
    hostOnly: false,
    path: '/',
    secure: false,
    httpOnly: false,
    sameSite: 'lax',
    partitioned: false,
    declaredLifetime: null,
  },
  {
    kind: 'cookie',
    id: 'j:1',
    visitId: 'visit-1',
    t: 0,
    source: 'network',
    frameId: -1,
    via: 'jar',
    action: 'set',
    name: 'earlier_choice',
    value: 'v',
    domain: 'shop.example',
    hostOnly: true,
    path: '/',
    secure: true,
    httpOnly: false,
    sameSite: 'lax',
    partitioned: false,
    declaredLifetime: null,
    storedExpiry: 1_800_000_000,
  },
];
const scan = scanRecords(makeVisit({ title: XSS }), records, getDefaultIndex());
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

  it('does not call a cookie from an earlier visit a session cookie: its declared lifetime is not known', () => {
    const row = /<tr>(?:(?!<\/tr>).)*earlier_choice(?:(?!<\/tr>).)*<\/tr>/s.exec(toHtml(report))?.[0] ?? '';
    expect(row).toContain('not known (set in an earlier visit)');
    const csv =
      toCsvFiles(report)[0]
        ?.content.split('\r\n')
        .find((l) => l.includes('earlier_choice')) ?? '';
    expect(csv.split(',')[8]).toBe('');
  });
});

describe('CSV export', () => {
  it('writes cookies, requests and findings, quoting and neutralising formulas', () => {
    const files = toCsvFiles(report);
    expect(files.map((f) => f.name)).toEqual(['cookies.csv', 'requests.csv', 'findings.csv', 'masking.csv', 'consent.csv']);
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
    expect(text).toContain('| Severity | Rule | Vendor | Finding | When | Fix |');
    expect(text).toContain('`tracker-before-consent`');
    expect(md('a|b<script>')).toBe('a\\|b\\<script\\>');
    expect(text).not.toContain('<img');
  });
});

describe('the overview and the findings by vendor in the exports', () => {
  const evil = { id: 'evil', name: XSS };
  const cookie = (name: string, t: number) =>
    makeFinding({ rule: 'cookie-before-consent', severity: 'medium', title: `Cookie ${name}`, vendor: evil, evidence: { records: [], urls: [], times: [t] } });
  const grouped = makeReport({
    findings: [cookie('a', 30), cookie('b', 10), makeFinding({ rule: 'replay-before-consent', severity: 'critical', title: 'recording' }), cookie('c', 20)],
  });

  it('HTML: the verdict and the overview at the top, one open group per vendor and rule holding its findings, page text escaped', () => {
    const html = toHtml(grouped);
    expect(html).toContain(`<p id="overview">${escapeHtml(grouped.overview.sentences.map((s) => s.text).join(' '))}</p>`);
    expect(html.indexOf('id="overview"')).toBeLessThan(html.indexOf('id="summary"'));
    expect(html).toContain('<p id="verdict"><strong>4 findings, 1 critical or high.</strong></p>');
    const groups = [...html.matchAll(/<details class="finding-group" open data-rule="([^"]+)"[^>]*><summary>([^<]*)<\/summary>(.*?)<\/details>/gs)];
    expect(groups.map((g) => g[1])).toEqual(['replay-before-consent', 'cookie-before-consent']);
    expect(groups[1]?.[2]).toBe(`medium · ${escapeHtml(XSS)} · Non-essential cookie set before consent · 3 findings · first at 10 ms`);
    expect([...(groups[1]?.[3] ?? '').matchAll(/<tr><td>/g)]).toHaveLength(3);
    expect(html).not.toContain('<img src=x');
    const french = toHtml(localizeReport(grouped, 'fr'));
    expect(french).toContain('Cookie non essentiel déposé avant le consentement · 3 constats');
    expect(french).toContain(escapeHtml('Aucun refus n\u2019a été testé.'));
  });

  it('Markdown: the overview under the verdict, a bold row per group of several findings and its findings under it', () => {
    const text = toMarkdown(grouped);
    const lines = text.split('\n');
    const verdict = lines.findIndex((l) => l.startsWith('**4 findings'));
    expect(lines[verdict + 2]).toBe(md(grouped.overview.sentences.map((s) => s.text).join(' ')));
    const rows = lines.filter((l) => l.startsWith('| '));
    expect(rows[1]).toMatch(/^\| critical \| `replay-before-consent` \|/);
    expect(rows[2]).toBe(
      `| **medium** | **\`cookie-before-consent\`** | **${md(XSS)}** | **${md('Non-essential cookie set before consent (3 findings)')}** | ${md('first at 10 ms')} |  |`,
    );
    expect(rows.slice(3, 6).map((r) => r.split(' | ')[3])).toEqual(['Cookie b', 'Cookie c', 'Cookie a']);
    expect(rows.slice(3, 6).every((r) => r.startsWith('| ↳ medium |'))).toBe(true);
    expect(text).not.toMatch(/(?<!\\)<img/);
  });

  it('CSV: still one row per finding', () => {
    expect(toCsvFiles(grouped)[2]?.content.split('\r\n').filter(Boolean)).toHaveLength(1 + 4);
  });
});

describe('consent in the exports', () => {
  const cookiebot = encodeURIComponent("{stamp:'x',necessary:true,preferences:false,statistics:false,marketing:false,method:'explicit',ver:1}");
  const consentRecords: EvidenceRecord[] = [
    ...records,
    {
      kind: 'consent',
      id: 'k:1',
      visitId: 'visit-1',
      t: 500,
      source: 'audit',
      frameId: 0,
      signal: 'autoconsent',
      command: 'cmpDetected',
      params: { cmp: XSS },
    },
    {
      kind: 'cookie',
      id: 'c:cb',
      visitId: 'visit-1',
      t: 4000,
      source: 'probe',
      frameId: 0,
      via: 'script',
      action: 'set',
      name: 'CookieConsent',
      value: cookiebot,
      domain: 'shop.example',
      hostOnly: false,
      path: '/',
      secure: false,
      httpOnly: false,
      sameSite: 'lax',
      partitioned: false,
      declaredLifetime: 86_400,
    },
  ];
  const consentScan = scanRecords(makeVisit(), consentRecords, getDefaultIndex());
  const consentReport = buildReport(consentScan, runRules(consentScan), meta);

  it('shows the state, the timeline and the inconclusive reasons, with page text escaped', () => {
    const html = toHtml(consentReport);
    expect(html).toContain('<table id="consent-events">');
    expect(html).toContain('refused at 4.00 s');
    expect(html).toContain('Several consent managers');
    expect(html).not.toContain('<img src=x');
    const text = toMarkdown(consentReport);
    expect(text).toContain('## Consent timeline');
    expect(text).toMatch(/- Consent: .*refused at 4\\\.00 s/);
    expect(text).toContain('\\<img');
    expect(text).not.toMatch(/(^|[^\\])<img/);
    const csv = toCsvFiles(consentReport).find((f) => f.name === 'consent.csv')?.content ?? '';
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(1 + consentReport.consent.events.length);
    expect(csv).toContain('4000,cmp-storage,choice,cookiebot,reject,false,necessary:1 preferences:0 statistics:0 marketing:0');
  });
});

describe('badgeFor', () => {
  it('counts critical and high findings and colours by the worst', () => {
    expect(badgeFor(report.findings)).toEqual({
      text: String(report.findings.filter((f) => f.severity === 'critical' || f.severity === 'high').length),
      color: '#bc4c00',
    });
    expect(badgeFor([])).toEqual({ text: '', color: '#57606a' });
  });
});

describe('masking verdicts in the exports', () => {
  const masked = {
    ...report,
    masking: [
      {
        vendor: 'datadog-rum',
        field: 'f:1',
        selector: '#email',
        fieldKind: 'email' as const,
        verdict: 'unverified' as const,
        reason: `synthetic ${XSS}`,
        proof: 'static' as const,
      },
      {
        vendor: 'posthog',
        field: 'f:1',
        selector: '#email',
        fieldKind: 'email' as const,
        verdict: 'masked' as const,
        reason: 'canary test',
        proof: 'canary' as const,
      },
    ],
  };

  it('lists every verdict, unverified included, with what unverified means, in HTML, Markdown and CSV', () => {
    const html = toHtml(masked);
    expect(html).toContain('<table id="masking">');
    expect(html).toContain('<td>unverified</td>');
    expect(html).toContain('the values were typed that way');
    expect(html).not.toContain('<img src=x');
    const markdown = toMarkdown(masked);
    expect(markdown).toContain('| \\#email | email | datadog\\-rum | unverified | static |');
    expect(markdown).toContain('unverified: the recorder ignores events');
    const csv =
      toCsvFiles(masked)
        .find((f) => f.name === 'masking.csv')
        ?.content.split('\r\n') ?? [];
    expect(csv[0]).toBe('vendor,selector,field_kind,verdict,proof,reason');
    expect(csv[1]).toContain('datadog-rum,#email,email,unverified,static,');
    expect(csv[2]).toBe('posthog,#email,email,masked,canary,canary test');
  });

  it('says nothing about unverified when no verdict is', () => {
    const plain = { ...masked, masking: masked.masking.slice(1) };
    expect(toHtml(plain)).not.toContain('the values were typed that way');
    expect(toMarkdown(plain)).not.toContain('unverified');
  });
});
