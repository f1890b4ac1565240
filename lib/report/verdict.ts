import { createTranslator, type Lang, plural } from '../i18n/translate';
import type { Category } from '../classify/categories';
import { SEVERITIES, type Severity } from '../model';
import type { Finding } from '../finding';
import { formatTime } from './format';
import type { Report, ReportVendor } from './types';

export function severityCounts(findings: readonly Finding[]): [Severity, number][] {
  return SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s).length]);
}

/** The verdict as data, for the UI to word in its language. */
export type Verdict = { kind: 'findings'; total: number; serious: number } | { kind: 'clean' } | { kind: 'clean-observe' } | { kind: 'observed' };

/** "No problems found" (`clean`) is only ever the verdict after an audit scenario ran; an observed visit is `observed`. */
export function verdictOf(report: Pick<Report, 'findings' | 'scenario'>): Verdict {
  const serious = report.findings.filter((f) => f.severity === 'critical' || f.severity === 'high').length;
  if (report.findings.length) return { kind: 'findings', total: report.findings.length, serious };
  if (report.scenario === 'clean-observe') return { kind: 'clean-observe' };
  return report.scenario === 'observe' ? { kind: 'observed' } : { kind: 'clean' };
}

/** The verdict in `lang`, for the exports: says what was checked and what was not. */
export function verdictLine(report: Pick<Report, 'findings' | 'scenario'>, lang: Lang = 'en'): string {
  const verdict = verdictOf(report);
  const t = createTranslator(lang);
  switch (verdict.kind) {
    case 'findings':
      return plural(t, lang, 'verdict.findings', verdict.total, { serious: verdict.serious });
    case 'clean-observe':
      return t('verdict.cleanObserve');
    case 'clean':
      return t('verdict.clean');
    case 'observed':
      return t('verdict.observed');
  }
}

/** What the visit's everyday capture left out (`Report.visit.capture`), in `lang`; undefined for a visit captured in full. */
export function captureLine(report: Pick<Report, 'visit'>, lang: Lang = 'en'): string | undefined {
  const capture = report.visit.capture;
  if (capture?.level !== 'everyday') return undefined;
  const t = createTranslator(lang);
  return capture.fullFrom === undefined ? t('header.everyday') : t('header.fullFrom', { time: formatTime(capture.fullFrom, lang) });
}

/** Vendors by category (categories in order of first appearance), each list in order of first appearance. */
export function groupVendorsByCategory(vendors: readonly ReportVendor[]): [Category, ReportVendor[]][] {
  const groups = new Map<Category, ReportVendor[]>();
  for (const vendor of vendors) groups.set(vendor.category, [...(groups.get(vendor.category) ?? []), vendor]);
  return [...groups];
}
