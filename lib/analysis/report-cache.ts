import type { Report } from '../report/types';

/** The last reports built, each with the version of its visit's evidence it was built from (see store/changes.ts). */
export interface ReportCache {
  get(visitId: string, includeValues: boolean, version: number): Report | undefined;
  set(visitId: string, includeValues: boolean, version: number, report: Report): void;
  /** Whether a redacted report of the visit is held, current or not (the popup's and the badge's report). */
  has(visitId: string): boolean;
}

/** Keeps the `limit` most recently used reports: a report of 10,000 requests holds about 8 MB of the worker's heap. */
export function createReportCache(limit = 2): ReportCache {
  const entries = new Map<string, { version: number; report: Report }>();
  const keyOf = (visitId: string, includeValues: boolean) => `${visitId}\u0000${includeValues ? 'values' : 'redacted'}`;
  return {
    get(visitId, includeValues, version) {
      const key = keyOf(visitId, includeValues);
      const entry = entries.get(key);
      if (!entry) return undefined;
      entries.delete(key);
      if (entry.version !== version) return undefined;
      entries.set(key, entry);
      return entry.report;
    },
    has: (visitId) => entries.has(keyOf(visitId, false)),
    set(visitId, includeValues, version, report) {
      const key = keyOf(visitId, includeValues);
      entries.delete(key);
      entries.set(key, { version, report });
      for (const oldest of entries.keys()) {
        if (entries.size <= limit) break;
        entries.delete(oldest);
      }
    },
  };
}
