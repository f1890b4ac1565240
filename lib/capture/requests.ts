import type { EvidenceSink, RequestRecord, RequestType } from '../model';
import { captureWebRequestBody } from './body';
import { captureHeaders, captureStatusLine } from './headers';
import type { RequestDetails } from './platform';
import { declaredCookie, parseSetCookie } from './set-cookie';
import { hostnameOf, originOf } from './url-parts';
import { nextRecordId, type TabRuntime, type Visits } from './visits';

export interface RequestCaptureDeps {
  visits: Visits;
  sink: EvidenceSink;
  siteOf: (hostname: string) => string;
  /** Takes the cookie jar of a new visit's page URL (a choice stored by an earlier visit). */
  snapshotJar: (tab: TabRuntime, url: string) => Promise<void>;
  /**
   * DNS canonical name of a hostname (Firefox's `dns.resolve`), to uncover first-party subdomains that are CNAME
   * aliases of a tracker. Absent where the browser has no such API.
   */
  resolveCanonicalName?: (hostname: string) => Promise<string | undefined>;
  /** Called when a visit's first request starts waiting for its commit: `release(visitId)` must follow within seconds. */
  onHold?: (visitId: string) => void;
}

/** webRequest events → request records, and the cookies their `Set-Cookie` headers declare. */
export interface RequestCapture {
  onBeforeRequest(details: RequestDetails): Promise<void>;
  onSendHeaders(details: RequestDetails): void;
  onHeadersReceived(details: RequestDetails): void;
  onBeforeRedirect(details: RequestDetails): void;
  onErrorOccurred(details: RequestDetails): Promise<void>;
  /**
   * Handles, in arrival order, the events held while the visit's commit was awaited: after the commit, or when the
   * wait is over without one (the navigation failed or was superseded, the tab closed, or time ran out).
   */
  release(visitId: string): Promise<void>;
  /** Forgets held events (after "Delete all data"). */
  clear(): void;
}

const MAX_SET_COOKIES = 50;
/** Events held per visit while its commit is awaited; past it, a request goes to the page being left unheld. */
const MAX_HELD = 5000;
const REQUEST_TYPES: readonly RequestType[] = [
  'main_frame',
  'sub_frame',
  'stylesheet',
  'script',
  'image',
  'font',
  'object',
  'xmlhttprequest',
  'ping',
  'beacon',
  'csp_report',
  'media',
  'websocket',
  'webtransport',
  'other',
];

const WEB_URL = /^(https?|wss?):\/\//i;

export function createRequestCapture({ visits, sink, siteOf, snapshotJar, resolveCanonicalName, onHold }: RequestCaptureDeps): RequestCapture {
  /**
   * Events of requests whose page is not known yet (see `Visits.awaitsCommit`), by visit. Firefox may deliver the new
   * page's first requests before its commit; assigning them when the commit is known keeps them out of the page left.
   */
  const held = new Map<string, { tab: TabRuntime; events: (() => void | Promise<void>)[] }>();

  /** True when the event waits for the visit's commit (`task` then runs on `release`). */
  function heldForCommit(tab: TabRuntime, d: RequestDetails, task: () => void | Promise<void>): boolean {
    if (!visits.awaitsCommit(tab, d)) return false;
    let entry = held.get(tab.visit.id);
    if (!entry) {
      entry = { tab, events: [] };
      held.set(tab.visit.id, entry);
      onHold?.(tab.visit.id);
    }
    if (entry.events.length >= MAX_HELD) return false;
    entry.events.push(task);
    return true;
  }

  async function release(visitId: string): Promise<void> {
    const entry = held.get(visitId);
    if (!entry) return;
    held.delete(visitId);
    visits.waitOut(entry.tab);
    for (const event of entry.events) await event();
  }

  /** hostname → canonical name ('' when none or the same site); pending: record keys waiting for the answer. */
  const canonical = new Map<string, string>();
  const pendingCanonical = new Map<string, [string, string][]>();

  async function onBeforeRequest(d: RequestDetails): Promise<void> {
    // Web traffic only: the extension's own pages opened in a tab (the report page) and their files are not a visit.
    if (d.tabId < 0 || !WEB_URL.test(d.url)) return;
    let tab = visits.get(d.tabId);
    if (d.type === 'main_frame') {
      if (tab && tab.mainRequestId === d.requestId) visits.redirect(tab, d.url);
      else {
        // A visit superseded before its commit: what waited for it goes to the page it left.
        if (tab) await release(tab.visit.id);
        tab = visits.start(d.tabId, d.url, d.timeStamp, d.requestId, { cookieStoreId: d.cookieStoreId, incognito: d.incognito });
        await snapshotJar(tab, d.url);
      }
    }
    tab ??= await visits.adopt(d);
    if (!tab || heldForCommit(tab, d, () => onBeforeRequest(d))) return;
    tab = visits.ownerOf(tab, d);
    if (d.type === 'main_frame' || d.type === 'sub_frame') tab.frames.set(d.frameId, d.url);
    visits.noteSite(tab, d.url);
    const id = `r:${d.requestId}`;
    if (tab.seen.has(id)) {
      // A redirect: the record exists; its URL moves on.
      sink.push({ kind: 'patch-record', key: [tab.visit.id, id], patch: (r) => (r.kind === 'request' ? { ...r, url: d.url } : r) });
      return;
    }
    visits.remember(tab, id);
    const body = captureWebRequestBody(d.requestBody);
    const record: RequestRecord = { ...requestRecord(tab, d), ...(body && { body }), ...(d.everyday && { everyday: true }) };
    const host = hostnameOf(d.url);
    const cname = isFirstPartySubdomain(tab, host) ? lookUpCanonical(host, [tab.visit.id, id]) : undefined;
    visits.add(tab, cname ? { ...record, cname } : record);
  }

  function isFirstPartySubdomain(tab: TabRuntime, host: string): boolean {
    if (!resolveCanonicalName || !host || host === hostnameOf(tab.visit.url)) return false;
    return host === tab.visit.site || host.endsWith(`.${tab.visit.site}`);
  }

  /** The canonical name if known; otherwise starts (once) a lookup that patches the waiting records. */
  function lookUpCanonical(host: string, key: [string, string]): string | undefined {
    const known = canonical.get(host);
    if (known !== undefined) return known || undefined;
    const waiting = pendingCanonical.get(host);
    if (waiting) {
      if (waiting.length < 1000) waiting.push(key);
      return undefined;
    }
    pendingCanonical.set(host, [key]);
    void (resolveCanonicalName?.(host) ?? Promise.resolve(undefined))
      .catch(() => undefined)
      .then((name) => {
        const target = name?.toLowerCase().replace(/\.$/, '') ?? '';
        const cname = target && target !== host && siteOf(target) !== siteOf(host) ? target : '';
        canonical.set(host, cname);
        const keys = pendingCanonical.get(host) ?? [];
        pendingCanonical.delete(host);
        if (!cname) return;
        for (const waitingKey of keys) sink.push({ kind: 'patch-record', key: waitingKey, patch: (r) => (r.kind === 'request' ? { ...r, cname } : r) });
      });
    return undefined;
  }

  /** The visit a later event of a request belongs to (the page being left keeps its own requests). */
  function ownerTab(d: RequestDetails, handler: (d: RequestDetails) => void | Promise<void>): TabRuntime | undefined {
    const current = visits.get(d.tabId);
    if (!current || heldForCommit(current, d, () => handler(d))) return undefined;
    return visits.ownerOf(current, d);
  }

  function onHeadersReceived(d: RequestDetails): void {
    const tab = ownerTab(d, onHeadersReceived);
    if (!tab) return;
    const headers = d.responseHeaders ?? [];
    const date = Date.parse(headers.find((h) => h.name.toLowerCase() === 'date')?.value ?? '');
    const reference = Number.isNaN(date) ? d.timeStamp : date;
    // Firefox joins several Set-Cookie headers into one value, separated by newlines.
    const setCookies = headers
      .filter((h) => h.name.toLowerCase() === 'set-cookie' && h.value)
      .flatMap((h) => (h.value ?? '').split('\n'))
      .filter(Boolean)
      .slice(0, MAX_SET_COOKIES);
    const id = `r:${d.requestId}`;
    const response = {
      responseAt: Math.round(d.timeStamp - tab.visit.startedAt),
      ...optional('statusLine', captureStatusLine(d.statusLine)),
      ...optional('responseHeaders', captureHeaders(d.responseHeaders)),
    };
    const recovered = recoveredRequest(tab, d);
    sink.push({
      kind: 'patch-record',
      key: [tab.visit.id, id],
      patch: (r) =>
        r.kind === 'request' ? { ...r, status: d.statusCode, ...response, setCookies: [...r.setCookies, ...setCookies].slice(0, MAX_SET_COOKIES) } : r,
      ...(recovered && { fallback: { ...recovered, ...response } }),
    });
    for (const raw of setCookies) {
      const parsed = parseSetCookie(raw, reference);
      if (!parsed) continue;
      const base = { id: nextRecordId('c'), visitId: tab.visit.id, t: Math.round(d.timeStamp - tab.visit.startedAt), frameId: d.frameId };
      visits.add(tab, { ...declaredCookie(parsed, d.url, { ...base, source: 'network', frameUrl: frameUrlOf(tab, d), via: 'header' }), url: d.url });
    }
  }

  /** Headers as they leave (after other extensions' changes): the evidence of what the vendor received, Cookie included. */
  function onSendHeaders(d: RequestDetails): void {
    const tab = ownerTab(d, onSendHeaders);
    const requestHeaders = captureHeaders(d.requestHeaders);
    if (!tab || !requestHeaders) return;
    const sentAt = Math.round(d.timeStamp - tab.visit.startedAt);
    sink.push({ kind: 'patch-record', key: [tab.visit.id, `r:${d.requestId}`], patch: (r) => (r.kind === 'request' ? { ...r, sentAt, requestHeaders } : r) });
  }

  function onBeforeRedirect(d: RequestDetails): void {
    const tab = ownerTab(d, onBeforeRedirect);
    if (!tab) return;
    sink.push({
      kind: 'patch-record',
      key: [tab.visit.id, `r:${d.requestId}`],
      patch: (r) => (r.kind === 'request' ? { ...r, redirects: [...r.redirects, d.url].slice(-20), status: d.statusCode } : r),
    });
  }

  async function onErrorOccurred(d: RequestDetails): Promise<void> {
    const tab = ownerTab(d, onErrorOccurred);
    if (!tab) return;
    // The navigation failed before its document committed (a download, a 204, an error): the page left stays.
    if (d.type === 'main_frame' && d.requestId === tab.mainRequestId && !tab.committed) await release(tab.visit.id);
    sink.push({
      kind: 'patch-record',
      key: [tab.visit.id, `r:${d.requestId}`],
      patch: (r) =>
        r.kind === 'request'
          ? { ...r, status: d.statusCode ?? r.status, completedAt: Math.round(d.timeStamp - tab.visit.startedAt), ...(d.error && { error: d.error }) }
          : r,
      fallback: recoveredRequest(tab, d),
    });
  }

  /**
   * The request as far as a later event shows it. An MV3 worker stopped between a request's start event and its write
   * to IndexedDB loses that event; its response or error event (delivered to the next worker life) still proves it.
   */
  function recoveredRequest(tab: TabRuntime, d: RequestDetails): RequestRecord | undefined {
    // Seen in this worker life: its start was handled here (stored, or dropped at the visit's cap on purpose).
    if (d.type === 'main_frame' || d.timeStamp < tab.visit.startedAt || tab.seen.has(`r:${d.requestId}`)) return undefined;
    if (visits.isFull(tab)) return undefined;
    return { ...requestRecord(tab, d), recovered: true };
  }

  return { onBeforeRequest, onSendHeaders, onHeadersReceived, onBeforeRedirect, onErrorOccurred, release, clear: () => held.clear() };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** A request record as far as one webRequest event shows it, timed at that event. */
function requestRecord(tab: TabRuntime, d: RequestDetails): RequestRecord {
  return {
    kind: 'request',
    id: `r:${d.requestId}`,
    visitId: tab.visit.id,
    t: Math.round(d.timeStamp - tab.visit.startedAt),
    source: 'network',
    frameId: d.frameId,
    frameUrl: frameUrlOf(tab, d),
    requestId: d.requestId,
    method: d.method,
    url: d.url,
    type: REQUEST_TYPES.find((t) => t === d.type) ?? 'other',
    initiator: d.initiator ?? d.originUrl,
    redirects: [],
    setCookies: [],
    ...offDocumentOf(tab, d),
  };
}

/**
 * Firefox names a worker's requests by its origin, not by the page's URL, and gives them no document id. A page at its
 * bare origin has that same URL: its fetch or XHR may be its own or a worker's (`'origin'`).
 */
function offDocumentOf(tab: TabRuntime, d: RequestDetails): Pick<RequestRecord, 'offDocument'> {
  if (d.documentId || !d.documentUrl || d.type === 'main_frame' || d.type === 'sub_frame') return {};
  const frame = tab.frames.get(d.frameId);
  if (frame === undefined) return {};
  if (withoutHash(frame) !== withoutHash(d.documentUrl)) return { offDocument: true };
  return d.type === 'xmlhttprequest' && isBareOrigin(d.documentUrl) ? { offDocument: 'origin' } : {};
}

/** `https://host/` (a fragment aside): the URL a Firefox worker names as its document. */
function isBareOrigin(url: string): boolean {
  const origin = originOf(url);
  return /^https?:/.test(origin) && withoutHash(url) === `${origin}/`;
}

const withoutHash = (url: string) => url.split('#', 1)[0];

function frameUrlOf(tab: TabRuntime, d: RequestDetails): string | undefined {
  if (d.type === 'main_frame') return d.url;
  if (d.type === 'sub_frame') return tab.frames.get(d.parentFrameId ?? 0) ?? d.documentUrl;
  return d.documentUrl ?? tab.frames.get(d.frameId);
}
