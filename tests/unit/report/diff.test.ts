import { describe, expect, it } from 'vitest';
import { makeRequest } from '../../fixtures/factories';
import { diffReports, isUnchanged } from '@/lib/report/diff';
import { makeCookie, makeFinding, makeReport } from '../../fixtures/reports';

describe('diffReports', () => {
  it('lists vendors, findings and cookies added and removed between two scans', () => {
    const before = makeReport({ findings: [makeFinding(), makeFinding({ rule: 'cookie-before-consent', title: '_ga set before consent' })] });
    const after = makeReport({
      extra: [makeRequest({ url: 'https://www.clarity.ms/tag/x', t: 90 }), makeCookie({ name: '_clck', t: 95 }), makeCookie({ name: '_clck', t: 96 })],
      findings: [
        makeFinding(),
        makeFinding({
          rule: 'replay-before-consent',
          title: 'Clarity recording before consent',
          vendor: { id: 'microsoft-clarity', name: 'Microsoft Clarity' },
        }),
      ],
    });
    const diff = diffReports(before, after);
    expect(diff.vendors.added.map((v) => v.id)).toEqual(['microsoft-clarity']);
    expect(diff.vendors.removed).toEqual([]);
    expect(diff.findings.added.map((f) => f.rule)).toEqual(['replay-before-consent']);
    expect(diff.findings.removed.map((f) => f.rule)).toEqual(['cookie-before-consent']);
    expect(diff.cookies).toEqual({ added: [{ name: '_clck', domain: 'shop.example' }], removed: [] });
    expect(diffReports(after, before).vendors.removed.map((v) => v.id)).toEqual(['microsoft-clarity']);
  });

  it('ignores cookie removals and finds nothing between a scan and itself', () => {
    const report = makeReport({ extra: [makeCookie({ name: 'gone', action: 'removed' })] });
    const diff = diffReports(makeReport(), report);
    expect(diff.cookies.added).toEqual([]);
    expect(isUnchanged(diffReports(report, report))).toBe(true);
    expect(isUnchanged(diffReports(makeReport(), makeReport({ findings: [makeFinding()] })))).toBe(false);
  });
});
