import { evalSnippets, filterCompactRules } from '@duckduckgo/autoconsent';
import type { WxtBrowser } from 'wxt/browser';
import type { Recorder } from '../capture/recorder';
import { classifyUrl } from '../classify/match';
import { siteOf } from '../classify/site';
import { getDefaultIndex } from '../classify/vendors';
import { readCmpStates } from '../consent/cmp-state';
import type { ConsentScenario, ScenarioStatus } from '../model';
import { readScenarioStatus, writeScenarioStatus } from '../store/audits';
import type { Db } from '../store/db';
import { readRecords, readVisit } from '../store/visits';
import { createAutoconsentHub, selectFullRules } from './autoconsent-hub';
import { loadAutoconsentRules } from './autoconsent-rules';
import { type CanaryRunResult, runCanaryTest } from './canary-run';
import { type CleanRunResult, runCleanObserve } from './clean-run';
import { captureCmpStorage } from './cmp-storage';
import { runConsentScenario, type ScenarioResult } from './consent-run';
import { clearSiteData } from './site-data';
import { parseBannerClick, parseFrameBanners, type FrameBanner } from './unknown-banner';

export interface AuditsDeps {
  browser: WxtBrowser;
  recorder: Recorder;
  db: Promise<Db>;
  isFirefox: boolean;
  now: () => number;
  onError: (context: string, error: unknown) => void;
}

/** The audits a user starts (clean observe, canary test, reject/accept), wired to the browser. */
export interface Audits {
  hub: ReturnType<typeof createAutoconsentHub>;
  runCanary(tabId: number, seconds: number): Promise<CanaryRunResult>;
  runCleanObserve(tabId: number, seconds: number): Promise<CleanRunResult>;
  runScenario(tabId: number, scenario: ConsentScenario, seconds: number): Promise<ScenarioResult>;
  /** The tab's latest reject/accept run, from the store (a run the worker lost on a restart reads `interrupted`). */
  scenarioStatus(tabId: number): Promise<ScenarioStatus | undefined>;
}

export function createAudits({ browser, recorder, db, isFirefox, now, onError }: AuditsDeps): Audits {
  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
  const tabUrl = async (tabId: number) => (await browser.tabs.get(tabId)).url;
  const reload = (tabId: number) => browser.tabs.reload(tabId, { bypassCache: true });
  const clear = (url: string) => clearSiteData(browser, isFirefox, url, siteOf(new URL(url).hostname));
  const rules = loadAutoconsentRules(async (file) => (await fetch(browser.runtime.getURL(file as '/'))).json());
  const running = new Set<number>();
  const siteOfUrl = (url: string) => {
    try {
      return siteOf(new URL(url).hostname);
    } catch {
      return '';
    }
  };

  /** Asks every frame of the tab (at most 30) for the consent banners its content script sees. */
  async function findBanners(tabId: number): Promise<FrameBanner[]> {
    const topSite = siteOfUrl((await tabUrl(tabId)) ?? '');
    const frames = ((await browser.webNavigation.getAllFrames({ tabId })) ?? []).slice(0, 30);
    const answers = await Promise.all(
      frames.map((frame) =>
        browser.tabs.sendMessage(tabId, { type: 'banner-find' }, { frameId: frame.frameId }).then(
          (answer: unknown) => parseFrameBanners(answer, frame.frameId, frame.url, !!topSite && siteOfUrl(frame.url) === topSite),
          (): FrameBanner[] => [],
        ),
      ),
    );
    return answers.flat();
  }

  /** Vendors that need consent and whose first request in the visit came at or after `at` (epoch ms). */
  async function trackersStarted(visitId: string, at: number): Promise<string[]> {
    await recorder.idle();
    const store = await db;
    const visit = await readVisit(store, visitId);
    if (!visit) return [];
    const since = at - visit.startedAt;
    const first = new Map<string, number>();
    const index = getDefaultIndex();
    for (const record of await readRecords(store, visitId)) {
      if (record.kind !== 'request') continue;
      const found = classifyUrl(index, record.url, visit.site);
      if (found.kind !== 'vendor' || found.vendor.consent !== 'required') continue;
      first.set(found.vendor.id, Math.min(first.get(found.vendor.id) ?? Number.POSITIVE_INFINITY, record.t));
    }
    return [...first].filter(([, t]) => t >= since).map(([id]) => id);
  }

  const hub = createAutoconsentHub({
    recordSignal: (tabId, signal) => recorder.recordAuditSignal(tabId, signal),
    sendToFrame: async (tabId, frameId, message) => {
      await browser.tabs.sendMessage(tabId, { type: 'autoconsent', message }, { frameId });
    },
    isSnippet: (id) => Object.hasOwn(evalSnippets, id),
    runSnippet: async (tabId, frameId, id) => {
      const func = evalSnippets[id as keyof typeof evalSnippets];
      // `world: 'MAIN'` runs autoconsent's own snippet function in the page (Chrome 102+, Firefox 128+).
      const [injection] = await browser.scripting.executeScript({ target: { tabId, frameIds: [frameId] }, world: 'MAIN', func });
      return injection?.result;
    },
    rulesFor: async (url, mainFrame, full) => {
      const { compact, full: all } = await rules();
      return full ? { autoconsent: selectFullRules(all, url) } : { autoconsent: [], compact: filterCompactRules(compact, { url, mainFrame }) };
    },
    now,
    onError,
  });

  return {
    hub,
    runCanary: (tabId, seconds) =>
      runCanaryTest(
        {
          recorder,
          tabUrl,
          frames: async (id) => ((await browser.webNavigation.getAllFrames({ tabId: id })) ?? []).map((f) => ({ frameId: f.frameId, url: f.url })),
          sendToTab: (id, message, frameId) => browser.tabs.sendMessage(id, message, { frameId }),
          sleep,
          now,
        },
        tabId,
        seconds,
      ),
    runCleanObserve: (tabId, seconds) => runCleanObserve({ recorder, tabUrl, clearSiteData: clear, reload, sleep }, tabId, seconds),
    async runScenario(tabId, scenario, seconds) {
      const previous = await readScenarioStatus(await db, tabId);
      if (running.has(tabId) || (previous && previous.step !== 'done')) return { ok: false, reason: 'busy' };
      running.add(tabId);
      try {
        return await runConsentScenario(
          {
            recorder,
            hub,
            tabUrl,
            clearSiteData: clear,
            reload,
            readCmpReadings: async (id, url) => readCmpStates(await captureCmpStorage(browser, id, url)),
            captureStorage: (id, url) => captureCmpStorage(browser, id, url),
            findBanners,
            clickBanner: async (id, frameId, choice) => parseBannerClick(await browser.tabs.sendMessage(id, { type: 'banner-click', choice }, { frameId })),
            trackersStarted,
            sleep,
            now,
            newRunId: () => crypto.randomUUID().slice(0, 8),
            onStatus: (id, status) => void db.then((d) => writeScenarioStatus(d, id, status)).catch((error: unknown) => onError('scenario status', error)),
          },
          tabId,
          scenario,
          seconds,
        );
      } finally {
        running.delete(tabId);
      }
    },
    scenarioStatus: async (tabId) => readScenarioStatus(await db, tabId),
  };
}
