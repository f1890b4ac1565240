import type { Screenshot, ScreenshotDrop, ScreenshotReason } from '../model';
import { parseScreenshotDataUrl } from '../screenshot-image';

/** At most this many images per visit; later ones are dropped and counted. */
export const MAX_SCREENSHOTS_PER_VISIT = 5;
/** The largest image kept, in bytes of JPEG. */
export const MAX_SCREENSHOT_BYTES = 300_000;
/** Entries (kept and dropped) one visit holds at most. */
export const MAX_SCREENSHOT_ENTRIES = 20;
/** JPEG qualities tried in turn: the second only when the first is over the size cap. */
export const SCREENSHOT_QUALITIES = [60, 35] as const;

/** What the browser says about the audited tab, its window and its document when a screenshot is due. */
export interface TabView {
  /** The tab is its window's active tab (the one `captureVisibleTab` captures). */
  active: boolean;
  /** The window's state: `minimized` shows nothing. */
  windowState?: string;
  /** The document's own `visibilityState`; undefined when it could not be read. */
  visibility?: string;
}

/**
 * Whether the audited tab may be captured now: only when it is the active tab of a window that is not minimized and
 * its document says it is visible. `captureVisibleTab` captures whatever tab is active in the window, so any doubt
 * means no screenshot: a page never gets a screenshot of something it did not render to the user.
 */
export function mayCapture(view: TabView): boolean {
  return view.active && view.windowState !== 'minimized' && view.visibility === 'visible';
}

export interface ScreenshotDeps {
  /** The tab's current visit and when it started (epoch ms), once the recorder has written it. */
  currentVisit(tabId: number): Promise<{ id: string; startedAt: number } | undefined>;
  view(tabId: number): Promise<TabView & { windowId: number }>;
  /** `browser.tabs.captureVisibleTab(windowId, {format: 'jpeg', quality})`. */
  capture(windowId: number, quality: number): Promise<string>;
  /** How many images the visit keeps, and how many entries (kept and dropped) it has. */
  count(visitId: string): Promise<{ kept: number; all: number }>;
  write(shot: Screenshot): Promise<void>;
  now(): number;
  onError(context: string, error: unknown): void;
}

export type ScreenshotResult = { ok: true; shot: Extract<Screenshot, { kind: 'shot' }> } | { ok: false; why: ScreenshotDrop | 'no-visit' };

/**
 * Takes screenshots of audited tabs, one at a time per extension life (so the per-visit cap holds under concurrent
 * calls). Each one kept or dropped is written with its visit; nothing throws.
 */
export function createScreenshots(deps: ScreenshotDeps): (tabId: number, reason: ScreenshotReason) => Promise<ScreenshotResult> {
  let queue: Promise<unknown> = Promise.resolve();
  return (tabId, reason) => {
    const next = queue.then(() => takeScreenshot(deps, tabId, reason));
    queue = next.catch(() => undefined);
    return next;
  };
}

export async function takeScreenshot(deps: ScreenshotDeps, tabId: number, reason: ScreenshotReason): Promise<ScreenshotResult> {
  const visit = await deps.currentVisit(tabId).catch(() => undefined);
  if (!visit) return { ok: false, why: 'no-visit' };
  const at = deps.now();
  const base = { visitId: visit.id, id: `${reason}:${at}`, t: Math.max(0, at - visit.startedAt), reason };
  let entries = 0;
  const drop = async (why: ScreenshotDrop): Promise<ScreenshotResult> => {
    // What was dropped is said in the report, within a bound of its own.
    if (entries < MAX_SCREENSHOT_ENTRIES) await deps.write({ kind: 'dropped', ...base, why }).catch((error: unknown) => deps.onError('screenshot', error));
    return { ok: false, why };
  };
  try {
    const { kept, all } = await deps.count(visit.id);
    entries = all;
    if (kept >= MAX_SCREENSHOTS_PER_VISIT) return await drop('too-many');
    const before = await deps.view(tabId);
    if (!mayCapture(before)) return await drop('not-visible');
    let image: { dataUrl: string; width: number; height: number; bytes: number } | undefined;
    for (const quality of SCREENSHOT_QUALITIES) {
      const dataUrl = await deps.capture(before.windowId, quality);
      const parsed = parseScreenshotDataUrl(dataUrl);
      if (!parsed) return await drop('failed');
      image = { dataUrl, width: parsed.width, height: parsed.height, bytes: parsed.bytes };
      if (parsed.bytes <= MAX_SCREENSHOT_BYTES) break;
    }
    // The tab or its page may have changed while the image was taken: then it may show another page, and is not kept.
    const after = await deps.view(tabId);
    const still = await deps.currentVisit(tabId);
    if (!mayCapture(after) || after.windowId !== before.windowId || still?.id !== visit.id) return await drop('not-visible');
    if (!image || image.bytes > MAX_SCREENSHOT_BYTES) return await drop('too-large');
    const shot = { kind: 'shot' as const, ...base, ...image };
    await deps.write(shot);
    return { ok: true, shot };
  } catch (error) {
    deps.onError('screenshot', error);
    return drop('failed');
  }
}

/**
 * Waits until the page has painted (a paint timing entry, or the document loaded), at most `timeoutMs`. Returns
 * whether it saw the paint; the caller takes the first-paint screenshot either way.
 */
export async function waitForFirstPaint(
  deps: { painted(tabId: number): Promise<boolean>; sleep(ms: number): Promise<void>; now(): number },
  tabId: number,
  timeoutMs = 5_000,
  pollMs = 100,
): Promise<boolean> {
  const deadline = deps.now() + timeoutMs;
  for (;;) {
    if (await deps.painted(tabId).catch(() => false)) return true;
    if (deps.now() >= deadline) return false;
    await deps.sleep(pollMs);
  }
}
