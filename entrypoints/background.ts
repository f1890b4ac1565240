import { defineBackground } from '#imports';
import { browser } from 'wxt/browser';
import { runCanaryTest } from '@/lib/capture/canary-run';
import { runCleanObserve } from '@/lib/capture/clean-run';
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
            sendToTab: (id, message) => browser.tabs.sendMessage(id, message, { frameId: 0 }),
            sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
            now: Date.now,
          },
          tabId,
          seconds,
        ),
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
    if (isMarkersRequest(message)) {
      sendResponse(markerSelectors(getDefaultIndex()));
      return false;
    }
    const request = parseRequest(message);
    // Only the extension's own pages may read evidence or delete it; content scripts run in page renderers.
    if (!request || sender.tab?.id !== undefined && !sender.url?.startsWith(ownPages)) return false;
    service
      .then((s) => s.handle(request))
      .then(sendResponse, (error: unknown) => {
        log(`message ${request.type}`, error);
        sendResponse({ ok: false, reason: 'error' });
      });
    return true;
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
    await browser.cookies.remove({ url: `${cookie.secure ? 'https' : 'http'}://${host}${cookie.path}`, name: cookie.name, storeId: cookie.storeId }).catch(() => undefined);
  }
}

/** Firefox only: the CNAME target of a hostname, which uncovers trackers hidden behind first-party subdomains. */
async function resolveCanonicalName(hostname: string): Promise<string | undefined> {
  const dns = (browser as unknown as { dns?: { resolve(host: string, flags: string[]): Promise<{ canonicalName?: string }> } }).dns;
  if (!dns) return undefined;
  const record = await dns.resolve(hostname, ['canonical_name']);
  return record.canonicalName;
}

function isMarkersRequest(message: unknown): boolean {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'get-markers';
}

function isProbeBatch(message: unknown): boolean {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'probe-batch';
}
