import type { EvidenceRecord } from '../model';
import type { ProbeSender } from './platform';
import { type ProbeEvent, parseProbeBatch } from './probe-protocol';
import { declaredCookie, parseSetCookie } from './set-cookie';
import { originOf } from './url-parts';
import { nextRecordId, type TabRuntime, type Visits } from './visits';

interface Frame {
  frameId: number;
  frameUrl: string;
  origin: string;
}

/**
 * A batch from the page probe (validated by `parseProbeBatch`) → records of the sender tab's current visit. Events
 * stamped before the visit began belong to the page that was being left (its uploads on `pagehide`): they go to the
 * tab's previous visit, and so do the later events of a document that already sent to the previous visit (the relay
 * instance in the batch id says which document). A batch the relay sends again (the worker stopped before answering) gets the same record ids,
 * so it overwrites its own records.
 */
export function ingestProbeBatch(visits: Visits, sender: ProbeSender, message: unknown): void {
  const tabId = sender.tab?.id;
  const batch = parseProbeBatch(message);
  const tab = tabId === undefined ? undefined : visits.get(tabId);
  if (!batch || !tab) return;
  const lost = batch.dropped + batch.rejected;
  if (lost) visits.drop(tab, lost);
  const frameId = sender.frameId ?? -1;
  const frameUrl = sender.url ?? '';
  const frame = { frameId, frameUrl, origin: sender.origin ?? originOf(frameUrl) };
  let n = 0;
  const idFor = batch.id ? (prefix: string) => `${prefix}:b${tabId}.${frameId}.${batch.id}.${(n++).toString(36)}` : nextRecordId;
  const left = visits.previous(tab.visit.tabId);
  // The relay's instance (one per frame document): a document that sent batches to the previous visit still belongs
  // to it, even when its last uploads (on pagehide, as the next page commits) are stamped after this visit began.
  const relay = batch.id?.split(':')[0];
  const leaving = relay !== undefined && left?.relays.has(relay);
  for (const event of batch.events) {
    const owner = !leaving && event.at >= tab.visit.startedAt ? tab : left && event.at >= left.visit.startedAt ? left : undefined;
    if (!owner) continue;
    if (relay && owner.relays.size < MAX_RELAYS) owner.relays.add(relay);
    for (const record of recordsFromProbe(visits, owner, event, frame, idFor)) visits.add(owner, record);
  }
}

/**
 * Whether the batch is from a document whose visit has not started yet: its tab's new page committed before the
 * main-frame request that began its navigation was reported (Firefox batches webRequest events, not webNavigation's,
 * and a page's first batch can come in between), and the batch's relay has not sent to the tab's current visit (the
 * page being left sends its last batches meanwhile, and they are that visit's). So is a batch of a tab that has no
 * visit yet, its commit not reported either. Such a batch waits for the visit.
 */
export function comesBeforeItsVisit(visits: Visits, sender: ProbeSender, message: unknown): boolean {
  const tabId = sender.tab?.id;
  if (tabId === undefined) return false;
  // A tab with no visit yet: its first page's batch came before anything of its navigation was reported.
  if (!visits.get(tabId)) return true;
  if (!visits.startPending(tabId)) return false;
  const relay = parseProbeBatch(message)?.id?.split(':')[0];
  return relay === undefined || !visits.get(tabId)?.relays.has(relay);
}

/** Relay instances kept per visit (one per frame document; a page with more is an outlier). */
const MAX_RELAYS = 200;

function recordsFromProbe(visits: Visits, tab: TabRuntime, event: ProbeEvent, frame: Frame, nextId: (prefix: string) => string): EvidenceRecord[] {
  const base = { visitId: tab.visit.id, t: Math.round(event.at - tab.visit.startedAt), frameId: frame.frameId, frameUrl: frame.frameUrl };
  switch (event.kind) {
    case 'payload':
      return [
        {
          ...base,
          kind: 'payload',
          id: nextId('p'),
          source: 'probe',
          api: event.api,
          method: event.method,
          url: resolveUrl(event.url, frame.frameUrl),
          ...(event.body && { body: { ...event.body, truncated: event.body.size > event.body.bytes.byteLength } }),
          ...(event.script && { script: event.script }),
        },
      ];
    case 'cookie': {
      const parsed = parseSetCookie(event.raw, event.at);
      if (!parsed) return [];
      // A script cannot set an HttpOnly cookie: the browser ignores the attribute there.
      const cookie = declaredCookie({ ...parsed, httpOnly: false }, frame.frameUrl, { ...base, id: nextId('c'), source: 'probe', via: 'script' });
      return [event.script ? { ...cookie, url: event.script } : cookie];
    }
    case 'storage':
      return [
        {
          ...base,
          kind: 'storage',
          id: nextId('s'),
          source: 'probe',
          area: event.area,
          action: event.action,
          origin: frame.origin,
          key: event.key,
          ...(event.value !== undefined && { value: event.value }),
          ...(event.valueSize !== undefined && { valueSize: event.valueSize }),
          ...(event.script && { script: event.script }),
        },
      ];
    case 'indexedDB':
      return visits.once(tab, `idb|${frame.origin}|${event.name}`, {
        ...base,
        kind: 'storage',
        id: nextId('s'),
        source: 'probe',
        area: 'indexedDB',
        action: 'present',
        origin: frame.origin,
        key: event.name,
        ...(event.script && { script: event.script }),
      });
    case 'globals':
      return event.names.flatMap((name) =>
        visits.once(tab, `global|${frame.origin}|${name}`, { ...base, kind: 'global', id: nextId('g'), source: 'probe', origin: frame.origin, name }),
      );
    case 'consent':
      return [{ ...base, kind: 'consent', id: nextId('k'), source: 'probe', signal: event.signal, command: event.command, params: event.params }];
    case 'banner':
      // Read from the DOM by the isolated world (never sent by the page), hence `snapshot`; what it saw is the page's.
      return [{ ...base, kind: 'consent', id: nextId('k'), source: 'snapshot', signal: 'banner', command: event.command, params: event.params }];
    case 'fields':
      return event.fields.flatMap((f) =>
        visits.once(tab, `field|${frame.origin}|${f.selector}|${f.markers.join(',')}`, {
          ...base,
          kind: 'field',
          id: nextId('f'),
          source: 'snapshot',
          origin: frame.origin,
          selector: f.selector,
          element: f.element,
          fieldKind: f.kind,
          label: f.label,
          markers: f.markers,
        }),
      );
    case 'recorder-config':
      return visits.once(tab, `config|${frame.origin}|${event.vendor}|${event.via}|${JSON.stringify(event.options)}`, {
        ...base,
        kind: 'recorder-config',
        id: nextId('o'),
        source: 'probe',
        origin: frame.origin,
        vendor: event.vendor,
        via: event.via,
        options: { ...event.options },
      });
    case 'snapshot': {
      if (event.title !== undefined && frame.frameId === 0 && event.title !== tab.visit.title) visits.patch(tab, { title: event.title });
      const items: [StorageAreaName, string, string | undefined][] = [
        ...event.localStorage.map(([k, v]): [StorageAreaName, string, string] => ['localStorage', k, v]),
        ...event.sessionStorage.map(([k, v]): [StorageAreaName, string, string] => ['sessionStorage', k, v]),
        ...event.indexedDB.map((name): [StorageAreaName, string, undefined] => ['indexedDB', name, undefined]),
      ];
      return items.flatMap(([area, key, value]) =>
        visits.once(tab, `snap|${frame.origin}|${area}|${key}|${value ?? ''}`, {
          ...base,
          kind: 'storage',
          id: nextId('s'),
          source: 'snapshot',
          area,
          action: 'present',
          origin: frame.origin,
          key,
          ...(value !== undefined && { value, valueSize: value.length }),
        }),
      );
    }
  }
}

type StorageAreaName = 'localStorage' | 'sessionStorage' | 'indexedDB';

function resolveUrl(url: string, base: string): string {
  try {
    return new URL(url, base || undefined).href;
  } catch {
    return url;
  }
}
