import type { WxtBrowser } from 'wxt/browser';
import type { Recorder } from '../capture/recorder';
import type { ScreenshotReason } from '../model';
import type { Db } from '../store/db';
import { countScreenshots, writeScreenshot } from '../store/screenshots';
import { readVisit } from '../store/visits';
import { createScreenshots, type ScreenshotResult, waitForFirstPaint } from './screenshots';

export interface TabScreenshotsDeps {
  browser: WxtBrowser;
  recorder: Pick<Recorder, 'idle' | 'currentVisitId'>;
  db: Promise<Db>;
  sleep(ms: number): Promise<void>;
  now(): number;
  onError(context: string, error: unknown): void;
}

/** The browser side of the audit's screenshots: the tab's view, `captureVisibleTab`, and the store. */
export function createTabScreenshots({ browser, recorder, db, sleep, now, onError }: TabScreenshotsDeps) {
  const inTopFrame = async <T>(tabId: number, func: () => T): Promise<unknown> => {
    const [injection] = await browser.scripting.executeScript({ target: { tabId, frameIds: [0] }, func });
    return injection?.result;
  };
  const take = createScreenshots({
    async currentVisit(tabId) {
      await recorder.idle();
      const id = await recorder.currentVisitId(tabId);
      const visit = id ? await readVisit(await db, id) : undefined;
      return visit && { id: visit.id, startedAt: visit.startedAt };
    },
    async view(tabId) {
      const tab = await browser.tabs.get(tabId);
      const window = await browser.windows.get(tab.windowId);
      const visibility = await inTopFrame(tabId, () => document.visibilityState).catch(() => undefined);
      return { active: tab.active, windowId: tab.windowId, windowState: window.state, ...(typeof visibility === 'string' && { visibility }) };
    },
    capture: (windowId, quality) => browser.tabs.captureVisibleTab(windowId, { format: 'jpeg', quality }),
    count: async (visitId) => countScreenshots(await db, visitId),
    write: async (shot) => writeScreenshot(await db, shot),
    now,
    onError,
  });
  const painted = async (tabId: number) =>
    (await inTopFrame(tabId, () => performance.getEntriesByType('paint').length > 0 || document.readyState === 'complete')) === true;

  return async (tabId: number, reason: ScreenshotReason): Promise<ScreenshotResult> => {
    if (reason === 'first-paint') await waitForFirstPaint({ painted, sleep, now }, tabId);
    return take(tabId, reason);
  };
}
