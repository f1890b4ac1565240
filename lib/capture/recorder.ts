import type { EvidenceSink, Visit } from '../model';
import { type AuditSignal, recordAuditSignal, recordCanaries, type TypedCanary } from './audit-records';
import { createCookieCapture } from './cookies';
import type { CaptureApi, CookieChange, ProbeSender, TabInfo } from './platform';
import { startCaptureLevels } from './levels';
import { comesBeforeItsVisit, ingestProbeBatch } from './probe-ingest';
import { createRequestCapture } from './requests';
import { createVisits } from './visits';

export type { AuditSignal } from './audit-records';

/** What capture resumes from after a worker restart (read from the store). */
export interface CaptureResume {
  maxRecordsPerVisit: number;
  /** The "full capture on every tab" setting (absent: off). */
  fullCaptureAllTabs?: boolean;
  tabs: { visit: Visit; mainRequestId?: string; records: number }[];
}

export interface RecorderDeps {
  api: CaptureApi;
  sink: EvidenceSink;
  /** The previous worker life's tabs; events wait for it, listeners do not. */
  resume: Promise<CaptureResume>;
  /** The registrable domain (eTLD+1) of a hostname. */
  siteOf: (hostname: string) => string;
  now: () => number;
  /** Called once per unexpected error, with context; capture goes on. */
  onError: (context: string, error: unknown) => void;
  /** DNS canonical name of a hostname (Firefox's `dns.resolve`); absent where the browser has no such API. */
  resolveCanonicalName?: (hostname: string) => Promise<string | undefined>;
  /** How long a navigated tab's requests may wait for its commit (ms); tests shorten it. */
  commitWaitMs?: number;
}

/**
 * How long requests that name no document (Firefox) wait for their tab's new document to commit before they are
 * given to the page being left. A commit delivered late under load arrives well within it; a navigation that never
 * commits (a download, a 204) holds its tab's requests this long, and loses nothing.
 */
const COMMIT_WAIT_MS = 5000;

export interface Recorder {
  /** Resolves once the tab states of a previous worker life are loaded. */
  ready: Promise<void>;
  /** Resolves once the batch is stored (the relay resends a batch that got no answer). */
  handleProbeBatch(sender: ProbeSender, message: unknown): Promise<void>;
  currentVisitId(tabId: number): Promise<string | undefined>;
  /** Every tab's current visit. */
  currentVisitIds(): Promise<string[]>;
  /** Resolves when every event received so far is written. */
  idle(): Promise<void>;
  /** Forgets in-memory state (after "Delete all data"). */
  reset(): void;
  setMaxRecordsPerVisit(max: number): void;
  /** Records the values an audit typed into a tab, stamped `at` (epoch ms, when typing began). */
  recordCanaries(tabId: number, typed: readonly TypedCanary[], frameUrl: string, at: number): Promise<void>;
  /** Names the scenario of the tab's next visit (an audit that reloads the page), which is captured in full. */
  markNextVisit(tabId: number, scenario: string): void;
  /**
   * Full capture for the tab from now until it closes (`CaptureLevel`). Its current visit, if it started at the
   * everyday level, records when full capture began; its next visits are full.
   */
  inspectFully(tabId: number): Promise<void>;
  /** The "full capture on every tab" setting. */
  setFullCaptureAllTabs(on: boolean): void;
  /** Records a consent signal the extension itself observed or caused in the tab's current visit. */
  recordAuditSignal(tabId: number, signal: AuditSignal): Promise<void>;
}

/**
 * Wires the browser's network and cookie events, and the page probe's batches, into evidence records.
 * Listeners are registered synchronously (a woken MV3 worker must have them before its first task ends); events are
 * then handled strictly in arrival order through one queue, after the previous worker life's state is loaded.
 */
export function startRecorder({ api, sink, resume, siteOf, now, onError, resolveCanonicalName, commitWaitMs = COMMIT_WAIT_MS }: RecorderDeps): Recorder {
  let queue: Promise<void> = Promise.resolve();
  const visits = createVisits({
    sink,
    siteOf,
    getTab: (tabId) => tabInfo(api, tabId),
    onStart: (tab) => {
      cookies.replayRecent(tab);
      if (earlyBatches.has(tab.visit.tabId)) void enqueue('probe-batch', () => releaseEarly(tab.visit.tabId));
    },
    watchesCommits: api.webNavigation !== undefined,
    now,
    levelOf: (tabId) => levels.levelOf(tabId),
  });
  const cookies = createCookieCapture({ visits, cookies: api.cookies, siteOf, now });
  const requests = createRequestCapture({
    visits,
    sink,
    siteOf,
    snapshotJar: cookies.snapshotJar,
    resolveCanonicalName,
    onHold: (visitId) => setTimeout(() => void enqueue('commit wait', () => requests.release(visitId)), commitWaitMs),
  });

  /**
   * Probe batches of a page whose visit has not started yet (`comesBeforeItsVisit`), by tab: they go in once it starts,
   * or after `commitWaitMs` as any batch would (a navigation restored from the back-forward cache makes no request).
   */
  const earlyBatches = new Map<number, { timer: ReturnType<typeof setTimeout>; held: { sender: ProbeSender; message: unknown; done: () => void }[] }>();
  function releaseEarly(tabId: number, ingest = true): void {
    const entry = earlyBatches.get(tabId);
    earlyBatches.delete(tabId);
    if (!entry) return;
    clearTimeout(entry.timer);
    for (const { sender, message, done } of entry.held) {
      if (ingest) ingestProbeBatch(visits, sender, message);
      done();
    }
  }
  function holdEarly(tabId: number, sender: ProbeSender, message: unknown): Promise<void> {
    let entry = earlyBatches.get(tabId);
    if (!entry) {
      entry = { timer: setTimeout(() => void enqueue('probe-batch', () => releaseEarly(tabId)), commitWaitMs), held: [] };
      earlyBatches.set(tabId, entry);
    }
    const { held } = entry;
    return new Promise((done) => held.push({ sender, message, done }));
  }

  const ready = resume.then((state) => {
    visits.setMaxRecords(state.maxRecordsPerVisit);
    for (const tab of state.tabs) visits.restore(tab);
    // A tab inspected before the worker stopped is inspected still.
    keepFullTabs();
    levels.setAllTabs(state.fullCaptureAllTabs === true);
  });

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

  const levels = startCaptureLevels(api, {
    onBeforeRequest: on('onBeforeRequest', requests.onBeforeRequest),
    onHeadersReceived: on('onHeadersReceived', requests.onHeadersReceived),
    onSendHeaders: on('onSendHeaders', requests.onSendHeaders),
  });
  const filter = { urls: ['<all_urls>'] };
  api.webRequest.onBeforeRedirect.addListener(on('onBeforeRedirect', requests.onBeforeRedirect), filter);
  // No onCompleted listener: status comes with the headers, and every listener costs the page an IPC per request.
  api.webRequest.onErrorOccurred.addListener(on('onErrorOccurred', requests.onErrorOccurred), filter);
  const onCookieChanged = on('cookies.onChanged', cookies.onChanged);
  api.cookies.onChanged.addListener((change: CookieChange) => {
    cookies.noteChange(change);
    onCookieChanged(change);
  });
  api.tabs.onRemoved.addListener(
    on('tabs.onRemoved', async (tabId: number) => {
      const tab = visits.get(tabId);
      if (tab) await requests.release(tab.visit.id);
      visits.close(tabId);
      levels.forget(tabId);
    }),
  );
  api.webNavigation?.onCommitted.addListener(
    on('webNavigation.onCommitted', async (d: { tabId: number; frameId: number; timeStamp: number; url?: string; documentId?: string }) => {
      if (d.frameId !== 0 || !visits.commit(d.tabId, d.timeStamp, d.url, d.documentId)) return;
      const tab = visits.get(d.tabId);
      if (tab) await requests.release(tab.visit.id);
    }),
  );

  /** Tabs whose current visit says it is captured in full stay so until they close, whatever the setting becomes. */
  function keepFullTabs(): void {
    for (const tab of visits.all()) if (tab.visit.captureLevel === 'full' || tab.visit.fullSince !== undefined) levels.inspectFully(tab.visit.tabId);
  }

  /** The tabs' current visits (all tabs' by default) that began at the everyday level are captured in full from now. */
  function fullFromNow(tabIds?: number[]): Promise<void> {
    const since = now();
    return enqueue('capture level', () => {
      for (const tab of tabIds ? tabIds.map((id) => visits.get(id)) : visits.all())
        if (tab?.visit.captureLevel === 'everyday' && tab.visit.fullSince === undefined) visits.patch(tab, { fullSince: since });
    });
  }

  return {
    ready,
    async handleProbeBatch(sender, message) {
      let waiting: Promise<void> | undefined;
      await enqueue('probe-batch', () => {
        const tabId = sender.tab?.id;
        if (tabId !== undefined && comesBeforeItsVisit(visits, sender, message)) waiting = holdEarly(tabId, sender, message);
        else ingestProbeBatch(visits, sender, message);
      });
      await waiting;
      // The relay's answer means "stored": only then may it forget the batch.
      await sink.flushed();
    },
    async currentVisitId(tabId) {
      await queue;
      return visits.get(tabId)?.visit.id;
    },
    async currentVisitIds() {
      await queue;
      return [...visits.all()].map((tab) => tab.visit.id);
    },
    async idle() {
      await queue;
      await sink.flushed();
    },
    reset() {
      for (const tabId of [...earlyBatches.keys()]) releaseEarly(tabId, false);
      requests.clear();
      visits.clear();
      sink.forget();
    },
    setMaxRecordsPerVisit: (max) => visits.setMaxRecords(max),
    markNextVisit(tabId, scenario) {
      levels.inspectFully(tabId);
      visits.markNext(tabId, scenario);
    },
    inspectFully(tabId) {
      levels.inspectFully(tabId);
      return fullFromNow([tabId]);
    },
    setFullCaptureAllTabs(on) {
      if (on) {
        levels.setAllTabs(true);
        void fullFromNow();
      } else {
        // The visits open now were promised full capture: their tabs keep it.
        void enqueue('capture level', () => {
          keepFullTabs();
          levels.setAllTabs(false);
        });
      }
    },
    recordAuditSignal: (tabId, signal) => enqueue('audit-signal', () => recordAuditSignal(visits, tabId, signal)),
    recordCanaries: (tabId, typed, frameUrl, at) => enqueue('canaries', () => recordCanaries(visits, tabId, typed, frameUrl, at)),
  };
}

/**
 * A tab's page, privacy and cookie store. Firefox names the store on the tab; Chromium only in `getAllCookieStores`
 * (`0`, and `1` for its incognito windows).
 */
async function tabInfo(api: CaptureApi, tabId: number): Promise<TabInfo> {
  const tab = await api.tabs.get(tabId);
  if (tab.cookieStoreId || !api.cookies.getAllCookieStores) return tab;
  const stores = await api.cookies.getAllCookieStores().catch(() => []);
  const store = stores.find((s) => s.tabIds.includes(tabId))?.id;
  return store ? { ...tab, cookieStoreId: store } : tab;
}
