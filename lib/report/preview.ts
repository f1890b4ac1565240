import type { Report } from './types';
import { LIST_PAGE } from './group';

/**
 * The report with only the first page of its two long lists (requests, payloads): what the popup needs for its first
 * frame, a small fraction of the message for a big visit. `summary` keeps the full counts.
 */
export function previewOf(report: Report, limit = LIST_PAGE): Report {
  if (report.requests.length <= limit && report.payloads.length <= limit) return report;
  return { ...report, requests: report.requests.slice(0, limit), payloads: report.payloads.slice(0, limit) };
}
