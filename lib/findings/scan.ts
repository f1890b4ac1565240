import { classifyEvidence, type EvidenceClassification } from '../classify/evidence';
import type { Vendor } from '../classify/vendor';
import type { VendorIndex } from '../classify/vendor-index';
import type { CanaryRecord, EvidenceRecord, FieldRecord, Phase, Visit } from '../model';
import { type Choice, readSignals, type SignalReading } from '../consent/signals';
import { detectRecorders, type RecorderActivity } from '../replay/detect';
import type { DecodeLimit, Leak } from '../replay/leaks';
import { type FieldMasking, judgeMasking } from '../replay/masking';

/** What the consent layer knows about a visit: which CMPs, and when the visitor chose what. */
export interface ConsentView {
  /** Ids of the consent managers detected (vendor ids from the database). */
  cmps: string[];
  /** Milliseconds since the visit started when the visitor made a choice, if they did. */
  choiceAt?: number;
  choice?: Choice;
  /** The consent signals read, in time order. */
  signals: SignalReading[];
  /** Set when the consent evidence contradicts itself; findings then say they are inconclusive. */
  inconclusive?: string;
}

/** Everything a rule may look at. Plain data; built once per report. */
export interface Scan {
  visit: Visit;
  records: readonly EvidenceRecord[];
  classification: EvidenceClassification;
  vendors: ReadonlyMap<string, Vendor>;
  consent: ConsentView;
  /** Session recorders seen, loader and recording separated. */
  recorders: RecorderActivity[];
  /** Each recorder's treatment of each field on the page. */
  masking: FieldMasking[];
  /** Canary values found in outgoing requests, when the canary test ran. */
  leaks: Leak[];
  /** Where decoding those requests stopped at a cap or on a broken stream. */
  decodeLimits?: DecodeLimit[];
}

export function buildScan(visit: Visit, records: readonly EvidenceRecord[], index: VendorIndex, consent?: ConsentView, leaks: Leak[] = [], decodeLimits: DecodeLimit[] = []): Scan {
  const sorted = [...records].sort((a, b) => a.t - b.t || a.id.localeCompare(b.id));
  const classification = classifyEvidence(index, visit.site, sorted);
  const vendors = new Map(index.vendors.map((v) => [v.id, v]));
  const recorders = detectRecorders({ records: sorted, vendorOf: classification.vendorOf, vendors }, vendors.get('rrweb'));
  const fields = sorted.filter((r): r is FieldRecord => r.kind === 'field');
  const canaries = sorted.filter((r): r is CanaryRecord => r.kind === 'canary');
  const masking = judgeMasking(recorders, fields, canaries, leaks);
  return { visit, records: sorted, classification, vendors, consent: consent ?? detectConsent(sorted, classification, vendors), recorders, masking, leaks, decodeLimits };
}

/**
 * The consent view from captured evidence: a consent manager is present when one of its scripts, cookies or globals
 * was seen, or a TCF API answered; the choice is the first TCF or Consent Mode signal that expresses one.
 */
export function detectConsent(
  records: readonly EvidenceRecord[],
  classification: EvidenceClassification,
  vendors: ReadonlyMap<string, Vendor>,
): ConsentView {
  const cmps = classification.vendors.filter((v) => vendors.get(v.id)?.category === 'consent-management').map((v) => v.id);
  const signals = readSignals(records);
  for (const reading of signals) {
    if (reading.record.signal === 'tcf' && !cmps.includes('iab-tcf')) cmps.push('iab-tcf');
  }
  const first = signals.find((s) => s.choice);
  return { cmps, signals, ...(first?.choice && { choice: first.choice, choiceAt: first.record.t }) };
}

/** The consent phase at time `t` (ms since the visit started). */
export function phaseAt(consent: ConsentView, t: number): Phase {
  if (consent.choiceAt !== undefined && t >= consent.choiceAt) {
    switch (consent.choice) {
      case 'accept':
      case 'partial':
        return 'after-accept';
      case 'reject':
        return 'after-refusal';
      default:
        return 'unknown';
    }
  }
  return consent.cmps.length ? 'before-choice' : 'no-cmp';
}

/** Whether a phase means the visitor had not (yet) agreed. */
export function isBeforeConsent(phase: Phase): boolean {
  return phase === 'before-choice' || phase === 'no-cmp';
}

/** The records of one vendor, in time order. */
export function recordsOf(scan: Scan, vendorId: string): EvidenceRecord[] {
  return scan.records.filter((r) => scan.classification.vendorOf.get(r.id) === vendorId);
}

export function urlOf(record: EvidenceRecord): string | undefined {
  switch (record.kind) {
    case 'request':
    case 'payload':
      return record.url;
    case 'cookie':
      return record.url;
    case 'storage':
      return record.script ?? record.origin;
    case 'global':
      return record.origin;
    case 'consent':
      return undefined;
    case 'field':
    case 'canary':
      return record.frameUrl;
  }
}
