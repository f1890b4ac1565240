import type { Attributed } from '../classify/attribute';
import { compileUrlPattern, matchesAny } from '../classify/url-pattern';
import type { Vendor } from '../classify/vendor';
import type { EvidenceRecord } from '../model';

export interface RecorderEvidence {
  /** In time order. */
  records: readonly EvidenceRecord[];
  facts: ReadonlyMap<string, Pick<Attributed, 'vendor' | 'activity'>>;
  vendors: ReadonlyMap<string, Vendor>;
  /** Requests and payloads whose decoded body holds rrweb-shaped events. */
  recordings: ReadonlySet<string>;
  /** The database entry for self-hosted rrweb, which rrweb payloads no loaded recorder explains are put on. */
  rrweb?: Vendor;
}

/** What one session recorder did in a visit: on the page (its recorder code or its identifiers) and, separately, recording. */
export interface RecorderActivity {
  vendor: Vendor;
  /** First sign the recorder is on the page: its recorder script, its traffic or what it stored. */
  loaded: EvidenceRecord;
  /** First evidence that it sends recordings: traffic to an endpoint that only takes recordings, or an rrweb payload. */
  recording?: EvidenceRecord;
  recordingVia?: 'ingest' | 'rrweb-payload';
  /** Every record of this recorder's recording traffic, in time order. */
  ingest: EvidenceRecord[];
  /**
   * Recording uploads cancelled before any response (a flush the next navigation cut off), in time order: the recorder
   * had recorded something to send, but whether its vendor received it cannot be proven. Never in `ingest`.
   */
  cutOff: EvidenceRecord[];
}

const patternCache = new WeakMap<Vendor, { scripts: RegExp[]; ingest: RegExp[] }>();

/**
 * Finds the session recorders of a visit. A vendor whose product is replay is a recorder wherever its code, traffic or
 * identifiers are attributed; an analytics SDK with an optional replay module only when the module's own script or a
 * recording endpoint is seen, or a recording goes to it. A name (a page global) is never enough. rrweb-shaped payloads
 * to a host no recorder owns (a first-party proxy) are put on the recorder the page loaded, or on self-hosted rrweb.
 */
export function detectRecorders({ records, facts, vendors, recordings, rrweb }: RecorderEvidence): RecorderActivity[] {
  const byVendor = new Map<string, RecorderActivity>();
  const orphans: EvidenceRecord[] = [];
  const note = (vendor: Vendor, record: EvidenceRecord) => {
    const activity = byVendor.get(vendor.id) ?? { vendor, loaded: record, ingest: [], cutOff: [] };
    byVendor.set(vendor.id, activity);
    return activity;
  };
  const record_ = (activity: RecorderActivity, record: EvidenceRecord, via: 'ingest' | 'rrweb-payload') => {
    activity.ingest.push(record);
    if (!activity.recording) {
      activity.recording = record;
      activity.recordingVia = via;
    }
  };
  for (const record of records) {
    const fact = facts.get(record.id);
    const vendor = fact ? vendors.get(fact.vendor) : undefined;
    const isOutgoing = record.kind === 'request' || record.kind === 'payload';
    // An upload cancelled before any response (a flush the next navigation cut off) may never have arrived: it shows
    // the recorder, not that it recorded for its vendor.
    const delivered = fact?.activity !== 'aborted';
    const shaped = isOutgoing && delivered && recordings.has(record.id);
    const cutShaped = isOutgoing && !delivered && recordings.has(record.id);
    if (!vendor || fact?.activity === 'none' || fact?.activity === 'context') {
      if (shaped) orphans.push(record);
      continue;
    }
    const replay = vendor.sessionReplay;
    const url = isOutgoing ? record.url : '';
    const ingest = replay !== undefined && isOutgoing && isIngest(vendor, url);
    const recorderCode = replay !== undefined && isOutgoing && matchesAny(patternsOf(vendor).scripts, url);
    if (!shaped && !cutShaped && !ingest && !recorderCode && !(replay && vendor.category === 'session-replay')) continue;
    const activity = note(vendor, record);
    if (ingest && delivered) record_(activity, record, 'ingest');
    else if (shaped) record_(activity, record, 'rrweb-payload');
    else if (ingest || cutShaped) activity.cutOff.push(record);
  }
  for (const record of orphans) {
    const target = [...byVendor.values()].find((a) => !a.recording) ?? [...byVendor.values()][0];
    if (target) record_(target, record, 'rrweb-payload');
    else if (rrweb) record_(note(rrweb, record), record, 'rrweb-payload');
  }
  for (const activity of byVendor.values()) {
    activity.ingest.sort((a, b) => a.t - b.t);
    activity.cutOff.sort((a, b) => a.t - b.t);
    const first = activity.ingest[0];
    if (first && (!activity.recording || first.t < activity.recording.t)) activity.recording = first;
  }
  return [...byVendor.values()].sort((a, b) => a.loaded.t - b.loaded.t);
}

/**
 * Traffic to an ingest endpoint, not to the loader: vendors whose ingest is "any host of ours" (`*.mouseflow.com`,
 * `*.crazyegg.com`, `*.contentsquare.net`…) serve their loader from one of those hosts too, and loading is not recording.
 */
function isIngest(vendor: Vendor, url: string): boolean {
  const { scripts, ingest } = patternsOf(vendor);
  return matchesAny(ingest, url) && !matchesAny(scripts, url);
}

function patternsOf(vendor: Vendor): { scripts: RegExp[]; ingest: RegExp[] } {
  let patterns = patternCache.get(vendor);
  if (!patterns) {
    const replay = vendor.sessionReplay;
    patterns = { scripts: (replay?.scripts ?? []).map(compileUrlPattern), ingest: (replay?.ingest ?? []).map(compileUrlPattern) };
    patternCache.set(vendor, patterns);
  }
  return patterns;
}
