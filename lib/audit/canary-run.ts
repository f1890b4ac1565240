import type { Recorder } from '../capture/recorder';
import type { TypedCanary } from '../capture/audit-records';

export interface CanaryRunDeps {
  recorder: Recorder;
  tabUrl(tabId: number): Promise<string | undefined>;
  /** The tab's frames (top frame id 0), with their URLs. */
  frames(tabId: number): Promise<{ frameId: number; url: string }[]>;
  /** Sends a message to one frame of the tab and returns its answer. */
  sendToTab(tabId: number, message: unknown, frameId: number): Promise<unknown>;
  sleep(ms: number): Promise<void>;
  now(): number;
}

export type CanaryRunResult = { ok: true; typed: number } | { ok: false; reason: 'restricted' | 'no-fields' | 'no-content-script' };

/**
 * The canary test, started by the user: types fresh values into the fields of every frame of the page (the top frame,
 * same-origin and cross-origin iframes), records them, observes for `seconds` while the page's scripts send what they
 * send, then puts the original values back in every frame that typed.
 */
export async function runCanaryTest(
  { recorder, tabUrl, frames, sendToTab, sleep, now }: CanaryRunDeps,
  tabId: number,
  seconds: number,
): Promise<CanaryRunResult> {
  const url = await tabUrl(tabId);
  if (!url || !/^https?:\/\//.test(url) || isStore(url)) return { ok: false, reason: 'restricted' };
  const startedAt = now();
  const list = await frames(tabId).catch(() => []);
  const targets = [{ frameId: 0, url }, ...list.filter((f) => f.frameId !== 0 && isTypeableFrame(f.url)).slice(0, MAX_FRAMES)];
  const typed: TypedCanary[] = [];
  const touched: number[] = [];
  let reached = false;
  for (const frame of targets) {
    let answer: unknown;
    try {
      answer = await sendToTab(tabId, { type: 'canary-type' }, frame.frameId);
    } catch {
      continue;
    }
    reached = true;
    const inFrame = readTyped(answer).slice(0, MAX_CANARIES - typed.length);
    if (!inFrame.length) continue;
    touched.push(frame.frameId);
    typed.push(...inFrame.map((t) => ({ ...t, frameId: frame.frameId, frameUrl: frame.url })));
    if (typed.length >= MAX_CANARIES) break;
  }
  if (!reached) return { ok: false, reason: 'no-content-script' };
  if (!typed.length) return { ok: false, reason: 'no-fields' };
  await recorder.recordCanaries(tabId, typed, url, startedAt);
  await sleep(Math.min(Math.max(seconds, 1), 120) * 1000);
  for (const frameId of touched) await sendToTab(tabId, { type: 'canary-restore' }, frameId).catch(() => undefined);
  return { ok: true, typed: typed.length };
}

const MAX_FRAMES = 20;
const MAX_CANARIES = 50;

/** Frames the content script runs in: web pages, and about:blank / srcdoc frames that inherit their parent's origin. */
function isTypeableFrame(url: string): boolean {
  return (/^https?:\/\//.test(url) && !isStore(url)) || url === 'about:blank' || url === 'about:srcdoc';
}

function readTyped(answer: unknown): TypedCanary[] {
  const list = (answer as { typed?: unknown } | null)?.typed;
  if (!Array.isArray(list)) return [];
  return list.slice(0, 50).flatMap((t) => {
    const c = t as Partial<Record<keyof TypedCanary, unknown>>;
    return typeof c.selector === 'string' && typeof c.value === 'string' && typeof c.fieldKind === 'string'
      ? [{ selector: c.selector, value: c.value, fieldKind: c.fieldKind, label: typeof c.label === 'string' ? c.label : '' }]
      : [];
  });
}

function isStore(url: string): boolean {
  return /^https:\/\/(chromewebstore\.google\.com|chrome\.google\.com\/webstore|addons\.mozilla\.org|microsoftedge\.microsoft\.com\/addons)/.test(url);
}
