/**
 * The shared nouns of the pipeline: capture → classify → consent → detect → findings → report.
 * Everything here is plain, structured-cloneable data: it goes to IndexedDB and through messages as is.
 */

/**
 * Where a record came from. Only `network` is the browser's own account; `probe` and `snapshot` come from the page;
 * `audit` records what the extension itself did in an audit the user started (the canary values it typed).
 */
export const EVIDENCE_SOURCES = ['network', 'probe', 'snapshot', 'audit'] as const;
export type EvidenceSource = (typeof EVIDENCE_SOURCES)[number];

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const PHASES = ['before-choice', 'after-accept', 'after-refusal', 'after-revocation', 'no-cmp', 'unknown'] as const;
export type Phase = (typeof PHASES)[number];

export type Party = 'first' | 'third';

/** A request or payload body, kept as raw bytes so later stages can decode it. */
export interface Body {
  /** Bytes actually kept (at most the capture limit). */
  bytes: Uint8Array;
  /** Size of the whole body as sent, in bytes (may exceed `bytes.length`). */
  size: number;
  truncated: boolean;
  /** How the browser or the page handed the body over. */
  form: 'raw' | 'form-data' | 'text' | 'blob' | 'array-buffer' | 'url-search-params' | 'stream' | 'unknown';
  /** Key/value pairs when the body was a form (webRequest `formData`, or a page FormData). */
  fields?: Record<string, string[]>;
}

/** An HTTP header as the browser reported it (capped at capture: see lib/capture/headers.ts). */
export interface Header {
  name: string;
  value: string;
}

interface RecordBase {
  /** Unique within the visit: `<kind>:<counter>` or `<kind>:<browser request id>`. */
  id: string;
  visitId: string;
  /** Milliseconds since the visit started. */
  t: number;
  source: EvidenceSource;
  /** Browser frame id (0 = top frame); -1 when unknown. */
  frameId: number;
  frameUrl?: string;
}

export type RequestType =
  | 'main_frame'
  | 'sub_frame'
  | 'stylesheet'
  | 'script'
  | 'image'
  | 'font'
  | 'object'
  | 'xmlhttprequest'
  | 'ping'
  | 'beacon'
  | 'csp_report'
  | 'media'
  | 'websocket'
  | 'webtransport'
  | 'other';

export interface RequestRecord extends RecordBase {
  kind: 'request';
  source: 'network';
  requestId: string;
  method: string;
  url: string;
  type: RequestType;
  initiator?: string;
  status?: number;
  error?: string;
  /** URLs this request was redirected from, oldest first; `url` is the final one. */
  redirects: string[];
  body?: Body;
  /** Raw response `Set-Cookie` header values, capped. */
  setCookies: string[];
  /** Canonical name (DNS CNAME target) of a first-party subdomain, when it differs; Firefox only (`dns.resolve`). */
  cname?: string;
  /** When the request failed (ms since the visit started), with `error`. */
  completedAt?: number;
  /** When its headers were handed to the network, and when the response headers arrived (ms since the visit started). */
  sentAt?: number;
  responseAt?: number;
  /** The response's status line as the browser gave it (`HTTP/1.1 200 OK`). */
  statusLine?: string;
  /** Headers as sent (the last hop's, after other extensions' changes) and as received (the last response's). */
  requestHeaders?: Header[];
  responseHeaders?: Header[];
  /**
   * Captured at the everyday level (`CaptureLevel`): its body, headers and status were not listened for, so their
   * absence proves nothing (a request without a status may well have been answered).
   */
  everyday?: true;
  /**
   * Set when the request's start was never recorded (the service worker was stopped while handling it) and the record
   * was rebuilt from its response or error: `t` is then the response time and there is no body.
   */
  recovered?: true;
  /**
   * Firefox: the request names a document URL other than its frame's, and no document id. A Web Worker's requests name
   * its origin only; a worker of the page being left can still send as the next page begins (`pageLeftSends`).
   * `'origin'`: a fetch or XHR naming its frame's URL, which is a bare origin (`https://host/`), and no document id:
   * the page's own or a worker's, which only the page's hooks can tell.
   */
  offDocument?: true | 'origin';
}

/** A payload seen by the MAIN-world probe: what the page handed to fetch/XHR/sendBeacon/WebSocket. */
export interface PayloadRecord extends RecordBase {
  kind: 'payload';
  source: 'probe';
  api: 'fetch' | 'xhr' | 'beacon' | 'websocket';
  method: string;
  url: string;
  body?: Body;
  /** URL of the script that made the call, from the stack, when known. */
  script?: string;
}

export type SameSite = 'no_restriction' | 'lax' | 'strict' | 'unspecified';

export interface CookieRecord extends RecordBase {
  kind: 'cookie';
  /**
   * `header`: a Set-Cookie response header; `script`: a document.cookie write; `store`: cookies.onChanged; `jar`: the
   * cookie was already in the browser's jar for the top-level URL when the visit started (t = 0, from an earlier
   * visit). Jar records are context, not activity of this visit: they are not attributed to a vendor.
   */
  via: 'header' | 'script' | 'store' | 'jar';
  action: 'set' | 'removed';
  name: string;
  value: string;
  /** As declared, without a leading dot; the request or page host for host-only cookies. */
  domain: string;
  hostOnly: boolean;
  path: string;
  secure: boolean;
  httpOnly: boolean;
  sameSite: SameSite;
  partitioned: boolean;
  /**
   * Lifetime the site declared, in seconds, from Max-Age or Expires (relative to the response Date when known).
   * `null` for a session cookie. Chromium clamps what it stores to 400 days, so this is read from the declaration.
   */
  declaredLifetime: number | null;
  /** Expiry as stored by the browser (epoch seconds), for `store` records. */
  storedExpiry?: number;
  /** Request URL (header) or script URL (script write), when known. */
  url?: string;
  /** The browser's removal cause for `store` records (explicit, expired, overwrite …). */
  cause?: string;
}

export interface StorageRecord extends RecordBase {
  kind: 'storage';
  area: 'localStorage' | 'sessionStorage' | 'indexedDB';
  action: 'set' | 'remove' | 'clear' | 'present';
  origin: string;
  /** Storage key, or the IndexedDB database name. */
  key: string;
  /** Value, capped; absent for IndexedDB and removals. */
  value?: string;
  valueSize?: number;
  script?: string;
}

export interface GlobalRecord extends RecordBase {
  kind: 'global';
  source: 'probe';
  origin: string;
  name: string;
}

/**
 * The name under which the probe reports, as if it were a global, that a frame's page created its first Web Worker
 * (the record's `t`): before then, no request can come from a worker of this page.
 */
export const PAGE_WORKER_GLOBAL = '__page_worker__';

/**
 * Where a consent signal comes from; `autoconsent` and `scenario` are recorded by the background, never by the page;
 * `banner` is a consent banner (or a click on one) that the isolated content script read from the DOM, whoever made it.
 */
export const CONSENT_SIGNAL_KINDS = ['tcf', 'gcm', 'autoconsent', 'scenario', 'banner'] as const;
export type ConsentSignal = (typeof CONSENT_SIGNAL_KINDS)[number];

export interface ConsentSignalRecord extends RecordBase {
  kind: 'consent';
  /**
   * `probe`: the page's own consent APIs (TCF, Consent Mode). `audit`: autoconsent's view and our scenario's own steps.
   * `snapshot`: a banner the content script saw in the DOM.
   */
  source: 'probe' | 'audit' | 'snapshot';
  signal: ConsentSignal;
  /**
   * TCF `eventStatus` (tcloaded, cmpuishown, useractioncomplete); GCM command (default, update); autoconsent message
   * type (cmpDetected, popupFound, optOutResult, optInResult, selfTestResult); scenario step (start, opt-out, opt-in,
   * confirmed, unconfirmed, navigate, end); banner: shown, clicked.
   */
  command: string;
  /**
   * GCM: the consent types and their values; TCF: tcString, cmpId, gdprApplies, purposes (ids with consent);
   * autoconsent: cmp, result; scenario: scenario, cmp, detail, run, and on `confirmed`/`unconfirmed` `how`
   * (`cmp-state`, `stored-value`, `traffic`, `none`); banner `shown`: type (`consent-banner` or `notice`), text (cut),
   * topics, controls (`role:label|…`), selector, lang, frame (`top`/`sub`); banner `clicked`: type, role, label,
   * selector, trusted.
   */
  params: Record<string, string>;
}

/** A fillable field of a frame, with the session-replay masking markers that cover it. Read from the page's DOM. */
export interface FieldRecord extends RecordBase {
  kind: 'field';
  source: 'snapshot';
  origin: string;
  selector: string;
  /** `input:<type>`, `textarea`, `select` or `contenteditable`. */
  element: string;
  fieldKind: 'password' | 'email' | 'tel' | 'card' | 'name' | 'address' | 'birth-date' | 'free-text' | 'hidden-token' | 'text';
  label: string;
  markers: string[];
}

/** A unique value the canary test typed into a field; outgoing payloads are searched for it. */
export interface CanaryRecord extends RecordBase {
  kind: 'canary';
  source: 'audit';
  selector: string;
  fieldKind: FieldRecord['fieldKind'];
  label: string;
  value: string;
  /**
   * How it was typed: `true` through the browser's automation protocol (keystrokes no page script can tell from a
   * person's), `false` by events the extension dispatched (`isTrusted` false). Records stored before this field read false.
   */
  trusted: boolean;
}

/**
 * The options a page handed to a session recorder's init call (or set on a global the SDK reads), seen by the probe.
 * Page-reported: a hint of how the recorder is configured, never proof that it records.
 */
export interface RecorderConfigRecord extends RecordBase {
  kind: 'recorder-config';
  source: 'probe';
  origin: string;
  /** Vendor id (data/vendors) whose global received the call. */
  vendor: string;
  /** Where the options came from: `<global>.<method>`, `<global>(<command>)` or the global read, e.g. `NREUM.init`. */
  via: string;
  /** Option paths the probe keeps (`session_recording.maskAllInputs`) with their values, bounded; `[function]` for callbacks. */
  options: Record<string, RecorderOptionValue>;
}

export type RecorderOptionValue = string | number | boolean | null | string[];

export type EvidenceRecord =
  | RequestRecord
  | PayloadRecord
  | CookieRecord
  | StorageRecord
  | GlobalRecord
  | ConsentSignalRecord
  | FieldRecord
  | CanaryRecord
  | RecorderConfigRecord;
export type EvidenceKind = EvidenceRecord['kind'];

/** One top-level navigation of one tab. A reload starts a new visit. */
export interface Visit {
  id: string;
  tabId: number;
  url: string;
  title?: string;
  /** Registrable domain (eTLD+1) of the top-level page, or the hostname when there is none. */
  site: string;
  /** Epoch milliseconds. */
  startedAt: number;
  /** Sites seen in this visit's requests, used to attribute cookie-store changes. */
  sites: string[];
  scenario?: string;
  /** Records not kept because a cap was hit (per-visit record cap, per-frame probe cap, rejected probe messages). */
  dropped: number;
  /** Evidence of this visit could not be stored (the storage quota was reached even after deleting older visits). */
  truncated?: { reason: 'storage-full'; at: number; lost: number };
  /**
   * The extension was updated while the visit was open: its page scripts lost their link to the new version, so its
   * evidence ends at `at`. `from` is the version that recorded it (absent when it predates this field), `to` the new one.
   */
  interrupted?: { reason: 'extension-updated'; at: number; from?: string; to: string };
  /**
   * The cookie store the visit's tab used (Firefox: `firefox-default`, `firefox-private`, `firefox-container-N`;
   * Chromium: `0`, and `1` for incognito windows).
   */
  cookieStoreId?: string;
  /** The tab was in a private (Firefox) or incognito (Chromium) window, where the user allowed the extension. */
  private?: true;
  /**
   * How much the visit's requests were captured (`CaptureLevel`); absent in visits recorded before the levels
   * existed, which were all `full`.
   */
  captureLevel?: CaptureLevel;
  /** An `everyday` visit whose tab was switched to full capture while it was open: full from then on (epoch ms). */
  fullSince?: number;
}

/**
 * `everyday`: what browsing with the extension installed records on every tab, at negligible cost: each request's
 * URL, method, type and frame, redirects and errors, cookies, storage, and what the page probe sees (including the
 * bodies of fetch, XHR and beacon calls). `full` adds the network's request bodies (forms too), request headers and
 * response headers with `Set-Cookie`: on a tab being inspected, during every audit, or everywhere by setting.
 */
export type CaptureLevel = 'everyday' | 'full';

/** Which visit a tab shows now: kept in the store so a restarted worker goes on recording into it. */
export interface TabState {
  tabId: number;
  visitId: string;
  /** Browser request id of the main_frame request that started the visit (redirects keep it). */
  mainRequestId?: string;
}

/** One change capture hands to the store, in arrival order. */
export type EvidenceWrite =
  | { kind: 'record'; record: EvidenceRecord }
  /** `fallback` stands in for the record when it is not stored (its first event was lost with a stopped worker). */
  | { kind: 'patch-record'; key: [string, string]; patch: (record: EvidenceRecord) => EvidenceRecord; fallback?: EvidenceRecord }
  | { kind: 'visit'; visit: Visit }
  | { kind: 'patch-visit'; visitId: string; patch: (visit: Visit) => Visit }
  | { kind: 'tab'; state: TabState }
  | { kind: 'delete-tab'; tabId: number };

/** Where capture puts its evidence: the store's writer, or a test's list. */
export interface EvidenceSink {
  push(write: EvidenceWrite): void;
  /** Resolves once everything pushed so far is committed. */
  flushed(): Promise<void>;
  /** Drops what is kept in memory for patching: after the store was cleared, a late patch must not restore a record. */
  forget(): void;
}

/** Why a screenshot of the audited tab was taken (only in a reject/accept audit the user started). */
export const SCREENSHOT_REASONS = ['first-paint', 'banner', 'after-choice'] as const;
export type ScreenshotReason = (typeof SCREENSHOT_REASONS)[number];

/**
 * A screenshot kept with its visit (`shot`), or one that was not kept and why (`dropped`): the tab was not the one
 * shown to the user, the visit's cap was reached, the image stayed over the size cap, or the browser refused.
 */
export type Screenshot =
  | { kind: 'shot'; visitId: string; id: string; t: number; reason: ScreenshotReason; width: number; height: number; bytes: number; dataUrl: string }
  | { kind: 'dropped'; visitId: string; id: string; t: number; reason: ScreenshotReason; why: ScreenshotDrop };

export const SCREENSHOT_DROPS = ['not-visible', 'too-many', 'too-large', 'failed'] as const;
export type ScreenshotDrop = (typeof SCREENSHOT_DROPS)[number];
