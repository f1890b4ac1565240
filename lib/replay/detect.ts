import type { Vendor } from '../classify/vendor';
import type { EvidenceRecord, PayloadRecord, RequestRecord } from '../model';
import { decodePayload } from './decode';
import { hasRrwebShape } from './rrweb-shape';

export interface RecorderEvidence {
  /** In time order. */
  records: readonly EvidenceRecord[];
  vendorOf: ReadonlyMap<string, string>;
  vendors: ReadonlyMap<string, Vendor>;
}

/** What one session recorder did in a visit: present (loader, globals, cookies) and, separately, recording. */
export interface RecorderActivity {
  vendor: Vendor;
  /** First sign the recorder is on the page: its loader script, a request to it, its global or its cookie. */
  loaded: EvidenceRecord;
  /** First evidence that it sends recordings: traffic to an ingest endpoint, or an rrweb-shaped payload. */
  recording?: EvidenceRecord;
  recordingVia?: 'ingest' | 'rrweb-payload';
  /** Every record of this recorder's ingest traffic, in time order. */
  ingest: EvidenceRecord[];
}

const MAX_BODIES_DECODED = 200;
const patternCache = new WeakMap<Vendor, { scripts: RegExp[]; ingest: RegExp[] }>();

/**
 * Finds the session recorders of a visit: by vendor (category session-replay, or any vendor with replay metadata),
 * separating the loader from ingest traffic; plus rrweb-shaped payloads sent to any host, first-party proxies
 * included, attributed to the recorder the page loaded (or to self-hosted rrweb when none).
 */
export function detectRecorders(evidence: RecorderEvidence, rrwebVendor?: Vendor): RecorderActivity[] {
  const byVendor = new Map<string, RecorderActivity>();
  for (const record of evidence.records) {
    const vendorId = evidence.vendorOf.get(record.id);
    const vendor = vendorId ? evidence.vendors.get(vendorId) : undefined;
    if (!vendor?.sessionReplay || !isRecorderVendor(vendor, record)) continue;
    let activity = byVendor.get(vendor.id);
    if (!activity) {
      activity = { vendor, loaded: record, ingest: [] };
      byVendor.set(vendor.id, activity);
    }
    if ((record.kind === 'request' || record.kind === 'payload') && isIngest(vendor, record.url)) {
      activity.ingest.push(record);
      if (!activity.recording) {
        activity.recording = record;
        activity.recordingVia = 'ingest';
      }
    }
  }
  // The rrweb fingerprint (`__rrweb_original__`) only says an rrweb-family recorder runs. When the page also has a
  // vendor's recorder (PostHog, Sentry, Mixpanel… all bundle rrweb), the fingerprint is that vendor's, not a
  // self-hosted rrweb of its own.
  const own = rrwebVendor && byVendor.get(rrwebVendor.id);
  if (own && !own.recording && byVendor.size > 1) byVendor.delete(rrwebVendor.id);
  const shaped = findRrwebPayloads(evidence.records);
  const first = shaped[0];
  if (first) {
    const target = [...byVendor.values()].find((a) => !a.recording) ?? [...byVendor.values()][0];
    if (target) {
      if (!target.recording || first.t < target.recording.t) {
        target.recording = first;
        target.recordingVia = 'rrweb-payload';
      }
      target.ingest.push(...shaped.filter((r) => !target.ingest.includes(r)));
      target.ingest.sort((a, b) => a.t - b.t);
    } else if (rrwebVendor) {
      byVendor.set(rrwebVendor.id, { vendor: rrwebVendor, loaded: first, recording: first, recordingVia: 'rrweb-payload', ingest: shaped });
    }
  }
  return [...byVendor.values()].sort((a, b) => a.loaded.t - b.loaded.t);
}

/**
 * A vendor counts as a recorder when replay is its product (category session-replay); analytics vendors with a
 * replay add-on count only when their replay scripts or ingest endpoints are seen.
 */
function isRecorderVendor(vendor: Vendor, record: EvidenceRecord): boolean {
  if (vendor.category === 'session-replay') return true;
  if (record.kind !== 'request' && record.kind !== 'payload') return false;
  const { scripts, ingest } = patternsOf(vendor);
  return matchesAny(scripts, record.url) || matchesAny(ingest, record.url);
}

/**
 * Traffic to an ingest endpoint, not to the loader: vendors whose ingest is "any host of ours" (`*.mouseflow.com`,
 * `*.crazyegg.com`, `*.contentsquare.net`…) serve their loader from one of those hosts too, and loading is not recording.
 */
function isIngest(vendor: Vendor, url: string): boolean {
  const { scripts, ingest } = patternsOf(vendor);
  return matchesAny(ingest, url) && !matchesAny(scripts, url);
}

function findRrwebPayloads(records: readonly EvidenceRecord[]): (RequestRecord | PayloadRecord)[] {
  const found: (RequestRecord | PayloadRecord)[] = [];
  let decoded = 0;
  for (const record of records) {
    if ((record.kind !== 'request' && record.kind !== 'payload') || !record.body || record.body.bytes.length < 40) continue;
    if (++decoded > MAX_BODIES_DECODED) break;
    const layers = decodePayload(record.body.bytes, { maxTotalBytes: 4 * 1024 * 1024 });
    if (layers.some((layer) => layer.chain.at(-1) === 'json' && looksRrweb(layer.text))) found.push(record);
  }
  return found;
}

function looksRrweb(text: string): boolean {
  if (!text.includes('"type"') || !text.includes('"data"')) return false;
  try {
    return hasRrwebShape(JSON.parse(text));
  } catch {
    return false;
  }
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

/**
 * `host/path*` patterns from the vendor files: `*` matches any run of characters; a pattern without a path matches
 * the whole host and anything under it. Matched against the URL without its scheme, case-insensitively.
 */
export function compileUrlPattern(pattern: string): RegExp {
  const hasPath = pattern.includes('/');
  const body = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}${hasPath ? '' : '(?=[:/?#]|$)'}`, 'i');
}

export function matchesAny(patterns: readonly RegExp[], url: string): boolean {
  const rest = url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  return patterns.some((re) => re.test(rest));
}
