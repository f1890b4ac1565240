import { describe, expect, it } from 'vitest';
import type { Report } from '@/lib/report/types';
import {
  cookieRows,
  findingEvidence,
  firstPage,
  groupFindings,
  isBeforeChoice,
  replayRows,
  sortFindings,
  storageRows,
  vendorNamer,
  vendorPhases,
} from '@/lib/report/group';
import { makeRequest } from '../../fixtures/factories';
import { snapshotCookie, makeFinding, makeGcmUpdate, makeReport } from '../../fixtures/reports';

describe('cookieRows', () => {
  const report = makeReport({
    extra: [
      snapshotCookie({ name: 'gone', t: 10, action: 'removed' }),
      snapshotCookie({ name: 'clamped', t: 11, via: 'store', declaredLifetime: 34_560_000 * 2 }),
    ],
  });
  const rows = Object.fromEntries(cookieRows(report).map((r) => [r.name, r]));

  it('flags a declared lifetime over 13 months, but not the browser-clamped expiry of a cookie-store change', () => {
    expect(rows._ga).toMatchObject({ longLived: true, vendor: 'Google Analytics', party: 'first' });
    expect(rows.theme?.longLived).toBe(false);
    expect(rows.clamped?.longLived).toBe(false);
  });

  it('marks cookies set before any choice, and not removals', () => {
    expect(rows._ga?.beforeChoice).toBe(true);
    expect(rows.gone).toMatchObject({ removed: true, beforeChoice: false });
  });

  it('does not mark cookies set after the choice', () => {
    const accepted = makeReport({ extra: [makeGcmUpdate(200, 'granted')] });
    const after = cookieRows(accepted).find((r) => r.name === '_ga');
    expect(after).toMatchObject({ phase: 'after-accept', beforeChoice: false });
  });
});

describe('isBeforeChoice', () => {
  it('counts a page without a consent banner as before any choice', () => {
    expect(isBeforeChoice('before-choice')).toBe(true);
    expect(isBeforeChoice('no-cmp')).toBe(true);
    expect(isBeforeChoice('after-refusal')).toBe(false);
  });
});

describe('vendorNamer and storageRows', () => {
  it('names vendors by id and leaves unclassified records blank', () => {
    const report = makeReport();
    const name = vendorNamer(report);
    expect(name('hotjar')).toBe('Hotjar');
    expect(name('unclassified')).toBe('');
    expect(storageRows(report)[0]).toMatchObject({ key: 'cart', vendorName: '' });
  });
});

describe('replayRows', () => {
  const base = {
    vendors: [
      { id: 'hotjar', name: 'Hotjar', category: 'session-replay' },
      { id: 'clarity', name: 'Microsoft Clarity', category: 'session-replay' },
      { id: 'ga', name: 'GA', category: 'audience-measurement' },
    ],
  } as Report;

  it('tells a recorder that is only loaded from one that records, and keeps replay vendors the detector missed', () => {
    const rows = replayRows({
      ...base,
      recorders: [
        {
          vendor: 'hotjar',
          loadedAt: 80,
          loadedPhase: 'before-choice',
          recordingAt: 900,
          recordingPhase: 'before-choice',
          recordingVia: 'ingest',
          ingestRequests: 3,
        },
      ],
    });
    expect(rows).toEqual([
      {
        vendor: 'hotjar',
        name: 'Hotjar',
        state: 'recording',
        loadedAt: 80,
        loadedPhase: 'before-choice',
        recordingAt: 900,
        recordingPhase: 'before-choice',
        sends: 3,
      },
      { vendor: 'clarity', name: 'Microsoft Clarity', state: 'requests-only', sends: 0 },
    ]);
  });

  it('says loaded when no recording was seen', () => {
    const rows = replayRows({ ...base, vendors: [], recorders: [{ vendor: 'x', loadedAt: 5, loadedPhase: 'no-cmp', ingestRequests: 0 }] });
    expect(rows).toEqual([{ vendor: 'x', name: 'x', state: 'loaded', loadedAt: 5, loadedPhase: 'no-cmp', sends: 0 }]);
  });
});

describe('sortFindings', () => {
  it('puts the most severe first, then the earliest', () => {
    const findings = [
      makeFinding({ title: 'low', severity: 'low' }),
      makeFinding({ title: 'late high', evidence: { records: [], urls: [], times: [900] } }),
      makeFinding({ title: 'critical', severity: 'critical' }),
      makeFinding({ title: 'early high', evidence: { records: [], urls: [], times: [10, 2000] } }),
      makeFinding({ title: 'undated high', evidence: { records: [], urls: [], times: [] } }),
    ];
    expect(sortFindings(findings).map((f) => f.title)).toEqual(['critical', 'early high', 'late high', 'undated high', 'low']);
  });

  it('puts what a regulator acts on first: recording, after refusal, before consent, cookies, then notes', () => {
    const at = (t: number) => ({ records: [], urls: [], times: [t] });
    const findings = [
      makeFinding({ title: 'loaded only', rule: 'vendor-loaded-only', severity: 'info', evidence: at(1) }),
      makeFinding({ title: 'lifetime', rule: 'cookie-lifetime-over-13-months', severity: 'low', evidence: at(2) }),
      makeFinding({ title: 'cookie', rule: 'cookie-before-consent', severity: 'medium', evidence: at(3) }),
      makeFinding({ title: 'maybe exempt', rule: 'tracker-before-consent', severity: 'info', evidence: at(0) }),
      makeFinding({ title: 'before', rule: 'tracker-before-consent', severity: 'medium', evidence: at(4) }),
      makeFinding({ title: 'after refusal', rule: 'tracker-after-refusal', severity: 'high', evidence: at(5) }),
      makeFinding({ title: 'recording', rule: 'replay-before-consent', severity: 'high', evidence: at(6) }),
      makeFinding({ title: 'leak', rule: 'form-data-leak', severity: 'critical', evidence: at(7) }),
    ];
    expect(sortFindings(findings).map((f) => f.title)).toEqual([
      'leak',
      'recording',
      'after refusal',
      'before',
      'cookie',
      'lifetime',
      'maybe exempt',
      'loaded only',
    ]);
  });
});

describe('groupFindings', () => {
  const at = (...times: number[]) => ({ records: [], urls: [], times, relativeToChoice: times.map((t) => t - 1000) });
  const hotjar = { id: 'hotjar', name: 'Hotjar' };
  const facebook = { id: 'facebook', name: 'Facebook' };
  const findings = [
    makeFinding({ title: '_fbp', rule: 'cookie-before-consent', severity: 'medium', vendor: facebook, evidence: at(300) }),
    makeFinding({ title: 'no banner', rule: 'no-consent-mechanism', severity: 'high', evidence: at(50) }),
    makeFinding({ title: '_hjid', rule: 'cookie-before-consent', severity: 'medium', vendor: hotjar, evidence: at(500) }),
    makeFinding({ title: '_fbc', rule: 'cookie-before-consent', severity: 'high', vendor: facebook, evidence: at(900) }),
    makeFinding({ title: 'fb sends', rule: 'tracker-before-consent', severity: 'high', vendor: facebook, evidence: at(200, 250) }),
    makeFinding({ title: 'hj records', rule: 'replay-before-consent', severity: 'critical', vendor: hotjar, evidence: at(700) }),
    makeFinding({ title: 'second no-vendor', rule: 'no-consent-mechanism', severity: 'high', evidence: at(60) }),
    makeFinding({ title: 'fr', rule: 'cookie-before-consent', severity: 'medium', vendor: facebook, evidence: at(100) }),
  ];
  const groups = groupFindings(findings);

  it('makes one row per vendor and rule, findings without a vendor rows of their own, in the report order', () => {
    expect(groups.map((g) => [g.rule, g.vendor?.id ?? '', g.findings.map((f) => f.title)])).toEqual([
      ['replay-before-consent', 'hotjar', ['hj records']],
      ['no-consent-mechanism', '', ['no banner']],
      ['no-consent-mechanism', '', ['second no-vendor']],
      ['tracker-before-consent', 'facebook', ['fb sends']],
      ['cookie-before-consent', 'facebook', ['_fbc', 'fr', '_fbp']],
      ['cookie-before-consent', 'hotjar', ['_hjid']],
    ]);
    expect(groups.flatMap((g) => g.findings)).toHaveLength(findings.length);
    expect(new Set(groups.map((g) => g.key)).size).toBe(groups.length);
  });

  it('gives each group its most severe severity, its count and its earliest evidence, also from the choice', () => {
    const cookies = groups.find((g) => g.rule === 'cookie-before-consent' && g.vendor?.id === 'facebook');
    expect(cookies).toMatchObject({ severity: 'high', first: 100, firstFromChoice: -900, vendor: facebook });
    expect(cookies?.findings).toHaveLength(3);
    const undated = groupFindings([makeFinding({ evidence: { records: [], urls: [], times: [] } })])[0];
    expect(undated?.first).toBeUndefined();
    expect(undated?.firstFromChoice).toBeUndefined();
  });

  it('orders groups by their most severe finding within a rule tier', () => {
    const hjCookies = makeFinding({ title: 'hj', rule: 'cookie-before-consent', severity: 'medium', vendor: hotjar, evidence: at(10) });
    const fbCookies = [
      makeFinding({ title: 'fb low', rule: 'cookie-before-consent', severity: 'medium', vendor: facebook, evidence: at(20) }),
      makeFinding({ title: 'fb high', rule: 'cookie-before-consent', severity: 'high', vendor: facebook, evidence: at(30) }),
    ];
    expect(groupFindings([hjCookies, ...fbCookies]).map((g) => g.vendor?.id)).toEqual(['facebook', 'hotjar']);
  });
});

describe('findingEvidence', () => {
  it('pairs each time with its offset from the choice, dedupes URLs and reads the decoding chain', () => {
    const finding = makeFinding({
      rule: 'form-data-leak',
      evidence: {
        records: ['r:1', 'r:2'],
        urls: ['https://a.example/', 'https://a.example/'],
        times: [100, 250],
        relativeToChoice: [-400, -250],
        details: { chain: ['gzip', 'base64', 'json', 3] },
      },
    });
    expect(findingEvidence(finding)).toEqual({
      moments: [
        { t: 100, relativeToChoice: -400 },
        { t: 250, relativeToChoice: -250 },
      ],
      urls: ['https://a.example/'],
      chain: ['gzip', 'base64', 'json'],
    });
    expect(findingEvidence(makeFinding()).chain).toEqual([]);
  });
});

describe('firstPage', () => {
  it('shows at most a page and counts the rest', () => {
    expect(firstPage([1, 2, 3], 2)).toEqual({ shown: [1, 2], rest: 1 });
    expect(firstPage([1], 2)).toEqual({ shown: [1], rest: 0 });
  });
});

describe('vendorPhases', () => {
  it('lists the phases each vendor was active in, in order of first activity', () => {
    const report = makeReport({ extra: [makeRequest({ url: 'https://www.google-analytics.com/analytics.js', t: 100 }), makeGcmUpdate(200, 'denied')] });
    const id = (name: string) => report.vendors.find((v) => v.name === name)?.id ?? '';
    const phases = vendorPhases(report);
    expect(phases.get(id('Google Analytics'))).toEqual(['before-choice', 'after-refusal']);
    expect(phases.get(id('Hotjar'))).toEqual(['before-choice']);
  });
});
