import type { CmpReading } from '../consent/cmp-reader';
import type { AutoconsentHub } from './autoconsent-hub';
import type { AuditSignal, Recorder } from '../capture/recorder';
import type { ConsentScenario, ScenarioOutcome, ScenarioStatus } from '../model';

export type ScenarioResult = ({ ok: true } & ScenarioStatus) | { ok: false; reason: 'restricted' | 'busy' | 'no-visit' };

export interface ConsentRunDeps {
  recorder: Pick<Recorder, 'markNextVisit' | 'currentVisitId' | 'recordAuditSignal'>;
  hub: Pick<AutoconsentHub, 'events' | 'reset' | 'useFullRules' | 'act'>;
  tabUrl(tabId: number): Promise<string | undefined>;
  clearSiteData(url: string): Promise<void>;
  reload(tabId: number): Promise<void>;
  /** The CMP readers' view of the site's cookies for the page URL and the top frame's localStorage (lib/consent). */
  readCmpReadings(tabId: number, url: string): Promise<CmpReading[]>;
  sleep(ms: number): Promise<void>;
  now(): number;
  newRunId(): string;
  onStatus(tabId: number, status: ScenarioStatus): void;
  /** Observes the page `ms` after the choice as a visitor would (lib/audit/visitor.ts); without it, waits. */
  observe?(tabId: number, ms: number): Promise<unknown>;
}

export interface ConsentRunTimings {
  /**
   * How long the banner is left alone once visible, as a visitor would: some CMPs show their buttons before their
   * click handlers are bound (tarteaucitron's accept button ignored an immediate click in about 1 run in 5).
   */
  settleMs: number;
  /** How long autoconsent may take to recognise a CMP and its banner after the page started loading. */
  cmpTimeoutMs: number;
  /** How long its opt-out/opt-in may take. */
  actionTimeoutMs: number;
  /** How long the CMP may take to store the choice. */
  storeTimeoutMs: number;
  /** How long autoconsent's self-test may take. */
  selfTestTimeoutMs: number;
  pollMs: number;
}

export const DEFAULT_TIMINGS: ConsentRunTimings = {
  settleMs: 1_000,
  cmpTimeoutMs: 10_000,
  actionTimeoutMs: 10_000,
  storeTimeoutMs: 3_000,
  selfTestTimeoutMs: 3_000,
  pollMs: 100,
};

/**
 * The reject / accept audit: from a clean state, reload into a visit marked with the scenario, wait for autoconsent
 * to find the CMP's banner, let it opt out (or in), confirm from the CMP's own stored state, observe `seconds`, then
 * reload the same URL once. The second page is a new visit: both are marked with the scenario, and every scenario
 * record carries the run id, so the report of either visit can be tied to the other.
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
  const record = (command: string, detail: string, at = deps.now()) => {
    const signal: AuditSignal = { signal: 'scenario', command, params: { scenario, cmp: status.cmp ?? '', detail, run: status.run }, frameId: 0, at };
    return recorder.recordAuditSignal(tabId, signal);
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

    const stillHere = async () => (await recorder.currentVisitId(tabId)) === first;
    const popup = await waitFor(deps, timings.cmpTimeoutMs, timings.pollMs, stillHere, () => hub.events(tabId).find((e) => e.type === 'popupFound'));
    if (popup === 'interrupted') return finish('interrupted', 'the page navigated away');
    if (!popup) {
      const detected = hub.events(tabId).find((e) => e.type === 'cmpDetected');
      if (detected) update({ cmp: detected.cmp });
      const outcome = detected ? 'no-popup' : 'no-cmp';
      await record('unconfirmed', outcome);
      await sleep(observeMs);
      await record('end', outcome);
      return finish(outcome, detected ? `${detected.cmp}: no banner to act on` : 'no consent manager recognised');
    }

    await sleep(timings.settleMs);
    if (!(await stillHere())) return finish('interrupted', 'the page navigated away');
    const actedAt = deps.now();
    update({ step: 'acting', cmp: popup.cmp, actedAt });
    await record(scenario === 'reject' ? 'opt-out' : 'opt-in', popup.cmp, actedAt);
    await hub.act(tabId, popup.frameId, scenario === 'reject' ? 'optOut' : 'optIn');
    const resultType = scenario === 'reject' ? 'optOutResult' : 'optInResult';
    const result = await waitFor(deps, timings.actionTimeoutMs, timings.pollMs, stillHere, () => hub.events(tabId).find((e) => e.type === resultType));
    if (result === 'interrupted') return finish('interrupted', 'the page navigated away');

    update({ step: 'confirming' });
    let outcome: ScenarioOutcome;
    let detail: string;
    if (!result?.result) {
      outcome = 'action-failed';
      detail = `${popup.cmp}: autoconsent ${result ? 'failed' : 'did not answer'}`;
      await record('unconfirmed', detail);
    } else {
      await hub.act(tabId, popup.frameId, 'selfTest');
      const selfTest = await waitFor(deps, timings.selfTestTimeoutMs, timings.pollMs, stillHere, () =>
        hub.events(tabId).find((e) => e.type === 'selfTestResult'),
      );
      if (typeof selfTest === 'object' && selfTest.result !== undefined) update({ selfTest: selfTest.result });
      const expected = scenario === 'reject' ? 'reject' : 'accept';
      const readings = await readUntil(deps, tabId, url, expected, timings);
      const match = readings.find((r) => r.choice === expected);
      outcome = match ? 'confirmed' : 'unconfirmed';
      detail = match ? `${match.cmp}: ${match.choice}` : describeReadings(readings);
      await record(outcome, detail);
    }
    // Two consent managers on one page: the one whose banner was answered is named; the others are said, not hidden.
    // Several rules of one CMP ("tarteaucitron deny", "tarteaucitron.js") are one CMP.
    const family = (name: string) => /^[a-z]+/.exec(name.toLowerCase())?.[0] ?? name;
    const others = [
      ...new Set(
        hub
          .events(tabId)
          .filter((e) => e.type === 'cmpDetected' && family(e.cmp) !== family(popup.cmp))
          .map((e) => e.cmp),
      ),
    ];
    if (others.length) detail = `${detail}; also detected: ${others.join(', ')}`;
    update({ outcome, detail, step: 'observing' });
    await (deps.observe ?? ((_tab: number, ms: number) => sleep(ms)))(tabId, observeMs);
    if (!(await stillHere())) return finish('interrupted', 'the page navigated away');

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

  function finish(outcome: ScenarioOutcome, detail: string): ScenarioResult {
    update({ step: 'done', outcome, detail });
    return { ok: true, ...status, visitIds: [...status.visitIds] };
  }
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

/** Polls `probe` until it gives a value or the time is up; `interrupted` as soon as `valid` says the run lost its page. */
async function waitFor<T>(
  deps: Pick<ConsentRunDeps, 'sleep' | 'now'>,
  timeoutMs: number,
  pollMs: number,
  valid: () => Promise<boolean>,
  probe: () => T | undefined | Promise<T | undefined>,
): Promise<T | undefined | 'interrupted'> {
  const deadline = deps.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (!(await valid())) return 'interrupted';
    if (deps.now() >= deadline) return undefined;
    await deps.sleep(pollMs);
  }
}
