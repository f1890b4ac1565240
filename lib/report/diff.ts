/** What a comparison reads of a report: a stored scan's, or one read back from an export (`import.ts`). */
export interface Comparable {
  vendors: readonly ComparedVendor[];
  findings: readonly ComparedFinding[];
  cookies: readonly { name: string; domain: string; action: string }[];
}
export type ComparedVendor = { id: string; name: string };
export type ComparedFinding = { rule: string; title: string; vendor?: { id: string } };

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
  vendors: Change<ComparedVendor>;
  findings: Change<ComparedFinding>;
  cookies: Change<CookieKey>;
}

/**
 * Compares an earlier scan with a later one. Vendors match by id, findings by rule, vendor and title (titles name the
 * cookie, field or page involved), cookies by name and domain among those set. `byTitle: false` matches findings by
 * rule and vendor only: for a report another version exported, whose titles may be worded otherwise.
 */
export function diffReports(before: Comparable, after: Comparable, { byTitle = true } = {}): ReportDiff {
  const findingKey = (f: ComparedFinding) => `${f.rule}\u0000${f.vendor?.id ?? ''}${byTitle ? `\u0000${f.title}` : ''}`;
  return {
    vendors: change(before.vendors, after.vendors, (v) => v.id),
    findings: change(before.findings, after.findings, findingKey),
    cookies: change(setCookies(before), setCookies(after), (c) => `${c.name}\u0000${c.domain}`),
  };
}

export function isUnchanged(diff: ReportDiff): boolean {
  return [diff.vendors, diff.findings, diff.cookies].every((c) => !c.added.length && !c.removed.length);
}

function setCookies(report: Comparable): CookieKey[] {
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
