import type { CnameAlias, UnclassifiedSite } from '../classify/attribute';
import type { RecordFacts } from './facts';

export type { RecordFacts } from './facts';
import type { Vendor } from '../classify/vendor';
import type { ConsentView } from '../consent/detect-consent';
import type { EvidenceRecord, Phase, Visit } from '../model';
import type { RecorderActivity } from '../replay/detect';
import type { DecodeLimit, Leak } from '../replay/leaks';
import type { FieldMasking } from '../replay/masking';
import type { RecorderSettings } from '../replay/recorder-config';
import type { VendorActivity } from './activity';

export type { ConsentView } from '../consent/detect-consent';

/** Everything a rule may look at: stored evidence with its facts stamped. Plain data; built once per report. */
export interface Scan {
  visit: Visit;
  /** In time order. */
  records: readonly EvidenceRecord[];
  /** By record id; every record has its facts. */
  facts: ReadonlyMap<string, RecordFacts>;
  /** The bundled database, by vendor id. */
  vendors: ReadonlyMap<string, Vendor>;
  /** Every vendor attributed in the visit, with what it did in each phase, in order of first appearance. */
  activity: readonly VendorActivity[];
  unclassifiedSites: readonly UnclassifiedSite[];
  cnameAliases: readonly CnameAlias[];
  consent: ConsentView;
  /** Session recorders seen, loader and recording separated. */
  recorders: readonly RecorderActivity[];
  /** Each recorder's treatment of each field on the page. */
  masking: readonly FieldMasking[];
  /** What the page handed each recorder's init call, where it was visible (page-reported: a hint, never proof). */
  recorderConfigs: ReadonlyMap<string, RecorderSettings>;
  /** Canary values found in outgoing requests, when the canary test ran. */
  leaks: readonly Leak[];
  /** Where decoding those requests stopped at a cap or on a broken stream. */
  decodeLimits: readonly DecodeLimit[];
}

/** The facts of a record (a record outside the scan has none: unclassified, first party, phase unknown). */
export function factsOf(scan: Pick<Scan, 'facts'>, record: Pick<EvidenceRecord, 'id'>): RecordFacts {
  return scan.facts.get(record.id) ?? { vendor: 'unclassified', activity: 'none', party: 'first', site: '', phase: 'unknown' };
}

export function vendorOf(scan: Pick<Scan, 'facts' | 'vendors'>, record: Pick<EvidenceRecord, 'id'>): Vendor | undefined {
  return scan.vendors.get(factsOf(scan, record).vendor);
}

/**
 * Whether a send may have reached its recipient: not one cancelled before any response (`aborted`, a flush the page's
 * end cut off), which shows what the page tried to send, not what the recipient got.
 */
export function mayHaveArrived(scan: Pick<Scan, 'facts'>, record: Pick<EvidenceRecord, 'id'>): boolean {
  return factsOf(scan, record).activity !== 'aborted';
}

/** Whether a phase means the visitor had not (yet) agreed. */
export function isBeforeConsent(phase: Phase): boolean {
  return phase === 'before-choice' || phase === 'no-cmp';
}

/** Whether a phase follows a refusal (a revocation is a refusal after an acceptance). */
export function isAfterRefusal(phase: Phase): boolean {
  return phase === 'after-refusal' || phase === 'after-revocation';
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
    case 'recorder-config':
      return record.origin;
    case 'consent':
      return undefined;
    case 'field':
    case 'canary':
      return record.frameUrl;
  }
}
