import { evalSnippets, filterCompactRules } from '@duckduckgo/autoconsent';
import type { WxtBrowser } from 'wxt/browser';
import type { Recorder } from '../capture/recorder';
import { siteOf } from '../classify/site';
import { cmpCandidates } from '../consent/cmp-ids';
import { readCmpStates } from '../consent/cmp-state';
import type { ConsentScenario, ScenarioStatus } from '../scenario';
import { deleteScenarioStatus, interruptRunningScenarios, readScenarioStatus, writeScenarioStatus } from '../store/audits';
import type { Db } from '../store/db';
import { createAutoconsentHub, selectFullRules } from './autoconsent-hub';
import { createBannerFrames } from './banner-frames';
import { loadAutoconsentRules } from './autoconsent-rules';
import {
  type CanaryPlan,
  type CanaryPlanResult,
  type CanaryRunDeps,
  type CanaryRunResult,
  finishCanaryTest,
  focusField,
  planCanaryTest,
  runCanaryTest,
} from './canary-run';
import { type CleanRunResult, runCleanObserve } from './clean-run';
import { captureCmpStorage } from './cmp-storage';
import { runConsentScenario, type ScenarioResult } from './consent-run';
import { OWN_AUTOCONSENT_RULES } from './own-rules';
import { neutralPoint, observeLikeVisitor, type VisitorDeps } from './visitor';
import { clearSiteData } from './site-data';
import { createTabScreenshots } from './tab-screenshots';

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
  /** `typedBy: 'automation'`: ends the test `planCanary` began, whose values the caller typed itself. */
  runCanary(tabId: number, seconds: number, typedBy?: 'automation'): Promise<CanaryRunResult>;
  /** The CLI's canary test: plans it in every frame and keeps the plan until `runCanary(…, 'automation')`. */
  planCanary(tabId: number): Promise<CanaryPlanResult>;
  focusCanary(tabId: number, frameId: number, index: number): Promise<{ focused: boolean }>;
  /** A neutral point of the page for the CLI's own click (lib/audit/visitor-page.ts). */
  visitorTarget(tabId: number): Promise<{ ok: true; x: number; y: number } | { ok: false }>;
  runCleanObserve(tabId: number, seconds: number): Promise<CleanRunResult>;
  /** Full capture for the tab from now until it closes, then a reload: its next visit is captured in full. */
  inspectFully(tabId: number): Promise<{ ok: true }>;
  runScenario(tabId: number, scenario: ConsentScenario, seconds: number): Promise<ScenarioResult>;
  /** The tab's latest reject/accept run, from the store (a run the worker lost on a restart reads `interrupted`). */
  scenarioStatus(tabId: number): Promise<ScenarioStatus | undefined>;
  /** The tab was closed: its autoconsent log and audit status go. */
  forgetTab(tabId: number): void;
}

export function createAudits({ browser, recorder, db, isFirefox, now, onError }: AuditsDeps): Audits {
  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
  const tabUrl = async (tabId: number) => (await browser.tabs.get(tabId)).url;
  const reload = (tabId: number) => browser.tabs.reload(tabId, { bypassCache: true });
  const clear = (url: string) => clearSiteData(browser, isFirefox, url, siteOf(new URL(url).hostname));
  const rules = loadAutoconsentRules(async (file) => (await fetch(browser.runtime.getURL(file as '/'))).json());
  const running = new Set<number>();
  const banners = createBannerFrames(browser, recorder, db);
  const screenshot = createTabScreenshots({ browser, recorder, db, sleep, now, onError });
  /** Canary tests the CLI planned and is typing (in memory: a worker restart ends them, and the page keeps its blocks until reload). */
  const plans = new Map<number, CanaryPlan>();
  const visitorDeps: VisitorDeps = {
    sendToTab: (id, message, frameId) => browser.tabs.sendMessage(id, message, { frameId }),
    async switchAway(tabId, ms) {
      const tab = await browser.tabs.get(tabId);
      // A tab the user is not looking at is hidden already.
      if (!tab.active) return true;
      const other = await browser.tabs.create({ windowId: tab.windowId, url: 'about:blank', active: true });
      await sleep(ms);
      if (other.id !== undefined) await browser.tabs.remove(other.id).catch((error: unknown) => onError('visitor tab', error));
      await browser.tabs.update(tabId, { active: true });
      return true;
    },
    sleep,
    now,
  };
  const observe = (tabId: number, ms: number) => observeLikeVisitor(visitorDeps, tabId, ms);
  const canaryDeps: CanaryRunDeps = {
    recorder,
    tabUrl,
    frames: async (id) => ((await browser.webNavigation.getAllFrames({ tabId: id })) ?? []).map((f) => ({ frameId: f.frameId, url: f.url })),
    sendToTab: (id, message, frameId) => browser.tabs.sendMessage(id, message, { frameId }),
    sleep,
    now,
  };

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
      return full
        ? { autoconsent: [...selectFullRules(all, url), ...OWN_AUTOCONSENT_RULES] }
        : { autoconsent: [], compact: filterCompactRules(compact, { url, mainFrame }) };
    },
    now,
    onError,
  });

  // A run the previous worker life left going cannot go on: it is said to have been interrupted.
  void db.then(interruptRunningScenarios).catch((error: unknown) => onError('scenario status', error));
  return {
    hub,
    async runCanary(tabId, seconds, typedBy) {
      // What the page sends once the values are typed is captured in full (no reload: the typing is on this page).
      await recorder.inspectFully(tabId);
      if (typedBy !== 'automation') return runCanaryTest(canaryDeps, tabId, seconds);
      const plan = plans.get(tabId);
      plans.delete(tabId);
      return plan ? finishCanaryTest(canaryDeps, tabId, plan, seconds, true) : { ok: false, reason: 'no-plan' };
    },
    async planCanary(tabId) {
      await recorder.inspectFully(tabId);
      const planned = await planCanaryTest(canaryDeps, tabId);
      if (!planned.ok) return planned;
      plans.set(tabId, planned.plan);
      return { ok: true, fields: planned.plan.fields.map(({ frameId, index, value }) => ({ frameId, index, value })) };
    },
    focusCanary: async (tabId, frameId, index) => ({ focused: plans.has(tabId) && (await focusField(canaryDeps, tabId, frameId, index)) }),
    visitorTarget: (tabId) => neutralPoint(visitorDeps, tabId),
    async inspectFully(tabId) {
      await recorder.inspectFully(tabId);
      await reload(tabId);
      return { ok: true };
    },
    runCleanObserve: (tabId, seconds) => runCleanObserve({ recorder, tabUrl, clearSiteData: clear, reload, sleep, observe }, tabId, seconds),
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
            // Values under a renamed key are read only for the CMPs autoconsent recognised (or whose banner it found).
            readCmpReadings: async (id, url) =>
              readCmpStates({
                ...(await captureCmpStorage(browser, id, url)),
                detected: hub.events(id).flatMap((e) => (e.type === 'cmpDetected' ? cmpCandidates(e.cmp) : [])),
                bannerShown: hub.events(id).flatMap((e) => (e.type === 'popupFound' ? cmpCandidates(e.cmp) : [])),
              }),
            captureStorage: (id, url) => captureCmpStorage(browser, id, url),
            ...banners,
            sleep,
            now,
            newRunId: () => crypto.randomUUID().slice(0, 8),
            observe,
            screenshot,
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
    forgetTab(tabId) {
      hub.reset(tabId);
      void db.then((store) => deleteScenarioStatus(store, tabId)).catch((error: unknown) => onError('scenario status', error));
    },
  };
}
