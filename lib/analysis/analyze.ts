import type { VendorIndex } from '../classify/vendor-index';
import { loadDefaultIndex } from '../classify/vendors';
import { runRules } from '../findings/run';
import type { EvidenceRecord, Visit } from '../model';
import { buildReport } from '../report/build';
import type { Report, ReportMeta } from '../report/types';
import { readBodies } from '../scan/bodies';
import { buildScan, sortRecords } from '../scan/build';

/**
 * One visit's evidence, as stored, → its report, in one downward pass: decode bodies once → attribute (vendor,
 * party, how strongly) → consent timeline → stamp each record's phase → detect recorders, leaks and masking → rules.
 */
export async function analyzeVisit(visit: Visit, records: readonly EvidenceRecord[], meta: ReportMeta, index?: VendorIndex): Promise<Report> {
  const sorted = sortRecords(records);
  const scan = buildScan(visit, sorted, index ?? (await loadDefaultIndex()), await readBodies(sorted));
  return buildReport(scan, runRules(scan), meta);
}
