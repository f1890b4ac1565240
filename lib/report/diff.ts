import type { Finding } from '../finding';
import type { Report, ReportVendor } from './types';

export interface CookieKey {
  name: string;
  domain: string;
}

export interface Change<T> {
  added: T[];
  removed: T[];
}

/** What changed between two scans: vendors, findings and cookies that appear in one and not the other. */
export interface ReportDiff {
  vendors: Change<ReportVendor>;
  findings: Change<Finding>;
  cookies: Change<CookieKey>;
}

/**
 * Compares an earlier scan with a later one. Vendors match by id, findings by rule, vendor and title (titles name the
 * cookie, field or page involved), cookies by name and domain among those set.
 */
export function diffReports(before: Pick<Report, 'vendors' | 'findings' | 'cookies'>, after: Pick<Report, 'vendors' | 'findings' | 'cookies'>): ReportDiff {
  return {
    vendors: change(before.vendors, after.vendors, (v) => v.id),
    findings: change(before.findings, after.findings, findingKey),
    cookies: change(setCookies(before), setCookies(after), (c) => `${c.name}\u0000${c.domain}`),
  };
}

export function isUnchanged(diff: ReportDiff): boolean {
  return [diff.vendors, diff.findings, diff.cookies].every((c) => !c.added.length && !c.removed.length);
}

function findingKey(f: Finding): string {
  return `${f.rule}\u0000${f.vendor?.id ?? ''}\u0000${f.title}`;
}

function setCookies(report: Pick<Report, 'cookies'>): CookieKey[] {
  return report.cookies.filter((c) => c.action === 'set').map((c) => ({ name: c.name, domain: c.domain }));
}

/** Items of `after` whose key `before` lacks, and the reverse; each key once, in first-seen order. */
function change<T>(before: readonly T[], after: readonly T[], key: (item: T) => string): Change<T> {
  const only = (from: readonly T[], other: readonly T[]) => {
    const skip = new Set(other.map(key));
    const out: T[] = [];
    for (const item of from) {
      const k = key(item);
      if (skip.has(k)) continue;
      skip.add(k);
      out.push(item);
    }
    return out;
  };
  return { added: only(after, before), removed: only(before, after) };
}
