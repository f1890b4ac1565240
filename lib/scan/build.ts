import { attributeRecords } from '../classify/attribute';
import type { VendorIndex } from '../classify/vendor-index';
import type { ConsentView } from '../consent/detect-consent';
import { phaseAt } from '../consent/timeline';
import type { CanaryRecord, EvidenceRecord, FieldRecord, Phase, Visit } from '../model';
import { detectRecorders } from '../replay/detect';
import { judgeMasking } from '../replay/masking';
import { readRecorderConfig } from '../replay/recorder-config';
import { summariseActivity } from './activity';
import type { BodyReading } from './bodies';
import { readConsent } from './consent-input';
import type { RecordFacts, Scan } from './scan';
import { dateBySender } from './sent-at';

/** The scan of records already in time order, given what their bodies hold. `consent` replaces the detected view (tests). */
export function buildScan(visit: Visit, sorted: readonly EvidenceRecord[], index: VendorIndex, bodies: BodyReading, consent?: ConsentView): Scan {
  const attribution = attributeRecords(index, visit.site, sorted);
  const unstamped = new Map([...attribution.facts].map(([id, fact]) => [id, { ...fact, phase: 'unknown' as Phase }]));
  const vendors = index.byId;
  const view = consent ?? readConsent(sorted, unstamped, vendors, summariseActivity(sorted, unstamped, vendors));
  const facts = stampPhases(sorted, unstamped, view);
  const activity = summariseActivity(sorted, facts, vendors);
  const recorders = detectRecorders({ records: sorted, facts, vendors, recordings: bodies.recordings, rrweb: vendors.get('rrweb') });
  const fields = sorted.filter((r): r is FieldRecord => r.kind === 'field');
  const canaries = sorted.filter((r): r is CanaryRecord => r.kind === 'canary');
  const configs = readRecorderConfig(sorted);
  return {
    visit,
    records: sorted,
    facts,
    vendors,
    activity,
    unclassifiedSites: attribution.unclassifiedSites,
    cnameAliases: attribution.cnameAliases,
    consent: view,
    recorders,
    masking: judgeMasking(recorders, fields, canaries, bodies.leaks, configs),
    recorderConfigs: configs,
    leaks: bodies.leaks,
    decodeLimits: bodies.limits,
  };
}

/** The records in time order, each request the page made dated by the page's call (`dateBySender`). */
export function sortRecords(records: readonly EvidenceRecord[]): EvidenceRecord[] {
  return dateBySender(records).sort((a, b) => a.t - b.t || a.id.localeCompare(b.id));
}

/**
 * Every record's consent phase, from the timeline, stamped once. A write removed within a second is `transient` (nothing
 * kept) only when nothing changed in between: one that stood until the visitor's choice removed it (an SDK clearing its
 * identifier on a refusal) was stored before that choice.
 */
function stampPhases(sorted: readonly EvidenceRecord[], facts: Map<string, RecordFacts>, consent: ConsentView): Map<string, RecordFacts> {
  for (const record of sorted) {
    const fact = facts.get(record.id);
    if (!fact) continue;
    fact.phase = phaseAt(consent, record.t);
    if (fact.activity === 'transient' && fact.removedAt !== undefined && phaseAt(consent, fact.removedAt) !== fact.phase) fact.activity = 'stored';
  }
  return facts;
}
