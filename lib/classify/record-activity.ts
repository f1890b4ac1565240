/**
 * What each record shows its vendor doing (its `activity`), from the record alone or from the records of the same item
 * around it: loading, sending, a send cut off, storing, a write removed at once, a flag. Pure; attribute.ts uses it.
 */
import { type EvidenceRecord, PAGE_WORKER_GLOBAL } from '../model';
import type { UrlClassification } from './match';
import { compileUrlPattern, matchesAny } from './url-pattern';
import type { NamedItem, Vendor } from './vendor';

/**
 * What a record shows its vendor doing. `code`: fetching its script, stylesheet, font, frame document or
 * configuration (loading); `data`: anything else sent to it (a body, a beacon, a pixel with parameters); `stored`: a
 * cookie or storage value written; `consent-state`: the vendor's own record of the visitor's choice (an opt-out flag),
 * not an identifier; `transient`: a value written and removed again within a second, so nothing is kept (an SDK that
 * clears its persistence on an opt-out); `aborted`: data the page started to send whose request was cancelled before
 * any response (a flush the next navigation cut off), so the vendor may never have received it; `context`: state from
 * before the visit (the cookie jar at its start); `none`.
 */
export type Activity = 'code' | 'data' | 'aborted' | 'stored' | 'consent-state' | 'transient' | 'context' | 'none';

/** A write removed again within this time keeps nothing: `transient`, not `stored`. */
export const TRANSIENT_MS = 1000;

/**
 * The cookie and storage writes removed again within `TRANSIENT_MS` (whatever was written in between): an
 * identifier written and cleared at once (Mixpanel sets and clears its cookie when the visitor has opted out) is not
 * one the device keeps. A cookie is one item per domain, host-only flag and path (an SDK that tries the parent domain
 * and clears it there keeps its host cookie). The page probe and the cookie store may both report one write; each is
 * judged on its own. Each write's id maps to the time of its removal: a removal the visitor's choice caused (after the
 * choice, when the write was before it) does not make the write transient; the analysis judges that once the choice is
 * dated (lib/scan/build.ts).
 */
export function transientWrites(records: readonly EvidenceRecord[]): Map<string, number> {
  const byItem = new Map<string, EvidenceRecord[]>();
  for (const record of records) {
    const key =
      record.kind === 'cookie' && record.via !== 'jar'
        ? `c|${record.via === 'store' ? 's' : 'p'}|${record.name}|${record.domain.replace(/^\./, '')}|${record.hostOnly}|${record.path}`
        : record.kind === 'storage' && record.action !== 'present'
          ? `s|${record.area}|${record.origin}|${record.key}`
          : undefined;
    if (key) appendTo(byItem, key, record);
  }
  const transient = new Map<string, number>();
  for (const writes of byItem.values()) {
    writes.sort((a, b) => a.t - b.t);
    for (const [i, record] of writes.entries()) {
      if (!isSet(record)) continue;
      for (let j = i + 1; j < writes.length; j++) {
        const later = writes[j] as EvidenceRecord;
        if (later.t - record.t > TRANSIENT_MS) break;
        if (!isSet(later)) {
          transient.set(record.id, later.t);
          break;
        }
      }
    }
  }
  return transient;
}

function isSet(record: EvidenceRecord): boolean {
  return (record.kind === 'cookie' || record.kind === 'storage') && record.action === 'set';
}

/** Cancellation errors: the page or a navigation cut the request off (Chromium, Firefox). */
const ABORTED = /^(net::ERR_ABORTED|NS_BINDING_ABORTED)$/;
/** How far apart the probe's view of a call and the browser's request for it may be. */
const SAME_CALL_MS = 1000;

/**
 * Requests that carried data and were cancelled before any response, and the probe's records of the same calls (same
 * URL, the nearest request within a second). Such data may never have reached its vendor: an attempt, not proof that
 * the vendor received it. Other errors (a blocker, a refused connection) say nothing of the page's intent and stay data.
 */
export function abortedSends(records: readonly EvidenceRecord[]): Set<string> {
  const aborted = new Set<string>();
  const requests = new Map<string, (EvidenceRecord & { kind: 'request' })[]>();
  for (const record of records) {
    if (record.kind !== 'request') continue;
    appendTo(requests, record.url, record);
    if (record.status === undefined && record.error !== undefined && ABORTED.test(record.error)) aborted.add(record.id);
  }
  for (const [, same] of requests) for (const record of same) if (waitedForPreflight(record, same)) aborted.add(record.id);
  if (!aborted.size) return aborted;
  for (const record of records) {
    if (record.kind !== 'payload') continue;
    const near = (requests.get(record.url) ?? [])
      .filter((r) => Math.abs(r.t - record.t) <= SAME_CALL_MS)
      .sort((a, b) => Math.abs(a.t - record.t) - Math.abs(b.t - record.t))[0];
    if (near && aborted.has(near.id)) aborted.add(record.id);
  }
  return aborted;
}

/** How long after a visit starts a worker of the page being left may still send (its document is gone by then). */
const LEFT_WORKER_MS = 2000;

/**
 * Requests sent by a Web Worker of the page the tab was leaving as this visit began (Firefox; `RequestRecord.offDocument`):
 * a worker's requests name no document, and its last upload, started by the page's `pagehide`, can start after the next
 * page committed. Such a request starts in the visit's first seconds, before any page of this visit created a worker
 * (the probe's `PAGE_WORKER_GLOBAL`), and the page's own hooks never saw it (no payload of that URL within a second; a
 * page's own call after `history.pushState` names the new URL and has one). They show the page before, not this one.
 * At a page's bare origin (`offDocument: 'origin'`), where the worker's document URL is the page's own, the page's hooks
 * must also be seen working in that frame (they reported a call of the visit): else the request stays the page's.
 */
export function pageLeftSends(records: readonly EvidenceRecord[]): Set<string> {
  const left = new Set<string>();
  let firstWorker = Number.POSITIVE_INFINITY;
  const payloads = new Map<string, number[]>();
  /** Frames whose hooks are seen working (they reported a call): only there can a call they missed be a worker's. */
  const hooked = new Set<number>();
  for (const record of records) {
    if (record.kind === 'global' && record.name === PAGE_WORKER_GLOBAL) firstWorker = Math.min(firstWorker, record.t);
    if (record.kind === 'payload') {
      appendTo(payloads, record.url, record.t);
      hooked.add(record.frameId);
    }
  }
  for (const record of records) {
    if (record.kind !== 'request' || !record.offDocument || record.t > LEFT_WORKER_MS || record.t >= firstWorker) continue;
    // At a page's bare origin the request names the page's own URL: the page's hooks, seen working, must have missed it.
    if (record.offDocument === 'origin' && !hooked.has(record.frameId)) continue;
    if ((payloads.get(record.url) ?? []).some((t) => Math.abs(t - record.t) <= SAME_CALL_MS)) continue;
    left.add(record.id);
  }
  return left;
}

/**
 * A request that needed a CORS preflight and never got past it: it has no response, and the preflight Firefox shows
 * for it (an OPTIONS of the same URL, started just after it) was never answered either. The browser sends such a
 * request only once its preflight succeeded (https://fetch.spec.whatwg.org/#cors-preflight-fetch), so its data never
 * left: a page that is closing starts an upload, and the tab is gone before the preflight returns. Not for records of
 * everyday capture, whose responses were not listened for.
 */
function waitedForPreflight(record: EvidenceRecord & { kind: 'request' }, sameUrl: readonly (EvidenceRecord & { kind: 'request' })[]): boolean {
  if (record.method === 'OPTIONS' || record.status !== undefined || record.error !== undefined || record.everyday || record.recovered) return false;
  return sameUrl.some((r) => r.method === 'OPTIONS' && r.t >= record.t && r.t - record.t <= SAME_CALL_MS && r.status === undefined && !r.everyday);
}

/**
 * A stored value that cannot tell one browser from another: a boolean or a small number, empty, or an empty object or
 * list (Mixpanel writes `mp_gen_new_tab_id_<token>` = `true`). Unknown values (not captured) are not flags.
 */
export function isFlag(value: string | undefined): boolean {
  if (value === undefined) return false;
  return /^\s*("?)(true|false|null|undefined|yes|no|on|off|-?\d{1,3}|\{\}|\[\]|)\1\s*$/i.test(value);
}

/** A write of a documented consent-state item (an opt-out flag) stores the visitor's choice, not an identifier. */
export function storedActivity(item: NamedItem | undefined): Activity {
  return item?.consentState ? 'consent-state' : 'stored';
}

const CODE_TYPES = new Set(['script', 'stylesheet', 'font', 'sub_frame', 'main_frame', 'media', 'object']);
const codePatterns = new WeakMap<Vendor, RegExp[]>();

/**
 * Loading or sending: a GET of code or content (by its type, or a URL the vendor file lists as code or configuration)
 * is loading; a body, a beacon, an XHR or a pixel with parameters carries data; a CORS preflight carries nothing.
 */
export function requestActivity(record: EvidenceRecord & { kind: 'request' | 'payload' }, result: UrlClassification): Activity {
  const method = record.method.toUpperCase();
  const hasBody = record.body !== undefined && record.body.size > 0;
  // A CORS preflight is the browser asking leave to send, not the page sending: what it is for goes in the request
  // that follows, recorded on its own (sent, or cut off and then an attempt). Its URL repeats that request's; a
  // preflight alone (its request cut off as the page closed) is no evidence that the vendor got the page's data.
  if (method === 'OPTIONS' && !hasBody) return 'none';
  if (method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS') return 'data';
  if (hasBody) return 'data';
  if (result.kind === 'vendor' && isVendorCode(result.vendor, record.url)) return 'code';
  if (record.kind === 'request') {
    if (CODE_TYPES.has(record.type)) return 'code';
    if (record.type === 'image') return hasQuery(record.url) ? 'data' : 'code';
  }
  return 'data';
}

function isVendorCode(vendor: Vendor, url: string): boolean {
  let patterns = codePatterns.get(vendor);
  if (!patterns) {
    patterns = [...(vendor.code ?? []), ...(vendor.sessionReplay?.scripts ?? []), ...(vendor.cmp?.scripts ?? [])].map(compileUrlPattern);
    codePatterns.set(vendor, patterns);
  }
  return matchesAny(patterns, url);
}

function hasQuery(url: string): boolean {
  const q = url.indexOf('?');
  return q >= 0 && q < url.length - 1;
}

/** Adds to a map of lists in place: a page that repeats one URL or cookie thousands of times stays linear. */
function appendTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
