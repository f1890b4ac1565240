import type { Category } from '../classify/categories';
import { SEVERITIES, type Finding, type Severity } from '../model';
import type { Report, ReportVendor } from './build';

export function severityCounts(findings: readonly Finding[]): [Severity, number][] {
  return SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s).length]);
}

/**
 * One line for the top of the popup. "No problems found" is only ever said after an audit scenario ran; an observed
 * visit says what was checked and what was not.
 */
export function verdictLine(report: Report): string {
  const serious = report.findings.filter((f) => f.severity === 'critical' || f.severity === 'high').length;
  if (report.findings.length) return `${report.findings.length} finding${report.findings.length > 1 ? 's' : ''}, ${serious} critical or high.`;
  if (report.scenario === 'clean-observe') return 'No problems found from a clean state (before any choice). Not checked: behaviour after a refusal or acceptance.';
  if (report.scenario !== 'observe') return 'No problems found.';
  return 'No findings while observing. Checked: trackers, cookies and recorders before any choice. Not checked: behaviour after a refusal or acceptance, and input masking (run an audit scenario).';
}

/** Vendors by category (categories in order of first appearance), each list in order of first appearance. */
export function groupVendorsByCategory(vendors: readonly ReportVendor[]): [Category, ReportVendor[]][] {
  const groups = new Map<Category, ReportVendor[]>();
  for (const vendor of vendors) groups.set(vendor.category, [...(groups.get(vendor.category) ?? []), vendor]);
  return [...groups];
}
