import type { TypedCanary } from '../capture/audit-records';
import type { Recorder } from '../capture/recorder';

export interface CanaryRunDeps {
  recorder: Pick<Recorder, 'recordCanaries'>;
  tabUrl(tabId: number): Promise<string | undefined>;
  /** The tab's frames (top frame id 0), with their URLs. */
  frames(tabId: number): Promise<{ frameId: number; url: string }[]>;
  /** Sends a message to one frame of the tab and returns its answer. */
  sendToTab(tabId: number, message: unknown, frameId: number): Promise<unknown>;
  sleep(ms: number): Promise<void>;
  now(): number;
}

/** Keystrokes through the browser's automation protocol, into whatever has the keyboard focus in the tab. */
export interface Typist {
  type(text: string): Promise<void>;
}

/** One value to type: in which frame, the field's index in that frame's session, and the canary. */
export type PlannedField = Required<Omit<TypedCanary, 'trusted'>> & { index: number };

/** A canary test between its plan and its end: the fields of every frame are chosen, and may be typed. */
export interface CanaryPlan {
  url: string;
  startedAt: number;
  fields: PlannedField[];
  /** The frames that answered: each blocks submission until restored. */
  frames: number[];
}

export type CanaryRunFailure = { ok: false; reason: 'restricted' | 'no-fields' | 'no-content-script' | 'no-plan' };
export type CanaryRunResult = { ok: true; typed: number; trusted: number } | CanaryRunFailure;
/** What the CLI needs to type: the frame, the field's index in it, the value. */
export type CanaryPlanResult = { ok: true; fields: { frameId: number; index: number; value: string }[] } | CanaryRunFailure;

/**
 * The canary test, started by the user: types fresh values into the fields of every frame of the page (the top frame,
 * same-origin and cross-origin iframes), records them, observes for `seconds` while the page's scripts send what they
 * send, then puts the original values back in every frame. With a `typist`, each value is typed through the
 * automation protocol (a recorder cannot tell it from a person); a field it could not reach is typed by the script.
 */
export async function runCanaryTest(deps: CanaryRunDeps, tabId: number, seconds: number, typist?: Typist): Promise<CanaryRunResult> {
  const planned = await planCanaryTest(deps, tabId);
  if (!planned.ok) return planned;
  if (typist) {
    for (const field of planned.plan.fields) {
      if (await focusField(deps, tabId, field.frameId, field.index)) await typist.type(field.value).catch(() => undefined);
    }
  }
  return finishCanaryTest(deps, tabId, planned.plan, seconds, Boolean(typist));
}

/** Every frame the content script reaches chooses its fields and values and blocks submission; nothing is typed yet. */
export async function planCanaryTest(deps: CanaryRunDeps, tabId: number): Promise<{ ok: true; plan: CanaryPlan } | CanaryRunFailure> {
  const url = await deps.tabUrl(tabId);
  if (!url || !/^https?:\/\//.test(url) || isStore(url)) return { ok: false, reason: 'restricted' };
  const startedAt = deps.now();
  const list = await deps.frames(tabId).catch(() => []);
  const targets = [{ frameId: 0, url }, ...list.filter((f) => f.frameId !== 0 && isTypeableFrame(f.url)).slice(0, MAX_FRAMES)];
  const fields: PlannedField[] = [];
  const frames: number[] = [];
  for (const frame of targets) {
    let answer: unknown;
    try {
      answer = await deps.sendToTab(tabId, { type: 'canary-plan' }, frame.frameId);
    } catch {
      continue;
    }
    frames.push(frame.frameId);
    const inFrame = readPlanned(answer).slice(0, MAX_CANARIES - fields.length);
    fields.push(...inFrame.map((p) => ({ ...p, frameId: frame.frameId, frameUrl: frame.url })));
    if (fields.length >= MAX_CANARIES) break;
  }
  if (!frames.length) return { ok: false, reason: 'no-content-script' };
  if (!fields.length) {
    await restoreFrames(deps, tabId, frames);
    return { ok: false, reason: 'no-fields' };
  }
  return { ok: true, plan: { url, startedAt, fields, frames } };
}

/** Gives a planned field the keyboard focus; true when it has it, so keystrokes sent now land in it. */
export async function focusField(deps: Pick<CanaryRunDeps, 'sendToTab'>, tabId: number, frameId: number, index: number): Promise<boolean> {
  const answer = await deps.sendToTab(tabId, { type: 'canary-focus', index }, frameId).catch(() => undefined);
  return (answer as { focused?: unknown } | undefined)?.focused === true;
}

/**
 * Ends a planned test. `typedBefore`: the values were meant to be typed through the automation protocol before this
 * call, so a field that holds its canary now was typed that way (`trusted`); every other field is typed by the script.
 * Then records the values (stamped when the plan began), observes `seconds` and restores every frame.
 */
export async function finishCanaryTest(deps: CanaryRunDeps, tabId: number, plan: CanaryPlan, seconds: number, typedBefore: boolean): Promise<CanaryRunResult> {
  const typed: TypedCanary[] = [];
  for (const field of plan.fields) {
    const { index, ...canary } = field;
    const ask = (type: 'canary-check' | 'canary-type') =>
      deps
        .sendToTab(tabId, { type, index }, field.frameId)
        .then((a) => a as { typed?: unknown; trusted?: unknown } | undefined)
        .catch(() => undefined);
    if (typedBefore && (await ask('canary-check'))?.typed === true) typed.push({ ...canary, trusted: true });
    else {
      // The content script says whether the field got only the browser's own (trusted) input events.
      const answer = await ask('canary-type');
      if (answer?.typed === true) typed.push({ ...canary, trusted: answer.trusted === true });
    }
  }
  if (!typed.length) {
    await restoreFrames(deps, tabId, plan.frames);
    return { ok: false, reason: 'no-fields' };
  }
  await deps.recorder.recordCanaries(tabId, typed, plan.url, plan.startedAt);
  await deps.sleep(Math.min(Math.max(seconds, 1), 120) * 1000);
  await restoreFrames(deps, tabId, plan.frames);
  return { ok: true, typed: typed.length, trusted: typed.filter((t) => t.trusted).length };
}

const MAX_FRAMES = 20;
const MAX_CANARIES = 50;

async function restoreFrames(deps: Pick<CanaryRunDeps, 'sendToTab'>, tabId: number, frameIds: readonly number[]): Promise<void> {
  for (const frameId of frameIds) await deps.sendToTab(tabId, { type: 'canary-restore' }, frameId).catch(() => undefined);
}

/** Frames the content script runs in: web pages, and about:blank / srcdoc frames that inherit their parent's origin. */
function isTypeableFrame(url: string): boolean {
  return (/^https?:\/\//.test(url) && !isStore(url)) || url === 'about:blank' || url === 'about:srcdoc';
}

function readPlanned(answer: unknown): Omit<PlannedField, 'frameId' | 'frameUrl'>[] {
  const list = (answer as { planned?: unknown } | null)?.planned;
  if (!Array.isArray(list)) return [];
  return list.slice(0, MAX_CANARIES).flatMap((t) => {
    const c = t as Partial<Record<keyof PlannedField, unknown>>;
    return typeof c.selector === 'string' && typeof c.value === 'string' && typeof c.fieldKind === 'string' && Number.isInteger(c.index)
      ? [{ index: c.index as number, selector: c.selector, value: c.value, fieldKind: c.fieldKind, label: typeof c.label === 'string' ? c.label : '' }]
      : [];
  });
}

function isStore(url: string): boolean {
  return /^https:\/\/(chromewebstore\.google\.com|chrome\.google\.com\/webstore|addons\.mozilla\.org|microsoftedge\.microsoft\.com\/addons)/.test(url);
}
