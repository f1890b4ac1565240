import type { EvidenceRecord, FieldRecord, RequestRecord, RequestType, Visit } from '../model';
import type { TypedCanary } from './canary-typing';
import { FIELD_KINDS } from './fields';
import { hostnameOf, isDomainOfSite, siteOf, siteOfUrl } from '../site';
import type { Db, Settings } from '../store/db';
import { readAllTabStates, readSettings, readVisit } from '../store/visits';
import type { Writer } from '../store/writer';
import { captureWebRequestBody } from './body';
import { captureCookieJar, storeCookieFields } from './cookie-jar';
import type { CaptureApi, CookieChange, ProbeSender, RequestDetails } from './platform';
import { type ProbeEvent, parseProbeBatch } from './probe-protocol';
import { defaultCookiePath, parseSetCookie } from './set-cookie';

export interface RecorderDeps {
  api: CaptureApi;
  /** The database may still be opening: listeners are registered first, events wait for it. */
  db: Promise<Db>;
  writer: Writer;
  now: () => number;
  /** Called once per unexpected error, with context; capture goes on. */
  onError: (context: string, error: unknown) => void;
  /**
   * DNS canonical name of a hostname (Firefox's `dns.resolve`), to uncover first-party subdomains that are CNAME
   * aliases of a tracker. Absent where the browser has no such API.
   */
  resolveCanonicalName?: (hostname: string) => Promise<string | undefined>;
}

export interface Recorder {
  /** Resolves once the tab states of a previous worker life are loaded. */
  ready: Promise<void>;
  handleProbeBatch(sender: ProbeSender, message: unknown): Promise<void>;
  currentVisitId(tabId: number): Promise<string | undefined>;
  /** Resolves when every event received so far is written. */
  idle(): Promise<void>;
  /** Forgets in-memory state (after "Delete all data"). */
  reset(): void;
  applySettings(settings: Settings): void;
  /**
   * Records the values an audit typed into the top frame of a tab, stamped `at` (epoch ms, when typing began: values
   * can leave while the later fields are still being typed), and names the visit's scenario.
   */
  recordCanaries(tabId: number, typed: readonly TypedCanary[], frameUrl: string, at: number): Promise<void>;
  /** Names the scenario of the tab's next visit (an audit that reloads the page). */
  markNextVisit(tabId: number, scenario: string): void;
  /**
   * Records a consent signal the extension itself observed or caused (autoconsent's messages, a scenario's steps) in
   * the tab's current visit, stamped `at` (epoch ms). A signal repeated with the same key in one visit is kept once.
   */
  recordAuditSignal(tabId: number, signal: AuditSignal): Promise<void>;
}

export interface AuditSignal {
  signal: 'autoconsent' | 'scenario';
  command: string;
  params: Record<string, string>;
  frameId: number;
  frameUrl?: string;
  at: number;
  /** Keeps one record per key and visit (autoconsent repeats detections per frame). */
  onceKey?: string;
}

interface TabRuntime {
  visit: Visit;
  mainRequestId?: string;
  records: number;
  frames: Map<number, string>;
  seen: Set<string>;
}

const MAX_SET_COOKIES = 50;
const MAX_SEEN_KEYS = 20_000;
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

/**
 * Wires the browser's network and cookie events, and the page probe's batches, into evidence records.
 * Listeners are registered synchronously (a woken MV3 worker must have them before its first task ends); events are
 * then handled strictly in arrival order through one queue, after the previous worker life's state is loaded.
 */
export function startRecorder({ api, db: dbReady, writer, now, onError, resolveCanonicalName }: RecorderDeps): Recorder {
  const tabs = new Map<number, TabRuntime>();
  let settings: Settings | undefined;
  let queue: Promise<void> = Promise.resolve();
  /** hostname → canonical name ('' when none or the same site); pending: record keys waiting for the answer. */
  const canonical = new Map<string, string>();
  const pendingCanonical = new Map<string, [string, string][]>();
  const recentCookieChanges: { change: CookieChange; at: number }[] = [];
  const nextScenario = new Map<number, string>();

  const ready = (async () => {
    const db = await dbReady;
    settings = await readSettings(db);
    for (const state of await readAllTabStates(db)) {
      const visit = await readVisit(db, state.visitId);
      if (!visit) continue;
      const records = await db.count('records', IDBKeyRange.bound([visit.id, ''], [visit.id, '\uffff']));
      tabs.set(state.tabId, { visit, mainRequestId: state.mainRequestId, records, frames: new Map([[0, visit.url]]), seen: new Set() });
    }
  })();

  function enqueue(context: string, task: () => void | Promise<void>): Promise<void> {
    queue = queue
      .then(() => ready)
      .then(task)
      .catch((error) => onError(context, error));
    return queue;
  }

  const on =
    <T>(context: string, handler: (arg: T) => void | Promise<void>) =>
    (arg: T) =>
      void enqueue(context, () => handler(arg));

  const filter = { urls: ['<all_urls>'] };
  const extraHeaders = api.webRequest.OnHeadersReceivedOptions?.EXTRA_HEADERS;
  api.webRequest.onBeforeRequest.addListener(on('onBeforeRequest', onBeforeRequest), filter, ['requestBody']);
  api.webRequest.onHeadersReceived.addListener(
    on('onHeadersReceived', onHeadersReceived),
    filter,
    extraHeaders ? ['responseHeaders', extraHeaders] : ['responseHeaders'],
  );
  api.webRequest.onBeforeRedirect.addListener(on('onBeforeRedirect', onBeforeRedirect), filter);
  // No onCompleted listener: status comes with the headers, and every listener costs the page an IPC per request.
  api.webRequest.onErrorOccurred.addListener(
    on('onErrorOccurred', (d: RequestDetails) => finish(d)),
    filter,
  );
  api.cookies.onChanged.addListener(on('cookies.onChanged', onCookieChanged));
  api.tabs.onRemoved.addListener(
    on('tabs.onRemoved', (tabId: number) => {
      tabs.delete(tabId);
      writer.push({ kind: 'delete-tab', tabId });
    }),
  );

  async function onBeforeRequest(d: RequestDetails): Promise<void> {
    if (d.tabId < 0) return;
    let tab = tabs.get(d.tabId);
    if (d.type === 'main_frame') {
      if (tab && tab.mainRequestId === d.requestId) {
        tab.visit.url = d.url;
        tab.visit.site = siteOfUrl(d.url) || tab.visit.site;
        writer.push({ kind: 'visit', visit: { ...tab.visit } });
      } else {
        tab = startVisit(d.tabId, d.url, d.timeStamp, d.requestId);
        await snapshotJar(tab, d.url);
      }
    }
    tab ??= await adoptTab(d);
    if (!tab) return;
    if (d.type === 'main_frame' || d.type === 'sub_frame') tab.frames.set(d.frameId, d.url);
    noteSite(tab, d.url);
    const id = `r:${d.requestId}`;
    if (tab.seen.has(id)) {
      // A redirect: the record exists; its URL moves on.
      writer.push({ kind: 'patch-record', key: [tab.visit.id, id], patch: (r) => (r.kind === 'request' ? { ...r, url: d.url } : r) });
      return;
    }
    remember(tab, id);
    const body = captureWebRequestBody(d.requestBody);
    const record: RequestRecord = { ...requestRecord(tab, d), ...(body && { body }) };
    const host = hostnameOf(d.url);
    const cname =
      resolveCanonicalName && host !== hostnameOf(tab.visit.url) && isDomainOfSite(host, tab.visit.site)
        ? lookUpCanonical(host, [tab.visit.id, id])
        : undefined;
    add(tab, cname ? { ...record, cname } : record);
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
        for (const waitingKey of keys) writer.push({ kind: 'patch-record', key: waitingKey, patch: (r) => (r.kind === 'request' ? { ...r, cname } : r) });
      });
    return undefined;
  }

  function onHeadersReceived(d: RequestDetails): void {
    const tab = tabs.get(d.tabId);
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
    writer.push({
      kind: 'patch-record',
      key: [tab.visit.id, id],
      patch: (r) => (r.kind === 'request' ? { ...r, status: d.statusCode, setCookies: [...r.setCookies, ...setCookies].slice(0, MAX_SET_COOKIES) } : r),
      fallback: recoveredRequest(tab, d),
    });
    const host = hostnameOf(d.url);
    for (const raw of setCookies) {
      const parsed = parseSetCookie(raw, reference);
      if (!parsed) continue;
      add(tab, {
        kind: 'cookie',
        id: nextId('c'),
        visitId: tab.visit.id,
        t: Math.round(d.timeStamp - tab.visit.startedAt),
        source: 'network',
        frameId: d.frameId,
        frameUrl: frameUrlOf(tab, d),
        via: 'header',
        action: parsed.declaredLifetime !== null && parsed.declaredLifetime <= 0 ? 'removed' : 'set',
        name: parsed.name,
        value: parsed.value,
        domain: parsed.domain ?? host,
        hostOnly: !parsed.domain,
        path: parsed.path ?? defaultCookiePath(d.url),
        secure: parsed.secure,
        httpOnly: parsed.httpOnly,
        sameSite: parsed.sameSite,
        partitioned: parsed.partitioned,
        declaredLifetime: parsed.declaredLifetime,
        party: partyOf(tab, parsed.domain ?? host),
        url: d.url,
      });
    }
  }

  function onBeforeRedirect(d: RequestDetails): void {
    const tab = tabs.get(d.tabId);
    if (!tab) return;
    writer.push({
      kind: 'patch-record',
      key: [tab.visit.id, `r:${d.requestId}`],
      patch: (r) => (r.kind === 'request' ? { ...r, redirects: [...r.redirects, d.url].slice(-20), status: d.statusCode } : r),
    });
  }

  function finish(d: RequestDetails): void {
    const tab = tabs.get(d.tabId);
    if (!tab) return;
    writer.push({
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
    if (tab.records >= (settings?.maxRecordsPerVisit ?? Number.POSITIVE_INFINITY)) return undefined;
    return { ...requestRecord(tab, d), recovered: true };
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
      type: readRequestType(d.type),
      initiator: d.initiator ?? d.originUrl,
      redirects: [],
      setCookies: [],
    };
  }

  function onCookieChanged(change: CookieChange): void {
    const at = now();
    recentCookieChanges.push({ change, at });
    while (recentCookieChanges.length > 500 || (recentCookieChanges[0] && recentCookieChanges[0].at < at - 5000)) recentCookieChanges.shift();
    for (const tab of tabs.values()) attributeCookieChange(tab, change, at);
  }

  /**
   * Records a cookie-store change in a visit when the cookie belongs to one of the visit's sites. The browser may
   * report a cookie set by a document's response before the webRequest event that starts its visit, so a new visit
   * also takes the changes of the last seconds that happened after it started.
   */
  function attributeCookieChange(tab: TabRuntime, { removed, cookie, cause }: CookieChange, at: number): void {
    const fields = storeCookieFields(cookie);
    if (!tab.visit.sites.includes(siteOf(fields.domain))) return;
    add(tab, {
      kind: 'cookie',
      id: nextId('c'),
      visitId: tab.visit.id,
      t: Math.round(at - tab.visit.startedAt),
      source: 'network',
      frameId: -1,
      via: 'store',
      action: removed ? 'removed' : 'set',
      name: cookie.name,
      value: cookie.value,
      ...fields,
      // The store only knows the clamped expiry; the declaration is on the matching header or script record.
      declaredLifetime: cookie.session || cookie.expirationDate === undefined ? null : Math.round(cookie.expirationDate - at / 1000),
      party: partyOf(tab, fields.domain),
      cause,
    });
  }

  async function handleProbeBatch(sender: ProbeSender, message: unknown): Promise<void> {
    const tabId = sender.tab?.id;
    const batch = parseProbeBatch(message);
    if (tabId === undefined || !batch) return;
    await enqueue('probe-batch', () => {
      const tab = tabs.get(tabId);
      if (!tab) return;
      const lost = batch.dropped + batch.rejected;
      if (lost) bumpDropped(tab, lost);
      const frameId = sender.frameId ?? -1;
      const frameUrl = sender.url ?? '';
      const origin = sender.origin ?? originOf(frameUrl);
      // A batch the relay sends again (the worker stopped before answering) gets the same record ids, so it overwrites.
      let n = 0;
      const batchId = batch.id;
      const idFor = batchId ? (prefix: string) => `${prefix}:b${tabId}.${frameId}.${batchId}.${(n++).toString(36)}` : nextId;
      for (const event of batch.events) {
        // Events stamped before this visit began belong to the page that was being left.
        if (event.at < tab.visit.startedAt) continue;
        for (const record of recordsFromProbe(tab, event, { frameId, frameUrl, origin }, idFor)) add(tab, record);
      }
    });
    // The relay's answer means "stored": only then may it forget the batch.
    await writer.flushed();
  }

  function recordsFromProbe(
    tab: TabRuntime,
    event: ProbeEvent,
    frame: { frameId: number; frameUrl: string; origin: string },
    nextId: (prefix: string) => string,
  ): EvidenceRecord[] {
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
        const host = hostnameOf(frame.frameUrl);
        const domain = parsed.domain ?? host;
        return [
          {
            ...base,
            kind: 'cookie',
            id: nextId('c'),
            source: 'probe',
            via: 'script',
            action: parsed.declaredLifetime !== null && parsed.declaredLifetime <= 0 ? 'removed' : 'set',
            name: parsed.name,
            value: parsed.value,
            domain,
            hostOnly: !parsed.domain,
            path: parsed.path ?? defaultCookiePath(frame.frameUrl),
            secure: parsed.secure,
            httpOnly: false,
            sameSite: parsed.sameSite,
            partitioned: parsed.partitioned,
            declaredLifetime: parsed.declaredLifetime,
            party: partyOf(tab, domain),
            ...(event.script && { url: event.script }),
          },
        ];
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
        return onceFor(tab, `idb|${frame.origin}|${event.name}`, {
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
          onceFor(tab, `global|${frame.origin}|${name}`, { ...base, kind: 'global', id: nextId('g'), source: 'probe', origin: frame.origin, name }),
        );
      case 'consent':
        return [{ ...base, kind: 'consent', id: nextId('k'), source: 'probe', signal: event.signal, command: event.command, params: event.params }];
      case 'fields':
        return event.fields.flatMap((f) =>
          onceFor(tab, `field|${frame.origin}|${f.selector}|${f.markers.join(',')}`, {
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
      case 'snapshot': {
        if (event.title !== undefined && frame.frameId === 0 && event.title !== tab.visit.title) {
          const title = event.title;
          tab.visit.title = title;
          writer.push({ kind: 'patch-visit', visitId: tab.visit.id, patch: (v) => ({ ...v, title }) });
        }
        const items: [StorageAreaName, string, string | undefined][] = [
          ...event.localStorage.map(([k, v]) => ['localStorage', k, v] as [StorageAreaName, string, string]),
          ...event.sessionStorage.map(([k, v]) => ['sessionStorage', k, v] as [StorageAreaName, string, string]),
          ...event.indexedDB.map((name) => ['indexedDB', name, undefined] as [StorageAreaName, string, undefined]),
        ];
        return items.flatMap(([area, key, value]) =>
          onceFor(tab, `snap|${frame.origin}|${area}|${key}|${value ?? ''}`, {
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

  function startVisit(tabId: number, url: string, startedAt: number, mainRequestId?: string): TabRuntime {
    const site = siteOfUrl(url) || hostnameOf(url) || url.slice(0, 100);
    const visit: Visit = {
      id: `${Math.round(startedAt).toString(36)}-${tabId}-${crypto.randomUUID().slice(0, 8)}`,
      tabId,
      url,
      site,
      startedAt,
      sites: site ? [site] : [],
      dropped: 0,
      ...(nextScenario.has(tabId) && { scenario: nextScenario.get(tabId) }),
    };
    nextScenario.delete(tabId);
    const tab: TabRuntime = { visit, mainRequestId, records: 0, frames: new Map([[0, url]]), seen: new Set() };
    tabs.set(tabId, tab);
    writer.push({ kind: 'visit', visit: { ...visit } });
    writer.push({ kind: 'tab', state: { tabId, visitId: visit.id, mainRequestId } });
    for (const { change, at } of recentCookieChanges) if (at >= startedAt) attributeCookieChange(tab, change, at);
    return tab;
  }

  /** The cookies the page's URL already had when its visit started (a consent choice from an earlier visit). */
  async function snapshotJar(tab: TabRuntime, url: string): Promise<void> {
    const cookies = api.cookies;
    if (!cookies.getAll || !/^https?:/.test(url)) return;
    const records = await captureCookieJar(
      (query) => cookies.getAll?.call(cookies, query) ?? Promise.resolve([]),
      url,
      { visitId: tab.visit.id },
      (domain) => partyOf(tab, domain),
      () => nextId('j'),
    );
    for (const record of records) add(tab, record);
  }

  /** A tab whose page loaded before the extension started: its visit starts now, from what the tab says. */
  async function adoptTab(d: RequestDetails): Promise<TabRuntime | undefined> {
    let url = d.documentUrl ?? d.initiator ?? '';
    let title: string | undefined;
    try {
      const info = await api.tabs.get(d.tabId);
      url = info.url || url;
      title = info.title;
    } catch {
      return undefined; // The tab is gone, or not a tab at all.
    }
    const tab = tabs.get(d.tabId) ?? startVisit(d.tabId, url, d.timeStamp);
    if (title && !tab.visit.title) tab.visit.title = title.slice(0, 500);
    return tab;
  }

  function add(tab: TabRuntime, record: EvidenceRecord): void {
    if (tab.records >= (settings?.maxRecordsPerVisit ?? Number.POSITIVE_INFINITY)) {
      bumpDropped(tab, 1);
      return;
    }
    tab.records++;
    writer.push({ kind: 'record', record });
  }

  function bumpDropped(tab: TabRuntime, count: number): void {
    tab.visit.dropped += count;
    writer.push({ kind: 'patch-visit', visitId: tab.visit.id, patch: (v) => ({ ...v, dropped: tab.visit.dropped }) });
  }

  function noteSite(tab: TabRuntime, url: string): void {
    const site = siteOfUrl(url);
    if (!site || tab.visit.sites.includes(site)) return;
    tab.visit.sites.push(site);
    const sites = [...tab.visit.sites];
    writer.push({ kind: 'patch-visit', visitId: tab.visit.id, patch: (v) => ({ ...v, sites }) });
  }

  function onceFor(tab: TabRuntime, key: string, record: EvidenceRecord): EvidenceRecord[] {
    if (tab.seen.has(key)) return [];
    remember(tab, key);
    return [record];
  }

  function partyOf(tab: TabRuntime, domain: string): 'first' | 'third' {
    return isDomainOfSite(domain, tab.visit.site) ? 'first' : 'third';
  }

  return {
    ready,
    handleProbeBatch,
    async currentVisitId(tabId) {
      await queue;
      return tabs.get(tabId)?.visit.id;
    },
    async idle() {
      await queue;
      await writer.flushed();
    },
    reset() {
      tabs.clear();
      writer.forget();
    },
    applySettings(next) {
      settings = next;
    },
    markNextVisit(tabId, scenario) {
      nextScenario.set(tabId, scenario);
    },
    recordAuditSignal(tabId, { signal, command, params, frameId, frameUrl, at, onceKey }) {
      return enqueue('audit-signal', () => {
        const tab = tabs.get(tabId);
        if (!tab) return;
        const record: EvidenceRecord = {
          kind: 'consent',
          id: nextId('a'),
          visitId: tab.visit.id,
          t: Math.max(0, Math.round(at - tab.visit.startedAt)),
          source: 'audit',
          frameId,
          ...(frameUrl && { frameUrl: frameUrl.slice(0, 2000) }),
          signal,
          command,
          params,
        };
        for (const kept of onceKey ? onceFor(tab, `audit:${onceKey}`, record) : [record]) add(tab, kept);
      });
    },
    recordCanaries(tabId, typed, frameUrl, at) {
      return enqueue('canaries', () => {
        const tab = tabs.get(tabId);
        if (!tab) return;
        for (const canary of typed) {
          add(tab, {
            kind: 'canary',
            id: nextId('y'),
            visitId: tab.visit.id,
            t: Math.round(at - tab.visit.startedAt),
            source: 'audit',
            frameId: canary.frameId ?? 0,
            frameUrl: (canary.frameUrl ?? frameUrl).slice(0, 2000),
            selector: canary.selector.slice(0, 300),
            fieldKind: readFieldKind(canary.fieldKind),
            label: canary.label.slice(0, 120),
            value: canary.value.slice(0, 200),
          });
        }
        tab.visit.scenario = 'canary';
        writer.push({ kind: 'patch-visit', visitId: tab.visit.id, patch: (v) => ({ ...v, scenario: 'canary' }) });
      });
    },
  };
}

type StorageAreaName = 'localStorage' | 'sessionStorage' | 'indexedDB';

let counter = 0;
function nextId(prefix: string): string {
  counter = (counter + 1) % 1_000_000;
  return `${prefix}:${Date.now().toString(36)}${counter.toString(36)}${crypto.randomUUID().slice(0, 4)}`;
}

function remember(tab: TabRuntime, key: string): void {
  if (tab.seen.size >= MAX_SEEN_KEYS) tab.seen.clear();
  tab.seen.add(key);
}

function frameUrlOf(tab: TabRuntime, d: RequestDetails): string | undefined {
  if (d.type === 'main_frame') return d.url;
  if (d.type === 'sub_frame') return tab.frames.get(d.parentFrameId ?? 0) ?? d.documentUrl;
  return d.documentUrl ?? tab.frames.get(d.frameId);
}

function readFieldKind(kind: string): FieldRecord['fieldKind'] {
  return FIELD_KINDS.find((k) => k === kind) ?? 'text';
}

function readRequestType(type: string): RequestType {
  return REQUEST_TYPES.find((t) => t === type) ?? 'other';
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
}

function resolveUrl(url: string, base: string): string {
  try {
    return new URL(url, base || undefined).href;
  } catch {
    return url;
  }
}
