import type { CaptureLevel, EvidenceRecord, EvidenceSink, Visit } from '../model';
import type { RequestDetails, TabInfo } from './platform';
import { createTabStores, type TabStore } from './tab-stores';
import { hostnameOf } from './url-parts';

/** What capture knows of a tab between events: its current visit and the keys it has recorded once. */
export interface TabRuntime {
  visit: Visit;
  mainRequestId?: string;
  records: number;
  frames: Map<number, string>;
  seen: Set<string>;
  /** Whether the visit's document has committed (webNavigation); until then the previous document still runs. */
  committed: boolean;
  /** When it committed (epoch ms, the event's own time): requests without a document id started before it are the previous document's. */
  committedAt?: number;
  /** The wait for its commit ended without one (the navigation failed, was superseded, or took too long). */
  waitedOut?: boolean;
  /** Chromium document ids of the visit's frames. */
  documents: Set<string>;
  /** The page relays (one per frame document) whose batches this visit took: a document's later batches follow it. */
  relays: Set<string>;
  /**
   * While the tab is asked for its cookie store (Chromium, a tab's first visit): no cookie change goes to the visit
   * until then, and the recent ones are replayed into it once the store is known.
   */
  storePending?: Promise<void>;
}

type OwnerDetails = Pick<RequestDetails, 'requestId' | 'documentId' | 'documentLifecycle' | 'type' | 'timeStamp'>;

export interface VisitsDeps {
  sink: EvidenceSink;
  /** The registrable domain (eTLD+1) of a hostname; capture uses it only to route cookie changes to visits. */
  siteOf: (hostname: string) => string;
  /** The tab's page, and its cookie store and window privacy (`tabInfo` in recorder.ts). */
  getTab: (tabId: number) => Promise<TabInfo>;
  /** Called with each new visit, before its first record (cookie changes seen just before it started join it). */
  onStart?: (tab: TabRuntime) => void;
  /** Whether commits are reported (`commit`); without them a new visit owns the tab's requests from its start. */
  watchesCommits: boolean;
  /** Epoch ms; only to let a closed tab's last events in for a moment. */
  now?: () => number;
  /** The capture level of a tab's new visit (`full` when not given). */
  levelOf?: (tabId: number) => CaptureLevel;
}

/** The tabs' current visits: starting, adopting and closing them, and adding records within each visit's cap. */
export interface Visits {
  /** The tab's current visit; for a tab closed a moment ago, its last one (its `pagehide` uploads are still coming). */
  get(tabId: number): TabRuntime | undefined;
  /**
   * The visit a request or page event belongs to: the tab's previous visit when it comes from the document being
   * left (its uploads on `pagehide` arrive after the next visit started), else the current one.
   */
  ownerOf(tab: TabRuntime, details: OwnerDetails): TabRuntime;
  /**
   * Whether the request's owner is not known yet: the tab navigated, its new document has not committed, and the
   * request names no document (Firefox). It may come from either page; the commit's time will tell (`commit`).
   */
  awaitsCommit(tab: TabRuntime, details: OwnerDetails): boolean;
  /** The wait for the visit's commit is over without one: requests without a document id stay with the page being left. */
  waitOut(tab: TabRuntime): void;
  /** The tab's previous visit, for page events stamped before the current one began. */
  previous(tabId: number): TabRuntime | undefined;
  /**
   * The tab's new document committed (at `timeStamp`, epoch ms): requests started from then on are the current
   * visit's. False for a late event of an earlier navigation, and for an early one: a commit that comes after the
   * current visit's own is of a navigation whose main-frame request has not been reported yet (Firefox sends
   * webNavigation events at once but batches webRequest events), and is kept for the visit that request starts. The
   * committed document (`documentId`, Chromium) is the visit's own from then on, even if it made no request yet.
   */
  commit(tabId: number, timeStamp: number, url?: string, documentId?: string): boolean;
  /**
   * Whether a web page of the tab committed before the main-frame request that began its navigation was reported (an
   * early commit, `commit`): its visit has not started yet, and its page's first events may come before it does.
   */
  startPending(tabId: number): boolean;
  all(): Iterable<TabRuntime>;
  /**
   * `store`: the tab's cookie store and privacy, when the request names them (Firefox). Otherwise (Chromium) they are
   * asked of the tab once, and known from then on for its later visits. Only the store's cookie changes go to the visit.
   */
  start(tabId: number, url: string, startedAt: number, mainRequestId?: string, store?: TabStore): TabRuntime;
  /** A tab whose page loaded before the extension started: its visit starts now, from what the tab says. */
  adopt(details: RequestDetails): Promise<TabRuntime | undefined>;
  /** The visit's main document was redirected: the visit is of the final URL. */
  redirect(tab: TabRuntime, url: string): void;
  restore(tab: { visit: Visit; mainRequestId?: string; records: number }): void;
  close(tabId: number): void;
  add(tab: TabRuntime, record: EvidenceRecord): void;
  /** Counts records not kept (a cap was hit, or probe messages were rejected) in the visit. */
  drop(tab: TabRuntime, count: number): void;
  isFull(tab: TabRuntime): boolean;
  noteSite(tab: TabRuntime, url: string): void;
  /** `[record]` the first time `key` is seen in the tab's visit, `[]` after. */
  once(tab: TabRuntime, key: string, record: EvidenceRecord): EvidenceRecord[];
  remember(tab: TabRuntime, key: string): void;
  patch(tab: TabRuntime, change: Partial<Pick<Visit, 'title' | 'scenario' | 'fullSince'>>): void;
  /** Names the scenario of the tab's next visit (an audit that reloads the page). */
  markNext(tabId: number, scenario: string): void;
  setMaxRecords(max: number): void;
  clear(): void;
}

const MAX_SEEN_KEYS = 20_000;
/** Document ids kept per visit (one per frame document; a page with more is an outlier). */
const MAX_DOCUMENTS = 500;
/**
 * How long a closed tab's last visit still takes that tab's events. A page's uploads on `pagehide` can reach the
 * worker after the tab is gone (Firefox reports a beacon sent as the tab closes after `tabs.onRemoved`); tab ids are
 * never reused within a browser session, so nothing else can claim them.
 */
export const CLOSED_GRACE_MS = 5000;
const WEB_PAGE = /^https?:\/\//i;

export function createVisits({ sink, siteOf, getTab, onStart, watchesCommits, now = Date.now, levelOf = () => 'full' }: VisitsDeps): Visits {
  const tabs = new Map<number, TabRuntime>();
  const previous = new Map<number, TabRuntime>();
  /** Tabs closed within the last CLOSED_GRACE_MS, with their closing time. */
  const closed = new Map<number, { tab: TabRuntime; at: number }>();
  const nextScenario = new Map<number, string>();
  /** Commits reported before the main-frame request of their navigation (`commit`), by tab. */
  const early = new Map<number, { at: number; url?: string; documentId?: string }>();
  /** Tabs whose early commit of a web page waits for its visit to start. */
  const pending = new Set<number>();
  const stores = createTabStores(getTab, sink);
  let maxRecords = Number.POSITIVE_INFINITY;

  const visits: Visits = {
    get: (tabId) => tabs.get(tabId) ?? justClosed(tabId),
    ownerOf(tab, d) {
      const left = previous.get(tab.visit.tabId);
      if (left && d.type !== 'main_frame') {
        if (left.seen.has(`r:${d.requestId}`) && !tab.seen.has(`r:${d.requestId}`)) return left;
        if (d.documentId && left.documents.has(d.documentId)) return left;
        // A document of this visit being deleted: the tab went on to a page that makes no request (about:blank).
        if (d.documentLifecycle === 'pending_deletion' && !(d.documentId && tab.documents.has(d.documentId))) return left;
        // No document id (Firefox): the page being left runs until the commit. Its last uploads (pagehide) start before
        // the commit; the new page's first ones after it.
        if (decidedByCommit(left, tab, d) && (!tab.committed || d.timeStamp < (tab.committedAt ?? 0))) return left;
      }
      if (d.documentId && tab.documents.size < MAX_DOCUMENTS) tab.documents.add(d.documentId);
      return tab;
    },
    awaitsCommit(tab, d) {
      const left = previous.get(tab.visit.tabId);
      return left !== undefined && d.type !== 'main_frame' && !tab.committed && !tab.waitedOut && decidedByCommit(left, tab, d);
    },
    waitOut(tab) {
      tab.waitedOut = true;
    },
    previous: (tabId) => previous.get(tabId),
    commit(tabId, timeStamp, url, documentId) {
      const tab = tabs.get(tabId);
      if (tab && !tab.committed && timeStamp >= tab.visit.startedAt) {
        tab.committed = true;
        tab.committedAt = timeStamp;
        if (documentId) tab.documents.add(documentId);
        return true;
      }
      // A late event of an earlier navigation does not commit the visit that started after it. A commit after the
      // current visit's own belongs to the visit the next main-frame request starts.
      if (!tab || (tab.committed && timeStamp > (tab.committedAt ?? tab.visit.startedAt))) {
        early.set(tabId, { at: timeStamp, url, documentId });
        if (!url || WEB_PAGE.test(url)) pending.add(tabId);
      }
      return false;
    },
    startPending: (tabId) => pending.has(tabId),
    all: () => tabs.values(),
    start(tabId, url, startedAt, mainRequestId, store) {
      const site = siteOfUrl(url, siteOf) || hostnameOf(url) || url.slice(0, 100);
      const scenario = nextScenario.get(tabId);
      nextScenario.delete(tabId);
      const visit: Visit = {
        id: `${Math.round(startedAt).toString(36)}-${tabId}-${crypto.randomUUID().slice(0, 8)}`,
        tabId,
        url,
        site,
        startedAt,
        sites: site ? [site] : [],
        dropped: 0,
        captureLevel: levelOf(tabId),
        ...(scenario !== undefined && { scenario }),
      };
      const tab: TabRuntime = {
        visit,
        mainRequestId,
        records: 0,
        frames: new Map([[0, url]]),
        seen: new Set(),
        committed: !watchesCommits,
        documents: new Set(),
        relays: new Set(),
      };
      const left = tabs.get(tabId);
      if (left) previous.set(tabId, left);
      tabs.set(tabId, tab);
      pending.delete(tabId);
      // Its commit came first: it is the commit of this navigation if it is not older than the request, and of a web
      // page (a navigation to about:blank commits with no request). It is kept for a later navigation reported in the
      // same batch (a second click before the first page came: the commit is the last one's); an older one is dropped.
      const committed = early.get(tabId);
      if (committed && committed.at < startedAt) early.delete(tabId);
      else if (watchesCommits && committed && (!committed.url || WEB_PAGE.test(committed.url))) {
        tab.committed = true;
        tab.committedAt = committed.at;
        if (committed.documentId) tab.documents.add(committed.documentId);
      }
      const asking = stores.label(tab, store);
      sink.push({ kind: 'visit', visit: { ...visit } });
      sink.push({ kind: 'tab', state: { tabId, visitId: visit.id, mainRequestId } });
      // A visit whose store is still asked for takes the recent cookie changes once it is known.
      if (asking) void asking.then(() => onStart?.(tab));
      else onStart?.(tab);
      return tab;
    },
    async adopt(d) {
      let url = d.documentUrl ?? d.initiator ?? '';
      let title: string | undefined;
      let store: TabStore = { cookieStoreId: d.cookieStoreId, incognito: d.incognito };
      try {
        const info = await getTab(d.tabId);
        url = info.url || url;
        title = info.title;
        if (!store.cookieStoreId) store = info;
      } catch {
        return undefined; // The tab is gone, or not a tab at all.
      }
      const tab = tabs.get(d.tabId) ?? visits.start(d.tabId, url, d.timeStamp, undefined, store);
      tab.committed = true; // Its document was already there.
      if (title && !tab.visit.title) tab.visit.title = title.slice(0, 500);
      return tab;
    },
    redirect(tab, url) {
      tab.visit.url = url;
      tab.visit.site = siteOfUrl(url, siteOf) || tab.visit.site;
      sink.push({ kind: 'visit', visit: { ...tab.visit } });
    },
    restore({ visit, mainRequestId, records }) {
      stores.restore(visit);
      tabs.set(visit.tabId, {
        visit,
        mainRequestId,
        records,
        frames: new Map([[0, visit.url]]),
        seen: new Set(),
        committed: true,
        documents: new Set(),
        relays: new Set(),
      });
    },
    close(tabId) {
      for (const [id, entry] of closed) if (now() - entry.at > CLOSED_GRACE_MS) closed.delete(id);
      const tab = tabs.get(tabId);
      if (tab) closed.set(tabId, { tab, at: now() });
      tabs.delete(tabId);
      previous.delete(tabId);
      early.delete(tabId);
      pending.delete(tabId);
      stores.forget(tabId);
      sink.push({ kind: 'delete-tab', tabId });
    },
    add(tab, record) {
      if (visits.isFull(tab)) {
        visits.drop(tab, 1);
        return;
      }
      tab.records++;
      sink.push({ kind: 'record', record });
    },
    drop(tab, count) {
      tab.visit.dropped += count;
      const dropped = tab.visit.dropped;
      sink.push({ kind: 'patch-visit', visitId: tab.visit.id, patch: (v) => ({ ...v, dropped }) });
    },
    isFull: (tab) => tab.records >= maxRecords,
    noteSite(tab, url) {
      const site = siteOfUrl(url, siteOf);
      if (!site || tab.visit.sites.includes(site)) return;
      tab.visit.sites.push(site);
      const sites = [...tab.visit.sites];
      sink.push({ kind: 'patch-visit', visitId: tab.visit.id, patch: (v) => ({ ...v, sites }) });
    },
    once(tab, key, record) {
      if (tab.seen.has(key)) return [];
      visits.remember(tab, key);
      return [record];
    },
    remember(tab, key) {
      if (tab.seen.size >= MAX_SEEN_KEYS) tab.seen.clear();
      tab.seen.add(key);
    },
    patch(tab, change) {
      Object.assign(tab.visit, change);
      sink.push({ kind: 'patch-visit', visitId: tab.visit.id, patch: (v) => ({ ...v, ...change }) });
    },
    markNext: (tabId, scenario) => void nextScenario.set(tabId, scenario),
    setMaxRecords(max) {
      maxRecords = max;
    },
    clear() {
      tabs.clear();
      previous.clear();
      closed.clear();
      early.clear();
      pending.clear();
    },
  };

  /**
   * Whether the request's page is told by the tab's commit alone: it names no document, its document is not being
   * deleted, and neither visit has seen it yet (a later event of a seen request follows its first).
   */
  function decidedByCommit(left: TabRuntime, tab: TabRuntime, d: OwnerDetails): boolean {
    const id = `r:${d.requestId}`;
    return !d.documentId && d.documentLifecycle !== 'pending_deletion' && !left.seen.has(id) && !tab.seen.has(id);
  }

  function justClosed(tabId: number): TabRuntime | undefined {
    const entry = closed.get(tabId);
    if (!entry) return undefined;
    if (now() - entry.at <= CLOSED_GRACE_MS) return entry.tab;
    closed.delete(tabId);
    return undefined;
  }
  return visits;
}

let counter = 0;
/** A record id unique within the worker's life and across lives: `<prefix>:<time><counter><random>`. */
export function nextRecordId(prefix: string): string {
  counter = (counter + 1) % 1_000_000;
  return `${prefix}:${Date.now().toString(36)}${counter.toString(36)}${crypto.randomUUID().slice(0, 4)}`;
}

function siteOfUrl(url: string, siteOf: (hostname: string) => string): string {
  const host = hostnameOf(url);
  return host ? siteOf(host) : '';
}
