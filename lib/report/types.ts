import type { Message } from '../i18n/message';
import type { Lang } from '../i18n/translate';
import type { VendorActivity } from '../scan/activity';
import type { Activity, Attribution, CnameAlias, HintReason, UnclassifiedSite } from '../classify/attribute';
import type { ConsentState, TcSummary } from '../consent/detect-consent';
import type { ConsentChoice, ConsentEvent } from '../consent/timeline';
import type {
  Body,
  CaptureLevel,
  CanaryRecord,
  ConsentSignalRecord,
  CookieRecord,
  EvidenceSource,
  FieldRecord,
  GlobalRecord,
  Header,
  Party,
  PayloadRecord,
  Phase,
  ScreenshotDrop,
  ScreenshotReason,
  StorageRecord,
} from '../model';
import type { Finding } from '../finding';
import type { RuleId } from '../findings/rules/index';
import type { MaskingBasis, MaskingVerdict } from '../replay/masking';

/**
 * The exported report: a public contract, described by report.schema.json (checked against these types by
 * tests/meta/report-schema.test.ts) and documented in docs/report-format.md.
 */

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
  /**
   * Requests' headers (revision 1.8). The exports that carry them ask for them; the report the popup keeps in memory
   * leaves them out, as they would double the worker's heap on a 10,000-request visit.
   */
  includeHeaders?: boolean;
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
export interface Placed {
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
  /** Revision 1.8: when its headers were handed to the network, and when the response headers arrived (ms). */
  sentAt?: number;
  responseAt?: number;
  /** Revision 1.8: the response status line as the browser gave it (`HTTP/1.1 200 OK`). */
  statusLine?: string;
  /** Revision 1.8: headers as sent and received, capped; identifying values `[redacted]` unless values are included. */
  requestHeaders?: Header[];
  responseHeaders?: Header[];
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
  /** `message` (revision 1.7): the reason as a catalogue key and parameters, `text` it in the report's language. */
  inconclusiveReasons: { kind: string; text: string; message?: Message }[];
  /** Decoded TC strings, once each, where first seen (`tcf-api`, `storage`, `request`). */
  tcStrings: ReportTcString[];
  /** The page's consent signals as recorded (TCF events, Consent Mode commands, autoconsent and scenario steps). */
  signals: ReportConsentSignal[];
}
export type ReportVendor = Omit<VendorActivity, 'records'>;
export type ReportField = Omit<FieldRecord, 'kind' | 'visitId'>;
export interface ReportRecorderConfig {
  /** Where the options were read (`posthog.init`, `DD_RUM.getInitConfiguration`). */
  via: string[];
  /** `off`: the configuration says the replay module will not record (a sample rate of 0, recording disabled). */
  replay?: 'off' | 'on';
  replayReason?: string;
  /** What it said about inputs and text, in words (`defaultPrivacyLevel: allow`). */
  said: string[];
}

export interface ReportRecorder {
  vendor: string;
  loadedAt: number;
  loadedPhase: Phase;
  recordingAt?: number;
  recordingPhase?: Phase;
  recordingVia?: 'ingest' | 'rrweb-payload';
  ingestRequests: number;
  /**
   * What the page handed the recorder's init call, where it was visible (revision 1.3). Page-reported: it explains
   * verdicts, and never hides recording traffic.
   */
  config?: ReportRecorderConfig;
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
  /** What decided the verdict (revision 1.3): a marker, the recorder's visible configuration, its documented default, or the canary test. */
  basis?: MaskingBasis;
}

export interface Report {
  schema: typeof REPORT_SCHEMA;
  /** The language of the report's texts (revision 1.7); ids and keys are the same in every language. */
  lang: Lang;
  generatedAt: string;
  extension: ReportMeta['extension'];
  browser: ReportMeta['browser'];
  database: ReportMeta['database'];
  scenario: string;
  redacted: boolean;
  page: { url: string; title?: string; site: string };
  visit: {
    id: string;
    startedAt: string;
    dropped: number;
    /** Evidence of the visit that could not be stored: the storage quota was reached even after deleting older visits (revision 1.5). */
    truncated?: { reason: 'storage-full'; at: string; lost: number };
    /** The extension was updated while the visit was open: its evidence ends `at` (revision 1.10). */
    interrupted?: { reason: 'extension-updated'; at: string; from?: string; to: string };
    /**
     * The cookie store of the visit's tab (revision 1.10): Firefox `firefox-default`, `firefox-private` or a
     * container's; Chromium `0`, or `1` for incognito windows (revision 1.12).
     */
    cookieStore?: string;
    /** The visit's tab was in a private (Firefox) or incognito (Chromium) window (revision 1.12). */
    private?: true;
    /**
     * Revision 1.11: how much of the visit's traffic was captured. `everyday`: request URLs, redirects, errors,
     * cookies, storage and the page probe's calls, but not the network's request bodies, request headers or response
     * headers (`Set-Cookie`). `full`: everything. `fullFrom`: an everyday visit whose tab was inspected while it was
     * open is full from this time (ms since the visit started). Absent in reports of earlier revisions (all `full`).
     */
    capture?: { level: CaptureLevel; fullFrom?: number };
  };
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
  /**
   * Revision 1.9: what happened before the choice, after a refusal and during the masking test, in counts of vendors
   * (from the findings), and what was not checked; with two or three sentences saying it in `lang`.
   */
  overview: ReportOverview;
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
  /**
   * Screenshots of the audited tab in a reject/accept audit (revision 1.6), in time order: at first paint, when the
   * banner was found, right after the choice. `dataUrl` only when screenshots were included.
   */
  screenshots: ReportScreenshot[];
  /** Screenshots not kept, and why (revision 1.6). */
  screenshotsDropped: ReportScreenshotDropped[];
  /** Each with the id of the rule that made it (`RuleId`: the rule registry's ids, the schema's enum). */
  findings: Finding<RuleId>[];
}

/** Counts are of vendors (distinct vendors among the findings of the rules named), never of cookies or requests. */
export interface ReportOverview {
  /**
   * `observed`; `no-banner`: no consent manager and no choice, so the whole visit is before any choice; `not-observed`:
   * the choice was stored before the page loaded (counts are then 0).
   */
  beforeChoice: {
    status: 'observed' | 'no-banner' | 'not-observed';
    /** tracker-before-consent (not `info`). */
    sent: number;
    /** tracker-before-consent at `info`: audience measurement that may be exempt. */
    mayBeExempt: number;
    /** cookie-before-consent, and tracker-before-consent vendors that stored identifiers. */
    stored: number;
    /** replay-before-consent, where a recording was delivered. */
    recorded: number;
    /** replay-before-consent where every recording upload was cut off before any response: unverified (revision 1.14). */
    recordedUnverified?: number;
  };
  /**
   * `tested` (refused, confirmed), `partial` (some purposes refused), `unconfirmed` (the refusal is not confirmed by
   * the consent manager's stored state), `not-answered` (the refusal test found no banner to answer), `accepted`,
   * `not-tested`.
   */
  refusal: {
    status: 'tested' | 'partial' | 'unconfirmed' | 'not-answered' | 'accepted' | 'not-tested';
    /** tracker-after-refusal. */
    sent: number;
    /** replay-after-refusal, where a recording was delivered. */
    recorded: number;
    /** replay-after-refusal where every recording upload was cut off before any response: unverified (revision 1.14). */
    recordedUnverified?: number;
    /**
     * replay-after-refusal where every upload left within a second of a refusal made during the visit and nothing was
     * recorded later (`details.unverified: "at-answer"`): maybe only the flush of what was recorded before the choice,
     * unverified (revision 1.15).
     */
    recordedAtAnswer?: number;
    /** consent-stored-despite-refusal fired. */
    consentStored: boolean;
  };
  /** `tested` when the canary test typed values. Recorder counts are 0 when it did not run. */
  masking: {
    status: 'tested' | 'not-tested';
    /** Fields typed into. */
    fields: number;
    /** Session recorders seen on the page. */
    recorders: number;
    /** Recorders that captured a typed value (replay-unmasked-input). */
    unmasked: number;
    /** Recorders that sent recordings during the test and masked every typed value. */
    masked: number;
    /** Recorders the test could not prove either way (nothing sent during it, or events they ignore). */
    unverified: number;
    /** Other third parties that received typed values (form-data-leak). */
    otherRecipients: number;
    /** Payloads whose decoding stopped at a cap or a broken stream: not fully searched. */
    notSearched: number;
  };
  /** `text` in the report's language, `message` its catalogue key and parameters. */
  sentences: { part: 'before-choice' | 'refusal' | 'masking'; text: string; message: Message }[];
}

export interface ReportScreenshot {
  id: string;
  t: number;
  /** The consent phase at `t`. */
  phase: Phase;
  reason: ScreenshotReason;
  /** `t` minus `consent.choiceAt` (negative before the choice); absent without a choice. */
  fromChoice?: number;
  width: number;
  height: number;
  /** Size of the image in bytes. */
  bytes: number;
  /** `data:image/jpeg;base64,…` (or PNG), only when screenshots were included. */
  dataUrl?: string;
}

export interface ReportScreenshotDropped {
  t: number;
  reason: ScreenshotReason;
  /** `not-visible` (the tab was not the one the user saw), `too-many`, `too-large`, `failed`. */
  why: ScreenshotDrop;
}

/** Builds the exportable report of one visit from its scan (records in time order, classified). Pure. */
