import { classifyEvidence, type EvidenceClassification } from '../classify/evidence';
import type { Vendor } from '../classify/vendor';
import type { VendorIndex } from '../classify/vendor-index';
import type { CanaryRecord, EvidenceRecord, FieldRecord, Phase, Visit } from '../model';

export type { ConsentView } from '../consent/detect-consent';
import { cmpCandidates } from '../consent/cmp-ids';
import { type ConsentView, detectConsent, phaseIn } from '../consent/detect-consent';
import { compileUrlPattern, detectRecorders, matchesAny, type RecorderActivity } from '../replay/detect';
import type { DecodeLimit, Leak } from '../replay/leaks';
import { type FieldMasking, judgeMasking } from '../replay/masking';

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

export function buildScan(
  visit: Visit,
  records: readonly EvidenceRecord[],
  index: VendorIndex,
  consent?: ConsentView,
  leaks: Leak[] = [],
  decodeLimits: DecodeLimit[] = [],
): Scan {
  const sorted = [...records].sort((a, b) => a.t - b.t || a.id.localeCompare(b.id));
  const classification = classifyEvidence(index, visit.site, sorted);
  const vendors = new Map(index.vendors.map((v) => [v.id, v]));
  const recorders = detectRecorders({ records: sorted, vendorOf: classification.vendorOf, vendors }, vendors.get('rrweb'));
  const fields = sorted.filter((r): r is FieldRecord => r.kind === 'field');
  const canaries = sorted.filter((r): r is CanaryRecord => r.kind === 'canary');
  const masking = judgeMasking(recorders, fields, canaries, leaks);
  return {
    visit,
    records: sorted,
    classification,
    vendors,
    consent: consent ?? consentOf(sorted, classification, vendors),
    recorders,
    masking,
    leaks,
    decodeLimits,
  };
}

/** The consent view of a visit's records, with the consent managers the vendor database recognised. */
export function consentOf(records: readonly EvidenceRecord[], classification: EvidenceClassification, vendors: ReadonlyMap<string, Vendor>): ConsentView {
  const cmpVendors = classification.vendors.filter((v) => vendors.get(v.id)?.category === 'consent-management');
  const ids = new Set(cmpVendors.map((v) => v.id));
  // A consent manager that acted in this visit (wrote its cookie or storage, or autoconsent recognised it) did load,
  // whatever its request says. Its globals prove nothing: the page defines the configuration ones (`klaroConfig`).
  const alive = new Set(
    records.flatMap((r) => {
      if ((r.kind === 'cookie' && r.action === 'set' && r.via !== 'jar') || (r.kind === 'storage' && r.action === 'set'))
        return [classification.vendorOf.get(r.id) ?? ''];
      if (r.kind === 'consent' && r.signal === 'autoconsent' && r.command === 'cmpDetected') return cmpCandidates(String(r.params.cmp ?? ''));
      return [];
    }),
  );
  // A site may serve its own copy of an open-source CMP (`/js/klaro.js`): the vendor's script patterns name it.
  const selfHosted = [...vendors.values()].flatMap((v) =>
    v.category === 'consent-management' ? (v.cmp?.scripts ?? []).map((p) => ({ id: v.id, re: compileUrlPattern(p) })) : [],
  );
  const cmpOf = (r: EvidenceRecord & { kind: 'request' }) => {
    const id = classification.vendorOf.get(r.id);
    return id && ids.has(id) ? id : selfHosted.find((s) => matchesAny([s.re], r.url))?.id;
  };
  const cmpFailures = records.flatMap((r) => {
    if (r.kind !== 'request' || r.type !== 'script') return [];
    const id = cmpOf(r);
    if (!id) return [];
    if (r.error) return [{ id, t: r.completedAt ?? r.t, detail: r.error }];
    if (r.status !== undefined) return r.status >= 400 ? [{ id, t: r.t, detail: `HTTP ${r.status}` }] : [];
    // No answer yet (a script that hangs): the banner may never have shown, so what ran "before the choice" proves little.
    return r.recovered || alive.has(id) ? [] : [{ id, t: r.t, detail: 'no response yet' }];
  });
  return detectConsent({ records, cmpVendors, cmpFailures });
}

/** The consent phase at time `t` (ms since the visit started). */
export function phaseAt(consent: ConsentView, t: number): Phase {
  return phaseIn(consent, t);
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
