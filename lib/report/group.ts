import { THIRTEEN_MONTHS } from '../findings/limits';
import { SEVERITIES, type Phase, type Severity } from '../model';
import type { Finding, VendorRef } from '../finding';
import { tierOf } from './rule-rank';
import type { Report, ReportCookie, ReportStorage } from './types';

/** Display rows, sorting and lookups shared by the popup, the report page and the exports. Pure. */

export interface CookieRow {
  id: string;
  t: number;
  name: string;
  domain: string;
  vendor: string;
  party: ReportCookie['party'];
  via: ReportCookie['via'];
  declaredLifetime: number | null;
  /** Declared lifetime over 13 months (the CNIL's limit); cookie-store changes carry the browser's clamp, so are not judged. */
  longLived: boolean;
  /** Set while no choice was made: before the choice, or on a page with no consent banner at all. */
  beforeChoice: boolean;
  phase: Phase;
  removed: boolean;
}

export type ReplayState = 'recording' | 'loaded' | 'requests-only';

export interface ReplayRow {
  vendor: string;
  name: string;
  state: ReplayState;
  loadedAt?: number;
  loadedPhase?: Phase;
  recordingAt?: number;
  recordingPhase?: Phase;
  sends: number;
}

/** Findings of one rule about one vendor: one row, expandable to its findings. */
export interface FindingGroup<F extends Finding = Finding> {
  /** `<rule>|<vendor id>`, or `<rule>|#<n>` for a finding without a vendor. */
  key: string;
  rule: F['rule'];
  vendor?: VendorRef;
  /** The most severe of its findings. */
  severity: Severity;
  /** Earliest evidence, in ms since the visit started and from the choice (negative before it) when one was made. */
  first?: number;
  firstFromChoice?: number;
  /** In the report order. */
  findings: F[];
}

export interface FindingEvidence {
  moments: { t: number; relativeToChoice?: number }[];
  urls: string[];
  /** How a leaked value was encoded on its way out, outermost first (leak findings only). */
  chain: string[];
}

/** Vendor display name by id; `unclassified` and unknown ids give an empty string. */
export function vendorNamer(report: Pick<Report, 'vendors'>): (id: string) => string {
  const names = new Map(report.vendors.map((v) => [v.id, v.name]));
  return (id) => names.get(id) ?? '';
}

export function isBeforeChoice(phase: Phase): boolean {
  return phase === 'before-choice' || phase === 'no-cmp';
}

export function cookieRows(report: Pick<Report, 'cookies' | 'vendors'>): CookieRow[] {
  const name = vendorNamer(report);
  return report.cookies.map((c) => ({
    id: c.id,
    t: c.t,
    name: c.name,
    domain: c.domain,
    vendor: name(c.vendor),
    party: c.party,
    via: c.via,
    declaredLifetime: c.declaredLifetime,
    longLived: c.via !== 'store' && c.declaredLifetime !== null && c.declaredLifetime > THIRTEEN_MONTHS,
    beforeChoice: c.via !== 'jar' && c.action === 'set' && isBeforeChoice(c.phase),
    phase: c.phase,
    removed: c.action === 'removed',
  }));
}

export function storageRows(report: Pick<Report, 'storage' | 'vendors'>): (ReportStorage & { vendorName: string })[] {
  const name = vendorNamer(report);
  return report.storage.map((s) => ({ ...s, vendorName: name(s.vendor) }));
}

/**
 * Session recorders: those the detector saw loading (and maybe recording), then session-replay vendors seen only
 * through their requests, so a recorder the detector missed still shows.
 */
export function replayRows(report: Pick<Report, 'recorders' | 'vendors'>): ReplayRow[] {
  const name = vendorNamer(report);
  const rows: ReplayRow[] = report.recorders.map((r) => ({
    vendor: r.vendor,
    name: name(r.vendor) || r.vendor,
    state: r.recordingAt === undefined ? 'loaded' : 'recording',
    loadedAt: r.loadedAt,
    loadedPhase: r.loadedPhase,
    ...(r.recordingAt !== undefined && { recordingAt: r.recordingAt }),
    ...(r.recordingPhase && { recordingPhase: r.recordingPhase }),
    sends: r.ingestRequests,
  }));
  const known = new Set(rows.map((r) => r.vendor));
  for (const v of report.vendors) {
    if (v.category === 'session-replay' && !known.has(v.id)) rows.push({ vendor: v.id, name: v.name, state: 'requests-only', sends: 0 });
  }
  return rows;
}

/** The consent phases each vendor was active in (requests, payloads, cookies, storage, globals), in order of first activity. */
export function vendorPhases(report: Pick<Report, 'requests' | 'payloads' | 'cookies' | 'storage' | 'globals'>): Map<string, Phase[]> {
  const records = [...report.requests, ...report.payloads, ...report.cookies, ...report.storage, ...report.globals].sort((a, b) => a.t - b.t);
  const phases = new Map<string, Phase[]>();
  for (const r of records) {
    const seen = phases.get(r.vendor) ?? [];
    if (!seen.includes(r.phase)) phases.set(r.vendor, [...seen, r.phase]);
  }
  return phases;
}

/** The report order: by tier (recording first, notes last; lib/report/rule-rank.ts), then most severe, then earliest evidence, then as given. */
export function sortFindings<F extends Finding>(findings: readonly F[]): F[] {
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => compareKeys(keyOfFinding(a.f), keyOfFinding(b.f)) || a.i - b.i)
    .map(({ f }) => f);
}

/**
 * One group per vendor and rule, in the report order, each with its findings in that order; a finding without a
 * vendor (no-consent-mechanism, a leak to an unknown host) is a group of its own. The CSV stays one row per finding.
 */
export function groupFindings<F extends Finding>(findings: readonly F[]): FindingGroup<F>[] {
  const groups = new Map<string, F[]>();
  sortFindings(findings).forEach((f, i) => {
    const key = f.vendor ? `${f.rule}|${f.vendor.id}` : `${f.rule}|#${i}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  });
  const rows = [...groups].map(([key, members], order) => {
    const head = members[0] as F;
    const times = members.flatMap((f) => f.evidence.times);
    const fromChoice = members.flatMap((f) => f.evidence.relativeToChoice ?? []);
    const severity = SEVERITIES[Math.min(...members.map((f) => SEVERITIES.indexOf(f.severity)))] ?? head.severity;
    const group: FindingGroup<F> = {
      key,
      rule: head.rule,
      ...(head.vendor && { vendor: head.vendor }),
      severity,
      ...(times.length && { first: Math.min(...times) }),
      ...(fromChoice.length && { firstFromChoice: Math.min(...fromChoice) }),
      findings: members,
    };
    return { group, order };
  });
  return rows.sort((a, b) => compareKeys(keyOfGroup(a.group), keyOfGroup(b.group)) || a.order - b.order).map(({ group }) => group);
}

type SortKey = Pick<Finding, 'rule' | 'severity'> & { first: number };

function compareKeys(x: SortKey, y: SortKey): number {
  return tierOf(x) - tierOf(y) || SEVERITIES.indexOf(x.severity) - SEVERITIES.indexOf(y.severity) || x.first - y.first;
}

function keyOfFinding(f: Finding): SortKey {
  return { rule: f.rule, severity: f.severity, first: f.evidence.times.length ? Math.min(...f.evidence.times) : Number.POSITIVE_INFINITY };
}

function keyOfGroup(group: FindingGroup): SortKey {
  return { rule: group.rule, severity: group.severity, first: group.first ?? Number.POSITIVE_INFINITY };
}

export function findingEvidence(finding: Finding): FindingEvidence {
  const { times, relativeToChoice, urls, details } = finding.evidence;
  const chain = details?.chain;
  return {
    moments: times.map((t, i) => {
      const relative = relativeToChoice?.[i];
      return relative === undefined ? { t } : { t, relativeToChoice: relative };
    }),
    urls: [...new Set(urls)],
    chain: Array.isArray(chain) ? chain.filter((step): step is string => typeof step === 'string') : [],
  };
}

/** At most `limit` items, for lists that render a page at a time. */
export function firstPage<T>(items: readonly T[], limit: number): { shown: readonly T[]; rest: number } {
  return { shown: items.length > limit ? items.slice(0, limit) : items, rest: Math.max(0, items.length - limit) };
}

/** Rows a long list renders at first and per "show more": keeps the first render fast with thousands of records. */
export const LIST_PAGE = 100;
