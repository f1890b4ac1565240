import type { Category } from '../classify/categories';
import { SEVERITIES, type Severity } from '../model';
import type { Finding } from '../finding';
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

/** The verdict in English, for the exports: says what was checked and what was not. */
export function verdictLine(report: Pick<Report, 'findings' | 'scenario'>): string {
  const verdict = verdictOf(report);
  switch (verdict.kind) {
    case 'findings':
      return `${verdict.total} finding${verdict.total > 1 ? 's' : ''}, ${verdict.serious} critical or high.`;
    case 'clean-observe':
      return 'No problems found from a clean state (before any choice). Not checked: behaviour after a refusal or acceptance.';
    case 'clean':
      return 'No problems found.';
    case 'observed':
      return 'No findings while observing. Checked: trackers, cookies and recorders before any choice. Not checked: behaviour after a refusal or acceptance, and input masking (run an audit scenario).';
  }
}

/** Vendors by category (categories in order of first appearance), each list in order of first appearance. */
export function groupVendorsByCategory(vendors: readonly ReportVendor[]): [Category, ReportVendor[]][] {
  const groups = new Map<Category, ReportVendor[]>();
  for (const vendor of vendors) groups.set(vendor.category, [...(groups.get(vendor.category) ?? []), vendor]);
  return [...groups];
}
