import { h } from 'preact';
import { describe, expect, it } from 'vitest';
import { Cookies } from '@/lib/ui/components/Cookies';
import { Findings } from '@/lib/ui/components/Findings';
import { Header } from '@/lib/ui/components/Header';
import { Replay } from '@/lib/ui/components/Replay';
import { Timeline } from '@/lib/ui/components/Timeline';
import { Trackers } from '@/lib/ui/components/Trackers';
import { makeRequest } from '../../fixtures/factories';
import { snapshotCookie, makeFinding, makeGcmUpdate, makeReport } from '../../fixtures/reports';
import { mount, text } from '../../fixtures/dom';

const XSS = '<img src=x onerror="globalThis.__pwned=1">';

describe('Header', () => {
  it('warns that a visit open during an update ends there, in French too, and says nothing of it otherwise', () => {
    const interrupted = { reason: 'extension-updated' as const, at: 1_700_000_060_000, from: '0.1.0', to: '0.2.0' };
    const report = makeReport({ visit: { interrupted } });
    expect(report.visit.interrupted).toEqual({ ...interrupted, at: new Date(interrupted.at).toISOString() });
    expect(text(mount(h(Header, { report })).root, '.warning')).toEqual([
      'The extension was updated to version 0.2.0 while this page was open: the evidence ends there.',
    ]);
    expect(text(mount(h(Header, { report }), 'fr').root, '.warning')[0]).toContain('0.2.0');
    expect(text(mount(h(Header, { report: makeReport() })).root, '.warning')).toEqual([]);
  });

  it('says what was and was not checked on an observed visit, and never "No problems found"', () => {
    const { root } = mount(h(Header, { report: makeReport({ findings: [] }) }));
    const verdict = text(root, '[data-testid="verdict"]')[0];
    expect(verdict).toContain('Not checked');
    expect(verdict).not.toContain('No problems found');
    expect(text(root, '[data-testid="consent"]')[0]).toContain('no consent manager detected');
  });

  it('says "No problems found" after an audit, counts findings by severity, in French too', () => {
    expect(text(mount(h(Header, { report: makeReport({ findings: [], scenario: 'canary' }) })).root, '[data-testid="verdict"]')).toEqual([
      'No problems found.',
    ]);
    const report = makeReport({ findings: [makeFinding({ severity: 'critical' }), makeFinding(), makeFinding()] });
    const { root } = mount(h(Header, { report }), 'fr');
    expect(text(root, '[data-testid="verdict"]')).toEqual(['3 constats, dont 3 critiques ou élevés.']);
    expect(text(root, '.severities li')).toEqual(['1 critique', '2 élevée']);
  });

  it('says in plain sentences what happened before the choice and what was not tested, in French too', () => {
    const report = makeReport();
    const { root } = mount(h(Header, { report }));
    expect(text(root, '[data-testid="summary"]')[0]).toBe(report.overview.sentences.map((s) => s.text).join(' '));
    expect(text(root, '[data-testid="summary"] [data-part="refusal"]')).toEqual(['No refusal was tested.']);
    expect(text(mount(h(Header, { report }), 'fr').root, '[data-testid="summary"] [data-part="masking"]')[0]).toMatch(/^Le masquage n\u2019a pas été testé/);
    expect(text(root, '[data-testid="verdict"]')).toHaveLength(1);
  });

  it('shows the page title as text', () => {
    const { root } = mount(h(Header, { report: makeReport({ visit: { title: XSS } }) }));
    expect(root.querySelectorAll('img')).toHaveLength(0);
    expect(root.textContent).toContain(XSS);
  });
});

describe('Findings', () => {
  const leak = makeFinding({
    rule: 'form-data-leak',
    severity: 'critical',
    title: `E-mail typed in ${XSS} sent to Hotjar`,
    vendor: { id: 'hotjar', name: 'Hotjar' },
    evidence: { records: ['r:1'], urls: ['javascript:alert(1)'], times: [1200], relativeToChoice: [-300], details: { chain: ['gzip', 'base64', 'json'] } },
    references: [
      { title: 'Evil', url: 'javascript:alert(1)' },
      { title: 'GDPR art. 5', url: 'https://eur-lex.europa.eu/' },
    ],
  });

  it('puts severity, vendor and title on one line, most severe first', () => {
    const { root } = mount(h(Findings, { findings: [makeFinding({ severity: 'low', title: 'minor' }), leak] }));
    expect(text(root, 'summary .sev')).toEqual(['critical', 'low']);
    expect(text(root, 'summary .finding-vendor')).toEqual(['Hotjar']);
  });

  it('shows evidence relative to the choice, the decoding chain and the fix, with page text inert', () => {
    const { root } = mount(h(Findings, { findings: [leak] }));
    const details = root.querySelector('details dl')?.textContent ?? '';
    expect(details).toContain('−300 ms from the choice');
    expect(text(root, '.chain li')).toEqual(['gzip', 'base64', 'json']);
    expect(details).toContain('Load it after consent.');
    expect(root.querySelectorAll('img')).toHaveLength(0);
    expect([...root.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual(['https://eur-lex.europa.eu/']);
  });

  it('says when there is nothing', () => {
    expect(mount(h(Findings, { findings: [] }), 'fr').root.textContent).toBe('Aucun constat pour cette visite.');
  });

  it('shows one row per vendor and rule, recording first, each expanding to its findings', () => {
    const facebook = { id: 'facebook', name: 'Facebook' };
    const cookie = (name: string, t: number) =>
      makeFinding({
        rule: 'cookie-before-consent',
        severity: 'medium',
        title: `Cookie ${name}`,
        vendor: facebook,
        evidence: { records: [], urls: [], times: [t], relativeToChoice: [t - 1000] },
      });
    const findings = [cookie('_fbp', 300), cookie('_fbc', 100), cookie('fr', 200), leak, makeFinding({ severity: 'low', title: 'minor' })];
    for (const [lang, rule, count] of [
      ['en', 'Non-essential cookie set before consent', '3 findings · first −900 ms from the choice'],
      ['fr', 'Cookie non essentiel déposé avant le consentement', '3 constats · premier à −900 ms du choix'],
    ] as const) {
      const { root } = mount(h(Findings, { findings }), lang);
      const rows = [...root.querySelectorAll('[data-testid="findings"] > li')];
      expect(rows.map((li) => li.getAttribute('data-rule'))).toEqual(['form-data-leak', 'tracker-before-consent', 'cookie-before-consent']);
      const group = root.querySelector('li.finding-group');
      expect(text(group as ParentNode, ':scope > details > summary .group-rule')).toEqual([rule]);
      expect(text(group as ParentNode, ':scope > details > summary .group-meta')).toEqual([count]);
      expect(text(group as ParentNode, 'li.finding .finding-title')).toEqual(['Cookie _fbc', 'Cookie fr', 'Cookie _fbp']);
      expect(root.querySelectorAll('li.finding')).toHaveLength(findings.length);
    }
  });
});

describe('Trackers', () => {
  it('groups vendors by category with their consent requirement', () => {
    const { root } = mount(h(Trackers, { report: makeReport() }));
    expect(text(root, 'h2')).toEqual(expect.arrayContaining(['Advertising', 'Session replay', 'Audience measurement']));
    expect(text(root, 'tbody tr')).toEqual(expect.arrayContaining([expect.stringMatching(/^Hotjar1.*consent required$/)]));
  });

  it('says in which consent phases each vendor was active', () => {
    const { root } = mount(
      h(Trackers, {
        report: makeReport({ extra: [makeRequest({ url: 'https://www.google-analytics.com/analytics.js', t: 100 }), makeGcmUpdate(200, 'denied')] }),
      }),
    );
    const ga = [...root.querySelectorAll('tbody tr')].find((tr) => tr.textContent?.startsWith('Google Analytics'));
    expect(ga?.querySelector('[data-testid="vendor-phases"]')?.textContent).toBe('before the choice, after refusal');
  });
});

describe('Cookies', () => {
  it('flags lifetimes over 13 months and cookies set before the choice, in words not only colour', () => {
    const { root } = mount(h(Cookies, { report: makeReport() }));
    const ga = [...root.querySelectorAll('tbody tr')].find((tr) => tr.textContent?.includes('_ga'));
    expect(ga?.textContent).toContain('over 13 months');
    expect(ga?.querySelectorAll('td.flag')).toHaveLength(2);
    expect(ga?.textContent).toContain('no consent banner');
  });

  it('renders a page of rows and offers the rest', () => {
    const extra = Array.from({ length: 250 }, (_, i) => snapshotCookie({ name: `bulk${i}`, t: 1000 + i }));
    const { root } = mount(h(Cookies, { report: makeReport({ extra }) }));
    expect(root.querySelectorAll('tbody tr')).toHaveLength(100);
    expect(text(root, 'button.more')).toEqual(['Show more (152 left)']);
  });
});

describe('Replay', () => {
  it('tells a loaded recorder from a recording one', () => {
    const { root } = mount(h(Replay, { report: makeReport() }));
    expect(root.querySelector('tr[data-state="loaded"]')?.textContent).toMatch(/^Hotjar.*not seen recording$/);
  });

  it('names each masking verdict, and says what unverified means only when one is', () => {
    const base = makeReport();
    const row = { vendor: 'hotjar', field: 'f:1', selector: '#email', fieldKind: 'email' as const, reason: 'r', proof: 'static' as const };
    const unverified = {
      ...base,
      masking: [
        { ...row, verdict: 'unverified' as const },
        { ...row, selector: '#pw', verdict: 'depends-on-setting' as const },
      ],
    };
    const { root } = mount(h(Replay, { report: unverified }));
    expect(text(root, '[data-testid="masking"] tbody td:nth-child(4)')).toEqual(['unverified', 'depends on a setting']);
    expect(text(root, '[data-testid="unverified-hint"]')[0]).toContain('--scenario canary');
    const masked = mount(h(Replay, { report: { ...base, masking: [{ ...row, verdict: 'masked' as const }] } }));
    expect(masked.root.querySelector('[data-testid="unverified-hint"]')).toBeNull();
  });
});

const REFUSED = encodeURIComponent("{stamp:'x',necessary:true,preferences:false,statistics:false,marketing:false,method:'explicit',ver:1}");

describe('Header consent', () => {
  it('shows the CMP, the choice with its time and the state per purpose', () => {
    const report = makeReport({ extra: [snapshotCookie({ name: 'CookieConsent', t: 4000, value: REFUSED })] });
    const { root } = mount(h(Header, { report }));
    const line = text(root, '[data-testid="consent"]')[0] ?? '';
    expect(line).toContain('cookiebot');
    expect(line).toContain('4.00 s');
    expect(text(root, '[data-testid="consent-purposes"]')[0]).toBe('(necessary ✓, preferences ✗, statistics ✗, marketing ✗)');
  });
});

describe('Timeline', () => {
  it('marks each consent event on the consent lane, titled with its source, kind and CMP', () => {
    const report = makeReport({ extra: [snapshotCookie({ name: 'CookieConsent', t: 4000, value: REFUSED })] });
    const { root } = mount(h(Timeline, { report }));
    const marks = [...root.querySelectorAll('rect.consent-mark')];
    expect(marks).toHaveLength(report.consent.events.length);
    expect(marks.map((m) => m.querySelector('title')?.textContent)).toContainEqual(expect.stringMatching(/cmp-storage choice · cookiebot/));
    expect(root.querySelector('rect.choice-reject')).not.toBeNull();
  });

  it('draws one labelled dot per vendor, with an accessible name', () => {
    const { root } = mount(h(Timeline, { report: makeReport() }));
    const svg = root.querySelector('svg');
    expect(svg?.getAttribute('role')).toBe('img');
    expect(svg?.getAttribute('aria-label')).toContain('Timeline');
    expect(root.querySelectorAll('circle')).toHaveLength(makeReport().vendors.length);
  });
});

describe('Screenshots on the timeline', () => {
  const jpeg = 'data:image/jpeg;base64,/9j/2w==';
  const shot = (reason: 'banner' | 'after-choice', t: number, dataUrl?: string) => ({
    id: `${reason}:${t}`,
    t,
    phase: 'before-choice' as const,
    reason,
    fromChoice: t - 1000,
    width: 640,
    height: 360,
    bytes: 41,
    ...(dataUrl && { dataUrl }),
  });

  it('marks each screenshot on the consent lane and shows it captioned with its time from the choice, in French too', () => {
    const report = { ...makeReport({ extra: [makeGcmUpdate(200, 'denied')] }), screenshots: [shot('banner', 500, jpeg), shot('after-choice', 1200)] };
    const { root } = mount(h(Timeline, { report }));
    expect(root.querySelectorAll('.shot-mark')).toHaveLength(2);
    expect([...root.querySelectorAll('[data-testid="screenshots"] img')].map((i) => i.getAttribute('src'))).toEqual([jpeg]);
    expect(text(root, '.screenshot figcaption')).toEqual([
      'Banner found · 500 ms · −500 ms from the choice · before the choice',
      'After the choice · 1.20 s · 200 ms from the choice · before the choice',
    ]);
    const fr = mount(h(Timeline, { report }), 'fr');
    expect(text(fr.root, '.screenshot figcaption')[0]).toContain('Bannière trouvée');
  });

  it('never renders an image from anything but a JPEG or PNG data URL', () => {
    const report = {
      ...makeReport({ extra: [makeGcmUpdate(200, 'denied')] }),
      screenshots: [shot('banner', 500, `javascript:alert(1)`), shot('banner', 600, `${jpeg}" onerror="x`)],
    };
    const { root } = mount(h(Timeline, { report }));
    expect(root.querySelectorAll('img')).toHaveLength(0);
    expect(root.querySelectorAll('.screenshot')).toHaveLength(2);
  });
});
