import type { EvidenceRecord, PayloadRecord } from '../model';

/** Longest wait between the page's call and the browser's network event for the same request (ms). */
export const SEND_DELAY_MAX_MS = 1000;

/**
 * A request the page itself made (fetch, XHR, beacon, seen by the probe) is dated by the page's call, not by the
 * browser's network event: the two can be hundreds of milliseconds apart on a busy page (Firefox), and a send made
 * before the visitor's click must not read as made after it. Each network request takes the latest unused call to
 * the same URL with the same method and frame at most SEND_DELAY_MAX_MS before it; a call is never later than its
 * request, so a page cannot date a request later than the browser saw it. Returns new records; the others are kept.
 */
export function dateBySender(records: readonly EvidenceRecord[]): EvidenceRecord[] {
  const calls = new Map<string, PayloadRecord[]>();
  for (const record of records) {
    if (record.kind !== 'payload' || record.api === 'websocket') continue;
    const key = callKey(record.method, record.url, record.frameId);
    const list = calls.get(key);
    if (list) list.push(record);
    else calls.set(key, [record]);
  }
  if (!calls.size) return [...records];
  for (const list of calls.values()) list.sort((a, b) => a.t - b.t);
  const used = new Set<PayloadRecord>();
  // Requests in time order, so each list's calls too old for this request are too old for every later one: a page
  // that sends thousands of beacons to one URL costs one pass over them, not one per request.
  const oldest = new Map<PayloadRecord[], number>();
  const byTime = [...records].sort((a, b) => a.t - b.t);
  const dated = new Map<EvidenceRecord, number>();
  for (const record of byTime) {
    if (record.kind !== 'request' || record.source !== 'network') continue;
    const list = calls.get(callKey(record.method, record.url, record.frameId));
    if (!list) continue;
    let from = oldest.get(list) ?? 0;
    while (from < list.length && (list[from] as PayloadRecord).t < record.t - SEND_DELAY_MAX_MS) from++;
    oldest.set(list, from);
    let match: PayloadRecord | undefined;
    for (let i = from; i < list.length; i++) {
      const call = list[i] as PayloadRecord;
      if (call.t > record.t) break;
      if (!used.has(call)) match = call;
    }
    if (!match) continue;
    used.add(match);
    if (match.t < record.t) dated.set(record, match.t);
  }
  return records.map((record) => {
    const t = dated.get(record);
    return t === undefined ? record : { ...record, t };
  });
}

function callKey(method: string, url: string, frameId: number): string {
  return `${method.toUpperCase()} ${frameId} ${url}`;
}
