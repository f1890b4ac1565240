import { getDefaultIndex } from '../classify/vendors';
import { runRules } from '../findings/run';
import type { EvidenceRecord, Visit } from '../model';
import { type DecodeLimit, findLeaks } from '../replay/leaks';
import { buildReport, type Report, type ReportMeta } from '../report/build';
import { buildScan } from './scan';

/** One visit's evidence, as stored, → its report: classify, consent, detect, findings, report, in that order. */
export async function analyzeVisit(visit: Visit, records: readonly EvidenceRecord[], meta: ReportMeta): Promise<Report> {
  const limits: DecodeLimit[] = [];
  const leaks = records.some((r) => r.kind === 'canary') ? await findLeaks(records, limits) : [];
  const scan = buildScan(visit, records, getDefaultIndex(), undefined, leaks, limits);
  return buildReport(scan, runRules(scan), meta);
}
