import type { CmpReading } from '../consent/cmp-reader';
import { isHeuristicRule } from '../consent/consent-events';
import { UNKNOWN_CMP } from '../consent/timeline';
import type { AutoconsentEvent } from './autoconsent-hub';
import type { AuditSignal } from '../capture/recorder';
import type { ScreenshotReason } from '../model';
import type { ConfirmedBy, ConsentScenario, ScenarioOutcome, ScenarioStatus } from '../scenario';
import { answeredAt } from './answer-clicks';
import { answerUnknown, type UnknownRun, waitForBanner } from './answer-unknown';
import { waitFor } from './wait-for';

import { type ConsentRunDeps, type ConsentRunTimings, DEFAULT_TIMINGS, type ScenarioResult } from './consent-run-deps';

export { type ConsentRunDeps, type ConsentRunTimings, DEFAULT_TIMINGS, type ScenarioResult };

/**
 * The reject / accept audit: from a clean state, reload into a visit marked with the scenario, wait for autoconsent
 * to find the CMP's banner, let it opt out (or in), confirm from the CMP's own stored state, observe `seconds`, then
 * reload the same URL once. A banner no autoconsent rule names (found by autoconsent's heuristics or by our banner
 * detector, in the top frame or a same-site frame) is answered too, as cmp `unknown` (`answerUnknown`). The second
 * page is a new visit: both are marked with the scenario, and every scenario record carries the run id, so the report
 * of either visit can be tied to the other.
 */
export async function runConsentScenario(
  deps: ConsentRunDeps,
  tabId: number,
  scenario: ConsentScenario,
  seconds: number,
  timings: ConsentRunTimings = DEFAULT_TIMINGS,
): Promise<ScenarioResult> {
  const { recorder, hub, sleep } = deps;
  const url = await deps.tabUrl(tabId);
  if (!url || !/^https?:\/\//.test(url)) return { ok: false, reason: 'restricted' };
  const status: ScenarioStatus = { scenario, run: deps.newRunId(), step: 'clearing', visitIds: [] };
  const update = (patch: Partial<ScenarioStatus>) => {
    Object.assign(status, patch);
    deps.onStatus(tabId, { ...status, visitIds: [...status.visitIds] });
  };
  const record = (command: string, detail: string, at = deps.now(), extra: Record<string, string> = {}) => {
    const signal: AuditSignal = {
      signal: 'scenario',
      command,
      params: { scenario, cmp: status.cmp ?? '', detail, run: status.run, ...extra },
      frameId: 0,
      at,
    };
    return recorder.recordAuditSignal(tabId, signal);
  };
  // A screenshot never stops the audit (the wiring logs its own errors).
  const shoot = async (reason: ScreenshotReason) => {
    await deps.screenshot?.(tabId, reason).catch(() => undefined);
  };
  const observeMs = Math.min(Math.max(seconds, 1), 120) * 1000;

  update({ step: 'clearing' });
  hub.useFullRules(tabId, true);
  try {
    await deps.clearSiteData(url);
    const first = await loadNewVisit(deps, tabId, scenario, timings);
    if (!first) return { ok: false, reason: 'no-visit' };
    update({ step: 'waiting-cmp', visitIds: [first] });
    await record('start', url);
    // Taken while the banner is awaited; the screenshots queue keeps their order.
    const firstPaint = shoot('first-paint');

    const stillHere = async () => (await recorder.currentVisitId(tabId)) === first;
    const found = await waitForBanner(deps, tabId, timings, stillHere);
    if (found === 'interrupted') return interrupted();
    if (found.kind === 'none') {
      const detected = hub.events(tabId).find((e) => e.type === 'cmpDetected' && !isHeuristicRule(e.cmp));
      if (detected) update({ cmp: detected.cmp });
      const outcome = detected ? 'no-popup' : 'no-cmp';
      await record('unconfirmed', outcome, deps.now(), { how: 'none' });
      await firstPaint;
      await sleep(observeMs);
      await record('end', outcome);
      const seen = [
        ...(found.crossSite ? [`a consent banner in a cross-site frame (${hostOf(found.crossSite.frameUrl)}) was not answered`] : []),
        ...(found.notice ? [`a cookie notice without a choice was seen (${found.notice.controls.slice(0, 80)})`] : []),
      ];
      return finish(outcome, [detected ? `${detected.cmp}: no banner to act on` : 'no consent manager recognised', ...seen].join('; '));
    }

    await sleep(timings.settleMs);
    if (!(await stillHere())) return interrupted();
    await firstPaint;
    await shoot('banner');
    const run = { tabId, url, scenario, timings, stillHere, update, record };
    const answered =
      found.kind === 'unknown' ? await answerUnknown(deps, { ...run, visitId: first, found }) : await answerNamed(deps, { ...run, popup: found.popup });
    if (answered === 'interrupted') return interrupted();
    const { outcome, how } = answered;
    let { detail } = answered;
    await record(outcome === 'confirmed' ? 'confirmed' : 'unconfirmed', detail, deps.now(), { how });
    await shoot('after-choice');
    // Two consent managers on one page: the one whose banner was answered is named; the others are said, not hidden.
    // Several rules of one CMP ("tarteaucitron deny", "tarteaucitron.js") are one CMP.
    const family = (name: string) => /^[a-z]+/.exec(name.toLowerCase())?.[0] ?? name;
    const answeredCmp = found.kind === 'named' ? found.popup.cmp : UNKNOWN_CMP;
    const others = [
      ...new Set(
        hub
          .events(tabId)
          .filter((e) => e.type === 'cmpDetected' && !isHeuristicRule(e.cmp) && family(e.cmp) !== family(answeredCmp))
          .map((e) => e.cmp),
      ),
    ];
    if (others.length) detail = `${detail}; also detected: ${others.join(', ')}`;
    update({ outcome, detail, confirmedBy: how, step: 'observing' });
    await (deps.observe ?? ((_tab: number, ms: number) => sleep(ms)))(tabId, observeMs);
    if (!(await stillHere())) return interrupted();

    update({ step: 'navigating' });
    await record('navigate', url);
    const second = await loadNewVisit(deps, tabId, scenario, timings);
    if (second) {
      update({ visitIds: [first, second] });
      await record('navigate', `from ${first}`);
      await sleep(Math.min(observeMs, 5000));
      await record('end', outcome);
    }
    return finish(outcome, detail);
  } finally {
    hub.useFullRules(tabId, false);
  }

  /** The run lost its page: say whether the tab itself is gone or only its page changed. */
  async function interrupted(): Promise<ScenarioResult> {
    // Only a tab that no longer exists was closed (`tabs.get` rejects); one without a URL for the moment is navigating.
    const open = await deps.tabUrl(tabId).then(
      () => true,
      () => false,
    );
    return finish('interrupted', open ? 'the page navigated away' : 'the tab was closed');
  }

  function finish(outcome: ScenarioOutcome, detail: string): ScenarioResult {
    update({ step: 'done', outcome, detail });
    return { ok: true, ...status, visitIds: [...status.visitIds] };
  }
}

type Answer = { outcome: ScenarioOutcome; detail: string; how: ConfirmedBy } | 'interrupted';

/**
 * Answers a banner autoconsent names: its opt-out / opt-in in the banner's frame, its self-test (for information),
 * then the CMP readers' view of the stored state, which alone confirms.
 */
async function answerNamed(deps: ConsentRunDeps, run: Omit<UnknownRun, 'found' | 'visitId'> & { popup: AutoconsentEvent }): Promise<Answer> {
  const { hub } = deps;
  const { tabId, url, scenario, timings, stillHere, popup } = run;
  const actedAt = deps.now();
  run.update({ step: 'acting', cmp: popup.cmp, actedAt });
  await hub.act(tabId, popup.frameId, scenario === 'reject' ? 'optOut' : 'optIn');
  const resultType = scenario === 'reject' ? 'optOutResult' : 'optInResult';
  const result = await waitFor(deps, timings.actionTimeoutMs, timings.pollMs, stillHere, () => hub.events(tabId).find((e) => e.type === resultType));
  // The answer is dated by the click autoconsent dispatched in the page, not by our command (lib/audit/answer-clicks.ts).
  const at = typeof result === 'object' && result ? answeredAt(actedAt, result.at, result.clicks) : actedAt;
  await run.record(scenario === 'reject' ? 'opt-out' : 'opt-in', popup.cmp, at);
  if (result === 'interrupted') return 'interrupted';

  run.update({ step: 'confirming' });
  if (!result?.result) return { outcome: 'action-failed', how: 'none', detail: `${popup.cmp}: autoconsent ${result ? 'failed' : 'did not answer'}` };
  await hub.act(tabId, popup.frameId, 'selfTest');
  const selfTest = await waitFor(deps, timings.selfTestTimeoutMs, timings.pollMs, stillHere, () => hub.events(tabId).find((e) => e.type === 'selfTestResult'));
  if (typeof selfTest === 'object' && selfTest.result !== undefined) run.update({ selfTest: selfTest.result });
  const readings = await readUntil(deps, tabId, url, scenario, timings);
  const match = readings.find((r) => r.choice === scenario);
  return match
    ? { outcome: 'confirmed', how: 'cmp-state', detail: `${match.cmp}: ${match.choice}` }
    : { outcome: 'unconfirmed', how: 'none', detail: describeReadings(readings) };
}

/** Summarises readings that did not say the expected choice: `klaro: partial; iab-tcf: unknown`. */
export function describeReadings(readings: readonly CmpReading[]): string {
  if (!readings.length) return 'no stored consent state';
  return readings
    .map((r) => `${r.cmp}: ${r.choice}`)
    .join('; ')
    .slice(0, 300);
}

async function loadNewVisit(deps: ConsentRunDeps, tabId: number, scenario: ConsentScenario, timings: ConsentRunTimings): Promise<string | undefined> {
  const before = await deps.recorder.currentVisitId(tabId);
  deps.hub.reset(tabId);
  deps.recorder.markNextVisit(tabId, scenario);
  await deps.reload(tabId);
  const id = await waitFor(
    deps,
    timings.cmpTimeoutMs,
    timings.pollMs,
    async () => true,
    async () => {
      const current = await deps.recorder.currentVisitId(tabId);
      return current !== before ? current : undefined;
    },
  );
  return typeof id === 'string' ? id : undefined;
}

async function readUntil(deps: ConsentRunDeps, tabId: number, url: string, expected: string, timings: ConsentRunTimings): Promise<CmpReading[]> {
  const deadline = deps.now() + timings.storeTimeoutMs;
  for (;;) {
    const readings = await deps.readCmpReadings(tabId, url).catch((): CmpReading[] => []);
    if (readings.some((r) => r.choice === expected) || deps.now() >= deadline) return readings;
    await deps.sleep(timings.pollMs * 3);
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url.slice(0, 100);
  }
}
