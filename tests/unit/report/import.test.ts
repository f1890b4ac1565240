import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffReports, isUnchanged } from '@/lib/report/diff';
import { type ImportedReport, MAX_IMPORT_BYTES, readExportedReport } from '@/lib/report/import';
import { makeFinding, makeReport, snapshotCookie } from '../../fixtures/reports';

// A report exported by an older version reads back for the report page's compare view (issue 14 §1). The fixture is
// a real export of revision 1.0, made by that version's own export path (tests/fixtures/exports/README.md).
const OLD = readFileSync(path.resolve(import.meta.dirname, '../../fixtures/exports/export-1.0.json'), 'utf8');

function read(text: string): ImportedReport {
  const result = readExportedReport(text);
  if (!result.ok) throw new Error(`refused: ${result.reason}`);
  return result.report;
}

describe('readExportedReport', () => {
  it('reads an export of revision 1.0: its page, date, version, vendors, findings and cookies set', () => {
    const old = read(OLD);
    expect(old).toMatchObject({ url: 'https://compare.example/', startedAt: '2026-11-30T10:00:00.000Z', lang: 'en', version: '0.1.0' });
    expect(old.vendors.map((v) => v.id).sort()).toEqual(['google-analytics', 'google-tag-manager', 'meta-pixel']);
    expect(old.findings.map((f) => `${f.rule} ${f.vendor?.id ?? '*'}`)).toContain('cookie-before-consent google-analytics');
    expect(old.findings.map((f) => f.rule)).toContain('no-consent-mechanism');
    expect(old.cookies.map((c) => `${c.name} ${c.action}`)).toEqual(['_ga set', '_ga_OLD1234 set']);
  });

  it("reads this version's own export back to the same comparison", () => {
    const report = makeReport({
      extra: [snapshotCookie({ name: '_clck', t: 95 })],
      findings: [makeFinding(), makeFinding({ rule: 'cookie-before-consent', title: '_clck set before consent' })],
    });
    const back = read(JSON.stringify(report));
    expect(back.lang).toBe(report.lang);
    expect(isUnchanged(diffReports(back, report))).toBe(true);
    expect(back.findings).toHaveLength(2);
  });

  it('compares an old export with a new scan by rule and vendor, as titles may be worded otherwise', () => {
    const old = read(OLD);
    const reworded = { ...old, findings: old.findings.map((f) => ({ ...f, title: `${f.title} (worded otherwise)` })) };
    expect(isUnchanged(diffReports(old, reworded, { byTitle: false }))).toBe(true);
    expect(isUnchanged(diffReports(old, reworded))).toBe(false);
    const without = { ...old, vendors: old.vendors.filter((v) => v.id !== 'meta-pixel'), findings: old.findings.filter((f) => f.vendor?.id !== 'meta-pixel') };
    const diff = diffReports(old, without, { byTitle: false });
    expect(diff.vendors.removed.map((v) => v.id)).toEqual(['meta-pixel']);
    expect(diff.findings.removed.map((f) => f.rule)).toEqual(['tracker-before-consent']);
  });

  it('refuses what is not a report of this format, saying why', () => {
    expect(readExportedReport('{"schema": "consent-inspector/report@1", ')).toEqual({ ok: false, reason: 'not-json' });
    expect(readExportedReport('[]')).toEqual({ ok: false, reason: 'not-a-report' });
    expect(readExportedReport('{"vendors": []}')).toEqual({ ok: false, reason: 'not-a-report' });
    expect(readExportedReport(OLD.replace('report@1', 'report@2'))).toEqual({ ok: false, reason: 'other-schema' });
    expect(readExportedReport(OLD.replace('"startedAt": "2026-11-30T10:00:00.000Z"', '"startedAt": "yesterday"'))).toEqual({
      ok: false,
      reason: 'not-a-report',
    });
    expect(readExportedReport(' '.repeat(MAX_IMPORT_BYTES + 1))).toEqual({ ok: false, reason: 'too-large' });
  });

  it('keeps only well-typed items, with strings cut', () => {
    const report = JSON.parse(OLD);
    report.vendors.push(null, 7, { id: 42 }, { id: 'x'.repeat(10_000), name: '<img src=x onerror=alert(1)>' });
    report.findings.push({ rule: 'tracker-before-consent' }, { title: 'no rule' });
    report.cookies.push({ name: '_x', domain: 'a.example' });
    const back = read(JSON.stringify(report));
    expect(back.vendors).toHaveLength(4);
    expect(back.vendors.at(-1)?.id).toHaveLength(2_000);
    // Markup is text here; the page renders it as text (Preact escapes it).
    expect(back.vendors.at(-1)?.name).toBe('<img src=x onerror=alert(1)>');
    expect(back.findings).toHaveLength(7);
    expect(back.cookies).toHaveLength(2);
  });
});
