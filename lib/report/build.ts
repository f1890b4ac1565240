import { type ConsentState, type ConsentView, inconclusiveText, type TcSummary } from '../consent/detect-consent';
import { type ConsentChoice, type ConsentEvent, describeInconclusive } from '../consent/timeline';
import type {
  Body,
  CanaryRecord,
  ConsentSignalRecord,
  CookieRecord,
  EvidenceRecord,
  FieldRecord,
  EvidenceSource,
  Finding,
  GlobalRecord,
  Party,
  PayloadRecord,
  Phase,
  RequestRecord,
  StorageRecord,
} from '../model';
import type { VendorActivity } from '../analysis/activity';
import { factsOf, type Scan } from '../analysis/scan';
import type { Activity, Attribution, CnameAlias, HintReason, UnclassifiedSite } from '../classify/attribute';
import { toBase64 } from '../bytes';
import type { MaskingVerdict } from '../replay/masking';

export const REPORT_SCHEMA = 'consent-inspector/report@1';
export const REDACTED = '[redacted]';

export interface ReportMeta {
  generatedAt: number;
  extension: { name: string; version: string };
  browser: { name: string; version?: string; userAgent?: string };
  database: { version: string };
  scenario: string;
  /** When false (the default), cookie values, storage values and payload bodies are replaced by `[redacted]`. */
  includeValues: boolean;
}

export interface ReportBody {
  size: number;
  truncated: boolean;
  form: Body['form'];
  /** Base64 of the kept bytes, only when values are included. */
  base64?: string;
}

/** Vendor id from the bundled database, or `unclassified`. */
type VendorId = string;

/** Added to every record: its vendor and how it was named, what it shows the vendor doing, and its consent phase. */
interface Placed {
  vendor: VendorId;
  phase: Phase;
  /** How the record names its vendor (revision 1.3); absent for unclassified records. */
  attribution?: Attribution;
  /** Revision 1.3: `code` (loading), `data` (sent to the vendor), `stored`, `context` (before the visit), `none`. */
  activity?: Activity;
  /** A vendor the record only resembles (a generic name without the vendor seen, a page global): a hint, not evidence (revision 1.3). */
  resembles?: { vendor: VendorId; reason: HintReason };
}

export interface ReportRequest extends Placed {
  id: string;
  t: number;
  source: EvidenceSource;
  method: string;
  url: string;
  hostname: string;
  site: string;
  party: Party;
  type: string;
  frameId: number;
  frameUrl?: string;
  initiator?: string;
  status?: number;
  error?: string;
  redirects: string[];
  setCookieCount: number;
  /** DNS canonical name of a first-party subdomain that points elsewhere (Firefox). */
  cname?: string;
  body?: ReportBody;
  /** Rebuilt from its response after a service-worker stop lost its start: `t` is the response time, no body. */
  recovered?: true;
}

export interface ReportPayload extends Placed {
  id: string;
  t: number;
  source: EvidenceSource;
  api: PayloadRecord['api'];
  method: string;
  url: string;
  site: string;
  party: Party;
  frameId: number;
  frameUrl?: string;
  script?: string;
  body?: ReportBody;
}

export type ReportCookie = Omit<CookieRecord, 'kind' | 'visitId'> & Placed & { party: Party };
export type ReportStorage = Omit<StorageRecord, 'kind' | 'visitId'> & Placed;
export type ReportGlobal = Omit<GlobalRecord, 'kind' | 'visitId'> & Placed;
export type ReportConsentSignal = Omit<ConsentSignalRecord, 'kind' | 'visitId'> & { choice?: ConsentChoice };
/** A decoded TC string: what it consents to, not the string itself (which the signal or request already shows). */
export type ReportTcString = Omit<TcSummary, 'purposeConsents' | 'purposeLegitimateInterests'> & {
  purposesConsented: number[];
  legitimateInterestPurposes: number[];
};
export interface ReportConsent {
  cmps: string[];
  choice?: ConsentChoice;
  choiceAt?: number;
  /** The consent state at the end of the visit, per purpose when known. */
  state: ConsentState;
  /** Consent timeline: CMP detected, banner shown, choice, choice changed, revoked; each with its source. */
  events: ConsentEvent[];
  /** Phase changes in time order. */
  transitions: { t: number; phase: Phase }[];
  /** All inconclusive reasons in one text (absent when the timeline is conclusive). */
  inconclusive?: string;
  inconclusiveReasons: { kind: string; text: string }[];
  /** Decoded TC strings, once each, where first seen (`tcf-api`, `storage`, `request`). */
  tcStrings: ReportTcString[];
  /** The page's consent signals as recorded (TCF events, Consent Mode commands, autoconsent and scenario steps). */
  signals: ReportConsentSignal[];
}
export type ReportVendor = Omit<VendorActivity, 'records'>;
export type ReportField = Omit<FieldRecord, 'kind' | 'visitId'>;
export interface ReportRecorder {
  vendor: string;
  loadedAt: number;
  loadedPhase: Phase;
  recordingAt?: number;
  recordingPhase?: Phase;
  recordingVia?: 'ingest' | 'rrweb-payload';
  ingestRequests: number;
}
export type ReportCanary = Omit<CanaryRecord, 'kind' | 'visitId'>;
export interface ReportLeak {
  canary: string;
  selector: string;
  fieldKind: FieldRecord['fieldKind'];
  record: string;
  url: string;
  vendor: string;
  t: number;
  phase: Phase;
  where: 'body' | 'url';
  matchKind: string;
  chain: string[];
  rrweb: boolean;
}
/** Where decoding an outgoing body or URL stopped: at a cap (zip bomb, deep nesting) or on a broken stream. */
export interface ReportDecodeLimit {
  record: string;
  url: string;
  where: 'body' | 'url';
  chain: string[];
  capped?: 'layer' | 'total' | 'depth';
  error?: 'truncated' | 'corrupt';
}
export interface ReportMasking {
  vendor: string;
  field: string;
  selector: string;
  fieldKind: FieldRecord['fieldKind'];
  verdict: MaskingVerdict;
  reason: string;
  marker?: string;
  proof: 'static' | 'canary';
}

export interface Report {
  schema: typeof REPORT_SCHEMA;
  generatedAt: string;
  extension: ReportMeta['extension'];
  browser: ReportMeta['browser'];
  database: ReportMeta['database'];
  scenario: string;
  redacted: boolean;
  page: { url: string; title?: string; site: string };
  visit: { id: string; startedAt: string; dropped: number };
  summary: {
    requests: number;
    thirdPartyRequests: number;
    thirdPartySites: string[];
    payloads: number;
    cookies: number;
    storage: number;
    globals: number;
    vendors: number;
    unclassifiedSites: number;
  };
  /** Consent managers detected, the visitor's choice and when (ms since the visit started), and the signals read. */
  consent: ReportConsent;
  /** Every vendor seen, in order of first appearance. */
  vendors: ReportVendor[];
  /** Third-party sites no vendor file covers. */
  unclassifiedSites: UnclassifiedSite[];
  /** Session recorders: when each was loaded and, separately, when it started sending recordings. */
  recorders: ReportRecorder[];
  /** Fillable fields of the page's frames, with the masking markers around them. */
  fields: ReportField[];
  /** Each session recorder's treatment of each field: masked, unmasked, or depends on a setting, and why. */
  masking: ReportMasking[];
  /** Values the canary test typed (synthetic, never personal data), when it ran. */
  canaries: ReportCanary[];
  /** Where the typed values went: each canary found in a request body or URL, with the decoding chain. */
  leaks: ReportLeak[];
  /** Canary test: where decoding stopped at a cap or on a broken stream (what lies beyond was not searched). */
  decodeLimits: ReportDecodeLimit[];
  /** First-party subdomains that are DNS aliases of a vendor (CNAME cloaking); Firefox only. */
  cnameAliases: CnameAlias[];
  requests: ReportRequest[];
  payloads: ReportPayload[];
  cookies: ReportCookie[];
  storage: ReportStorage[];
  globals: ReportGlobal[];
  findings: Finding[];
}

/** Builds the exportable report of one visit from its scan (records in time order, classified). Pure. */
export function buildReport(scan: Scan, findings: readonly Finding[], meta: ReportMeta): Report {
  const { visit, records: sorted } = scan;
  const place = (r: { id: string }): Placed => {
    const fact = factsOf(scan, r);
    return {
      vendor: fact.vendor,
      phase: fact.phase,
      ...(fact.by && { attribution: fact.by }),
      activity: fact.activity,
      ...(fact.hint && { resembles: { vendor: fact.hint.vendor, reason: fact.hint.reason } }),
    };
  };
  const requests = sorted
    .filter((r): r is RequestRecord => r.kind === 'request')
    .map((r) => toReportRequest(r, factsOf(scan, r), meta.includeValues, place(r)));
  const payloads = sorted
    .filter((r): r is PayloadRecord => r.kind === 'payload')
    .map((r) => toReportPayload(r, factsOf(scan, r), meta.includeValues, place(r)));
  const cookies = sorted
    .filter((r): r is CookieRecord => r.kind === 'cookie')
    .map(({ kind, visitId, ...c }) => ({
      ...c,
      value: redact(c.value, meta.includeValues),
      party: factsOf(scan, c).party,
      ...place(c),
    }));
  const storage = sorted
    .filter((r): r is StorageRecord => r.kind === 'storage')
    .map(({ kind, visitId, ...s }) => ({ ...s, ...(s.value !== undefined && { value: redact(s.value, meta.includeValues) }), ...place(s) }));
  const globals = sorted.filter((r): r is GlobalRecord => r.kind === 'global').map(({ kind, visitId, ...g }) => ({ ...g, ...place(g) }));
  const third = requests.filter((r) => r.party === 'third');
  return {
    schema: REPORT_SCHEMA,
    generatedAt: new Date(meta.generatedAt).toISOString(),
    extension: meta.extension,
    browser: meta.browser,
    database: meta.database,
    scenario: meta.scenario,
    redacted: !meta.includeValues,
    page: { url: visit.url, ...(visit.title && { title: visit.title }), site: visit.site },
    visit: { id: visit.id, startedAt: new Date(visit.startedAt).toISOString(), dropped: visit.dropped },
    summary: {
      requests: requests.length,
      thirdPartyRequests: third.length,
      thirdPartySites: [...new Set(third.map((r) => r.site).filter(Boolean))].sort(),
      payloads: payloads.length,
      cookies: cookies.length,
      storage: storage.length,
      globals: globals.length,
      vendors: scan.activity.length,
      unclassifiedSites: scan.unclassifiedSites.length,
    },
    consent: toReportConsent(scan.consent, sorted),
    vendors: scan.activity.map(({ records, ...vendor }) => ({ ...vendor, hostnames: [...vendor.hostnames] })),
    unclassifiedSites: scan.unclassifiedSites.map((s) => ({ ...s, hostnames: [...s.hostnames] })),
    cnameAliases: scan.cnameAliases.map((a) => ({ ...a })),
    recorders: scan.recorders.map((r) => ({
      vendor: r.vendor.id,
      loadedAt: r.loaded.t,
      loadedPhase: factsOf(scan, r.loaded).phase,
      ...(r.recording && { recordingAt: r.recording.t, recordingPhase: factsOf(scan, r.recording).phase, recordingVia: r.recordingVia }),
      ingestRequests: r.ingest.length,
    })),
    fields: sorted.filter((r): r is FieldRecord => r.kind === 'field').map(({ kind, visitId, ...f }) => f),
    masking: scan.masking.map((m) => ({
      vendor: m.vendor,
      field: m.field.id,
      selector: m.field.selector,
      fieldKind: m.field.fieldKind,
      verdict: m.verdict,
      reason: m.reason,
      ...(m.marker && { marker: m.marker }),
      proof: m.proof,
    })),
    canaries: sorted.filter((r): r is CanaryRecord => r.kind === 'canary').map(({ kind, visitId, ...c }) => c),
    leaks: scan.leaks.map((l) => ({
      canary: l.canary.id,
      selector: l.canary.selector,
      fieldKind: l.canary.fieldKind,
      record: l.record.id,
      url: l.record.url,
      vendor: factsOf(scan, l.record).vendor,
      t: l.record.t,
      phase: factsOf(scan, l.record).phase,
      where: l.where,
      matchKind: l.matchKind,
      chain: [...l.chain],
      rrweb: l.rrweb,
    })),
    decodeLimits: (scan.decodeLimits ?? []).map((d) => ({
      record: d.record.id,
      url: d.record.url,
      where: d.where,
      chain: [...d.chain],
      ...(d.capped && { capped: d.capped }),
      ...(d.error && { error: d.error }),
    })),
    requests,
    payloads,
    cookies,
    storage,
    globals,
    findings: [...findings],
  };
}

function toReportConsent(consent: ConsentView, records: readonly EvidenceRecord[]): ReportConsent {
  const choiceOf = new Map(consent.observations.map((o) => [o.record, o.choice]));
  const inconclusive = inconclusiveText(consent);
  return {
    cmps: [...consent.cmps],
    ...(consent.choice && { choice: consent.choice }),
    ...(consent.choiceAt !== undefined && { choiceAt: consent.choiceAt }),
    state: structuredClone(consent.state),
    events: consent.events.map((e) => structuredClone(e)),
    transitions: consent.transitions.map((t) => ({ ...t })),
    ...(inconclusive && { inconclusive }),
    inconclusiveReasons: consent.inconclusive.map((r) => ({ kind: r.kind, text: describeInconclusive(r) })),
    tcStrings: consent.tcStrings.map(({ purposeConsents, purposeLegitimateInterests, ...tc }) => ({
      ...tc,
      purposesConsented: [...purposeConsents],
      legitimateInterestPurposes: [...purposeLegitimateInterests],
      specialFeatureOptins: [...tc.specialFeatureOptins],
    })),
    signals: records
      .filter((r): r is ConsentSignalRecord => r.kind === 'consent')
      .map(({ kind, visitId, ...signal }) => {
        const choice = choiceOf.get(signal.id);
        return { ...signal, params: { ...signal.params }, ...(choice && { choice }) };
      }),
  };
}

function toReportRequest(r: RequestRecord, fact: { hostname?: string; site: string; party: Party }, includeValues: boolean, placed: Placed): ReportRequest {
  return {
    id: r.id,
    ...placed,
    t: r.t,
    source: r.source,
    method: r.method,
    url: r.url,
    hostname: fact.hostname ?? '',
    site: fact.site,
    party: fact.party,
    type: r.type,
    frameId: r.frameId,
    ...(r.frameUrl && { frameUrl: r.frameUrl }),
    ...(r.initiator && { initiator: r.initiator }),
    ...(r.status !== undefined && { status: r.status }),
    ...(r.error && { error: r.error }),
    redirects: r.redirects,
    setCookieCount: r.setCookies.length,
    ...(r.cname && { cname: r.cname }),
    ...(r.body && { body: toReportBody(r.body, includeValues) }),
    ...(r.recovered && { recovered: true as const }),
  };
}

function toReportPayload(r: PayloadRecord, fact: { site: string; party: Party }, includeValues: boolean, placed: Placed): ReportPayload {
  return {
    id: r.id,
    ...placed,
    t: r.t,
    source: r.source,
    api: r.api,
    method: r.method,
    url: r.url,
    site: fact.site,
    party: fact.party,
    frameId: r.frameId,
    ...(r.frameUrl && { frameUrl: r.frameUrl }),
    ...(r.script && { script: r.script }),
    ...(r.body && { body: toReportBody(r.body, includeValues) }),
  };
}

function toReportBody(body: Body, includeValues: boolean): ReportBody {
  return {
    size: body.size,
    truncated: body.truncated,
    form: body.form,
    ...(includeValues && { base64: toBase64(body.bytes) }),
  };
}

function redact(value: string, includeValues: boolean): string {
  return includeValues ? value : REDACTED;
}
