import { defineBackground } from '#imports';
import { browser } from 'wxt/browser';
import { createAudits } from '@/lib/audit/audits';
import { canonicalNameResolver } from '@/lib/capture/canonical-name';
import { forgetPrivateSessions } from '@/lib/capture/private-sessions';
import { startRecorder } from '@/lib/capture/recorder';
import { siteOf } from '@/lib/classify/site';
import { DATABASE_VERSION, MARKER_SELECTORS } from '@/lib/classify/vendors';
import { failureOf, readIncoming } from '@/lib/messages';
import { showBadge } from '@/lib/report/badge';
import type { Report } from '@/lib/report/types';
import { createService } from '@/lib/service';
import { watchWrites } from '@/lib/store/changes';
import { DB_NAME, openLastingDb } from '@/lib/store/db';
import { resumeAcrossUpdate } from '@/lib/store/update';
import { createWriter } from '@/lib/store/writer';

export default defineBackground(() => {
  const log = (context: string, error: unknown) => console.error(`[consent-inspector] ${context}`, error);
  const db = openLastingDb(DB_NAME, (error) => log('reopen', error));
  const { writer, changes } = watchWrites(createWriter(db, (error) => log('write', error)));
  // Listeners must be registered in the worker's first task, so capture starts before the database has answered.
  const resolveCanonicalName = canonicalNameResolver(browser);
  // A visit open when the extension was updated is closed first: the old version's page scripts cannot reach this one.
  const resume = resumeAcrossUpdate(db, browser.runtime.getManifest().version, Date.now, log);
  const recorder = startRecorder({ api: browser, sink: writer, resume, siteOf, now: Date.now, onError: log, resolveCanonicalName });
  const audits = createAudits({ browser, recorder, db, isFirefox: import.meta.env.FIREFOX, now: Date.now, onError: log });
  const meta = {
    extension: { name: 'Consent Inspector', version: browser.runtime.getManifest().version },
    browser: { name: import.meta.env.FIREFOX ? 'firefox' : 'chromium', userAgent: navigator.userAgent },
    database: { version: DATABASE_VERSION },
  };
  const onReport = (tabId: number, report: Report) => showBadge(browser.action, tabId, report.findings);
  const service = db.then((store) => createService({ db: store, recorder, changes, audits, onError: log, onReport, now: Date.now, meta }));
  const ownPages = browser.runtime.getURL('/');

  browser.runtime.onMessage.addListener((message: unknown, sender, sendResponse: (response: unknown) => void) => {
    const tabId = sender.tab?.id;
    const incoming = readIncoming(message, tabId !== undefined && !sender.url?.startsWith(ownPages));
    switch (incoming?.kind) {
      case 'probe-batch':
        if (tabId === undefined) return false;
        // Answered once the batch is in IndexedDB; a relay that gets no answer sends the batch again.
        recorder.handleProbeBatch(sender, incoming.batch).then(
          () => sendResponse({ stored: true }),
          () => sendResponse({ stored: false }),
        );
        return true;
      case 'autoconsent':
        if (tabId !== undefined && !sender.url?.startsWith(ownPages))
          void audits.hub.handle({ tabId, frameId: sender.frameId ?? 0, url: sender.url ?? '' }, incoming.message);
        return false;
      case 'get-markers':
        sendResponse(MARKER_SELECTORS);
        return false;
      case 'request':
        service
          .then((s) => s.handle(incoming.request))
          .then(sendResponse, (error: unknown) => {
            log(`message ${incoming.request.type}`, error);
            sendResponse(failureOf(error));
          });
        return true;
      default:
        return false;
    }
  });

  browser.tabs.onRemoved.addListener((tabId) => audits.forgetTab(tabId));
  // A private session's evidence ends with it: the visits of private windows go once none is left.
  forgetPrivateSessions({ windows: browser.windows, forget: () => service.then((s) => s.forgetPrivate()), onError: log });
  // The badge follows each page: a report a few seconds after it finished loading.
  browser.tabs.onUpdated.addListener((tabId, change) => {
    if (change.status !== 'complete') return;
    setTimeout(() => void service.then((s) => s.report({ tabId })).catch((error) => log('badge', error)), 3000);
    void service.then((s) => s.retain()).catch((error) => log('retention', error));
  });
  void service.then((s) => s.retain()).catch((error) => log('retention', error));
});
