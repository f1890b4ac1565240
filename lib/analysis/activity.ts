import type { Category, ConsentRequirement } from '../classify/categories';
import type { Vendor } from '../classify/vendor';
import type { EvidenceRecord, Phase } from '../model';
import type { RecordFacts } from './facts';

/** One vendor seen in a visit: what it did, and the records that show it. */
export interface VendorActivity {
  id: string;
  name: string;
  organization: string;
  category: Category;
  consent: ConsentRequirement;
  /** Milliseconds since the visit started, of its first attributed record. */
  firstSeen: number;
  requests: number;
  payloads: number;
  cookies: number;
  storage: number;
  /** Page globals are hints, never attributed: always 0 since report revision 1.3 (kept for the schema). */
  globals: number;
  hostnames: string[];
  /** Records that only fetched its code or configuration. */
  loaded: number;
  /** Records that sent it data: a body, a beacon, an XHR, a pixel with parameters. */
  sent: number;
  /** Cookies and storage it wrote. */
  stored: number;
  /** Its attributed records, in time order (not exported). */
  records: readonly EvidenceRecord[];
}

/** What a vendor did in the phases a rule asks about, each in time order. */
export interface Processing {
  /** Data sent to it: what the vendor received beyond its code. */
  sent: EvidenceRecord[];
  /** Identifiers it stored (cookies, storage; not its record of a consent choice). */
  stored: EvidenceRecord[];
  /** Records that only loaded its code. */
  loaded: EvidenceRecord[];
  /** Data whose request was cancelled before any response: it may or may not have reached the vendor. */
  aborted: EvidenceRecord[];
}

/** Groups attributed records by vendor (records in time order), in order of first appearance. */
export function summariseActivity(
  records: readonly EvidenceRecord[],
  facts: ReadonlyMap<string, RecordFacts>,
  vendors: ReadonlyMap<string, Vendor>,
): VendorActivity[] {
  const byVendor = new Map<string, VendorActivity & { records: EvidenceRecord[] }>();
  for (const record of records) {
    const fact = facts.get(record.id);
    const vendor = fact?.by ? vendors.get(fact.vendor) : undefined;
    if (!fact || !vendor) continue;
    let activity = byVendor.get(vendor.id);
    if (!activity) {
      const { id, name, organization, category, consent } = vendor;
      activity = {
        ...{ id, name, organization, category, consent, firstSeen: record.t, hostnames: [], records: [] },
        ...{ requests: 0, payloads: 0, cookies: 0, storage: 0, globals: 0, loaded: 0, sent: 0, stored: 0 },
      };
      byVendor.set(vendor.id, activity);
    }
    activity.records.push(record);
    if (record.kind === 'request') activity.requests++;
    else if (record.kind === 'payload') activity.payloads++;
    else if (record.kind === 'cookie') activity.cookies++;
    else if (record.kind === 'storage') activity.storage++;
    if (fact.hostname && activity.hostnames.length < 50 && !activity.hostnames.includes(fact.hostname)) activity.hostnames.push(fact.hostname);
    if (fact.activity === 'code') activity.loaded++;
    else if (fact.activity === 'data') activity.sent++;
    else if (fact.activity === 'stored') activity.stored++;
  }
  return [...byVendor.values()].sort((a, b) => a.firstSeen - b.firstSeen || a.id.localeCompare(b.id));
}

/** What a vendor did in the phases `inPhase` accepts: data sent, identifiers stored, and loading apart. */
export function processingIn(
  activity: Pick<VendorActivity, 'records'>,
  facts: ReadonlyMap<string, RecordFacts>,
  inPhase: (phase: Phase) => boolean,
): Processing {
  const result: Processing = { sent: [], stored: [], loaded: [], aborted: [] };
  for (const record of activity.records) {
    const fact = facts.get(record.id);
    if (!fact || !inPhase(fact.phase)) continue;
    if (fact.activity === 'data') result.sent.push(record);
    else if (fact.activity === 'stored') result.stored.push(record);
    else if (fact.activity === 'code') result.loaded.push(record);
    else if (fact.activity === 'aborted') result.aborted.push(record);
  }
  return result;
}
