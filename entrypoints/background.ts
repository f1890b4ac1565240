import { defineBackground } from '#imports';
import { browser } from 'wxt/browser';
import { runCanaryTest } from '@/lib/capture/canary-run';
import { runCleanObserve } from '@/lib/capture/clean-run';
import { evalSnippets, filterCompactRules } from '@duckduckgo/autoconsent';
import { AUTOCONSENT_ENVELOPE, createAutoconsentHub, selectFullRules } from '@/lib/capture/autoconsent-hub';
import { captureCmpStorage, type CmpStorageApi } from '@/lib/capture/cmp-storage';
import { runConsentScenario, type ScenarioStatus } from '@/lib/capture/consent-run';
import { readCmpStates } from '@/lib/consent/cmp-state';
import { siteOf } from '@/lib/site';
import type { CaptureApi } from '@/lib/capture/platform';
import { startRecorder } from '@/lib/capture/recorder';
import { markerSelectors } from '@/lib/classify/markers';
import { DATABASE_VERSION, getDefaultIndex } from '@/lib/classify/vendors';
import { parseRequest } from '@/lib/messages';
import { badgeFor } from '@/lib/report/badge';
import { createService } from '@/lib/service';
import { openDb } from '@/lib/store/db';
import { applyRetention } from '@/lib/store/visits';
import { watchWrites } from '@/lib/store/changes';
import { createWriter } from '@/lib/store/writer';

export default defineBackground(() => {
  const log = (context: string, error: unknown) => console.error(`[consent-inspector] ${context}`, error);
  const dbReady = openDb();
  const { writer, changes } = watchWrites(createWriter(dbReady, (error) => log('write', error)));
  // Listeners must be registered in the worker's first task, so capture starts against a lazily opened database.
  const recorder = startRecorder({
    api: browser as unknown as CaptureApi,
    db: dbReady,
    writer,
    now: Date.now,
    onError: log,
    ...(import.meta.env.FIREFOX && { resolveCanonicalName: resolveCanonicalName }),
  });
  const autoconsentRules = memo(loadAutoconsentRules);
  const hub = createAutoconsentHub({
    recordSignal: (tabId, signal) => recorder.recordAuditSignal(tabId, signal),
    sendToFrame: async (tabId, frameId, message) => {
      await browser.tabs.sendMessage(tabId, { type: AUTOCONSENT_ENVELOPE, message }, { frameId });
    },
    isSnippet: (id) => Object.hasOwn(evalSnippets, id),
    runSnippet: async (tabId, frameId, id) => {
      const func = evalSnippets[id as keyof typeof evalSnippets];
      // `world: 'MAIN'` runs autoconsent's own snippet function in the page (Chrome 102+, Firefox 128+).
      const scripting = browser.scripting as unknown as { executeScript(i: object): Promise<{ result?: unknown }[]> };
      const [injection] = await scripting.executeScript({ target: { tabId, frameIds: [frameId] }, world: 'MAIN', func });
      return injection?.result;
    },
    rulesFor: async (url, mainFrame, full) => {
      const rules = await autoconsentRules();
      return full ? { autoconsent: selectFullRules(rules.full, url) } : { autoconsent: [], compact: filterCompactRules(rules.compact, { url, mainFrame }) };
    },
    now: Date.now,
    onError: log,
  });
  const scenarioStatus = new Map<number, ScenarioStatus>();
  const scenarioTabs = new Set<number>();
  const service = dbReady.then((db) =>
    createService({
      db,
      recorder,
      changes,
      onError: log,
      runCleanObserve: (tabId, seconds) =>
        runCleanObserve(
          {
            recorder,
            tabUrl: async (id) => (await browser.tabs.get(id)).url,
            clearSiteData,
            reload: (id) => browser.tabs.reload(id, { bypassCache: true }),
            sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
          },
          tabId,
          seconds,
        ),
      onReport: (tabId, report) => {
        const badge = badgeFor(report.findings);
        void browser.action.setBadgeText({ tabId, text: badge.text }).catch(() => undefined);
        void browser.action.setBadgeBackgroundColor({ tabId, color: badge.color }).catch(() => undefined);
      },
      runCanary: (tabId, seconds) =>
        runCanaryTest(
          {
            recorder,
            tabUrl: async (id) => (await browser.tabs.get(id)).url,
            frames: async (id) => ((await browser.webNavigation.getAllFrames({ tabId: id })) ?? []).map((f) => ({ frameId: f.frameId, url: f.url })),
            sendToTab: (id, message, frameId) => browser.tabs.sendMessage(id, message, { frameId }),
            sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
            now: Date.now,
          },
          tabId,
          seconds,
        ),
      runScenario: async (tabId, scenario, seconds) => {
        if (scenarioTabs.has(tabId)) return { ok: false, reason: 'busy' };
        scenarioTabs.add(tabId);
        try {
          return await runConsentScenario(
            {
              recorder,
              hub,
              tabUrl: async (id) => (await browser.tabs.get(id)).url,
              clearSiteData,
              reload: (id) => browser.tabs.reload(id, { bypassCache: true }),
              readCmpReadings: async (id, url) => readCmpStates(await captureCmpStorage(browser as unknown as CmpStorageApi, id, url)),
              sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
              now: Date.now,
              newRunId: () => crypto.randomUUID().slice(0, 8),
              onStatus: (id, status) => scenarioStatus.set(id, status),
            },
            tabId,
            scenario,
            seconds,
          );
        } finally {
          scenarioTabs.delete(tabId);
        }
      },
      scenarioStatus: (tabId) => scenarioStatus.get(tabId),
      now: Date.now,
      meta: {
        extension: { name: 'Consent Inspector', version: browser.runtime.getManifest().version },
        browser: { name: import.meta.env.FIREFOX ? 'firefox' : 'chromium', userAgent: navigator.userAgent },
        database: { version: DATABASE_VERSION },
      },
    }),
  );
  const ownPages = browser.runtime.getURL('/');

  browser.runtime.onMessage.addListener((message: unknown, sender, sendResponse: (response: unknown) => void) => {
    if (isProbeBatch(message)) {
      if (!sender.tab) return false;
      // Answered once the batch is in IndexedDB; a relay that gets no answer sends the batch again.
      recorder.handleProbeBatch(sender, message).then(
        () => sendResponse({ stored: true }),
        () => sendResponse({ stored: false }),
      );
      return true;
    }
    if (isAutoconsentEnvelope(message)) {
      const tabId = sender.tab?.id;
      if (tabId !== undefined && !sender.url?.startsWith(ownPages)) {
        void hub.handle({ tabId, frameId: sender.frameId ?? 0, url: sender.url ?? '' }, message.message);
      }
      return false;
    }
    if (isMarkersRequest(message)) {
      sendResponse(markerSelectors(getDefaultIndex()));
      return false;
    }
    const request = parseRequest(message);
    // Only the extension's own pages may read evidence or delete it; content scripts run in page renderers.
    if (!request || (sender.tab?.id !== undefined && !sender.url?.startsWith(ownPages))) return false;
    service
      .then((s) => s.handle(request))
      .then(sendResponse, (error: unknown) => {
        log(`message ${request.type}`, error);
        sendResponse({ ok: false, reason: 'error' });
      });
    return true;
  });

  browser.tabs.onRemoved.addListener((tabId) => {
    hub.reset(tabId);
    scenarioStatus.delete(tabId);
  });

  // The badge follows each page: a report a few seconds after it finished loading.
  browser.tabs.onUpdated.addListener((tabId, change) => {
    if (change.status !== 'complete') return;
    setTimeout(() => void service.then((s) => s.report({ tabId })).catch((error) => log('badge', error)), 3000);
  });

  void dbReady.then((db) => applyRetention(db, Date.now())).catch((error) => log('retention', error));
});

/** Clears what the page's site stored: cookies, Web Storage, IndexedDB, caches, service workers (Chromium filters by origin, Firefox by hostname). */
async function clearSiteData(url: string): Promise<void> {
  const { hostname, protocol } = new URL(url);
  const site = siteOf(hostname);
  const hosts = [...new Set([hostname, site, `www.${site}`])];
  // Firefox rejects data types it does not know (cacheStorage) and cannot filter the HTTP cache by hostname.
  const types = import.meta.env.FIREFOX
    ? { cookies: true, localStorage: true, indexedDB: true, serviceWorkers: true }
    : { cookies: true, localStorage: true, indexedDB: true, serviceWorkers: true, cacheStorage: true };
  const filter = import.meta.env.FIREFOX ? { hostnames: hosts } : { origins: hosts.flatMap((h) => [`${protocol}//${h}`, `https://${h}`]) };
  await browser.browsingData.remove(filter as Parameters<typeof browser.browsingData.remove>[0], types);
  // Cookies set on the registrable domain by subdomains are not covered by an origin filter: remove them too.
  for (const cookie of await browser.cookies.getAll({ domain: site })) {
    const host = cookie.domain.replace(/^\./, '');
    await browser.cookies
      .remove({ url: `${cookie.secure ? 'https' : 'http'}://${host}${cookie.path}`, name: cookie.name, storeId: cookie.storeId })
      .catch(() => undefined);
  }
}

/** Firefox only: the CNAME target of a hostname, which uncovers trackers hidden behind first-party subdomains. */
async function resolveCanonicalName(hostname: string): Promise<string | undefined> {
  const dns = (browser as unknown as { dns?: { resolve(host: string, flags: string[]): Promise<{ canonicalName?: string }> } }).dns;
  if (!dns) return undefined;
  const record = await dns.resolve(hostname, ['canonical_name']);
  return record.canonicalName;
}

function isAutoconsentEnvelope(message: unknown): message is { type: 'autoconsent'; message: unknown } {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === AUTOCONSENT_ENVELOPE;
}

/** autoconsent's rules, shipped as extension files (copied from the package at build, see wxt.config.ts). */
async function loadAutoconsentRules(): Promise<{ compact: Parameters<typeof filterCompactRules>[0]; full: unknown[] }> {
  const read = async (file: string) => (await fetch(browser.runtime.getURL(file as '/'))).json() as Promise<unknown>;
  const [compact, full] = await Promise.all([read('/autoconsent/compact-rules.json'), read('/autoconsent/rules.json')]);
  const list = (full as { autoconsent?: unknown }).autoconsent;
  return { compact: compact as Parameters<typeof filterCompactRules>[0], full: Array.isArray(list) ? list : [] };
}

function memo<T>(load: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => {
    value ??= load().catch((error: unknown) => {
      value = undefined;
      throw error;
    });
    return value;
  };
}

function isMarkersRequest(message: unknown): boolean {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'get-markers';
}

function isProbeBatch(message: unknown): boolean {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'probe-batch';
}
