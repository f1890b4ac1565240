import type { Recorder } from './recorder';
import type { TypedCanary } from './canary-typing';

export interface CanaryRunDeps {
  recorder: Recorder;
  tabUrl(tabId: number): Promise<string | undefined>;
  /** Sends a message to the tab's top frame and returns its answer. */
  sendToTab(tabId: number, message: unknown): Promise<unknown>;
  sleep(ms: number): Promise<void>;
  now(): number;
}

export type CanaryRunResult = { ok: true; typed: number } | { ok: false; reason: 'restricted' | 'no-fields' | 'no-content-script' };

/**
 * The canary test, started by the user: types fresh values into the page's fields (top frame), records them,
 * observes for `seconds` while the page's scripts send what they send, then puts the original values back.
 */
export async function runCanaryTest({ recorder, tabUrl, sendToTab, sleep, now }: CanaryRunDeps, tabId: number, seconds: number): Promise<CanaryRunResult> {
  const url = await tabUrl(tabId);
  if (!url || !/^https?:\/\//.test(url) || isStore(url)) return { ok: false, reason: 'restricted' };
  let answer: unknown;
  const startedAt = now();
  try {
    answer = await sendToTab(tabId, { type: 'canary-type' });
  } catch {
    return { ok: false, reason: 'no-content-script' };
  }
  const typed = readTyped(answer);
  if (!typed.length) return { ok: false, reason: 'no-fields' };
  await recorder.recordCanaries(tabId, typed, url, startedAt);
  await sleep(Math.min(Math.max(seconds, 1), 120) * 1000);
  await sendToTab(tabId, { type: 'canary-restore' }).catch(() => undefined);
  return { ok: true, typed: typed.length };
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
