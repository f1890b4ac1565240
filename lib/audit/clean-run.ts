import type { Recorder } from '../capture/recorder';

export interface CleanRunDeps {
  recorder: Recorder;
  tabUrl(tabId: number): Promise<string | undefined>;
  /** Removes cookies, storage, IndexedDB, caches and service workers of the given page URL's site. */
  clearSiteData(url: string): Promise<void>;
  reload(tabId: number): Promise<void>;
  sleep(ms: number): Promise<void>;
  /** Observes the page `ms` as a visitor would (lib/audit/visitor.ts); without it, waits. */
  observe?(tabId: number, ms: number): Promise<unknown>;
}

export type CleanRunResult = { ok: true; visitId?: string } | { ok: false; reason: 'restricted' };

export const CLEAN_OBSERVE = 'clean-observe';

/**
 * "Observe from a clean state": clears the site's cookies and storage, reloads the page, and for `seconds` behaves as
 * a visitor who has not answered the banner (scrolls, moves, clicks neutral content, leaves, hides the page; never a
 * banner button). The new visit is marked with the scenario, so its findings show what a first-time visitor meets.
 */
export async function runCleanObserve(
  { recorder, tabUrl, clearSiteData, reload, sleep, observe }: CleanRunDeps,
  tabId: number,
  seconds: number,
): Promise<CleanRunResult> {
  const url = await tabUrl(tabId);
  if (!url || !/^https?:\/\//.test(url)) return { ok: false, reason: 'restricted' };
  await clearSiteData(url);
  recorder.markNextVisit(tabId, CLEAN_OBSERVE);
  await reload(tabId);
  const ms = Math.min(Math.max(seconds, 1), 120) * 1000;
  await (observe ? observe(tabId, ms) : sleep(ms));
  return { ok: true, visitId: await recorder.currentVisitId(tabId) };
}
