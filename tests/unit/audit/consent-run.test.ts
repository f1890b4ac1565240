import { describe, expect, it } from 'vitest';
import type { AutoconsentEvent } from '@/lib/audit/autoconsent-hub';
import type { ScenarioStatus } from '@/lib/model';
import { DEFAULT_TIMINGS, describeReadings, runConsentScenario, type ConsentRunDeps } from '@/lib/audit/consent-run';
import type { AuditSignal } from '@/lib/capture/recorder';
import type { CmpReading } from '@/lib/consent/cmp-reader';

interface World {
  /** What autoconsent reports after each reload: a popup (and the action's result), or nothing. */
  popup?: { cmp: string; frameId: number; actionResult?: boolean; selfTest?: boolean };
  readings?: CmpReading[];
  url?: string;
  /** Navigates the tab elsewhere at this simulated time. */
  navigateAwayAt?: number;
}

function simulate(world: World) {
  let clock = 0;
  let visit = 0;
  const log: string[] = [];
  const signals: { visit: string; signal: AuditSignal }[] = [];
  const statuses: ScenarioStatus[] = [];
  let events: AutoconsentEvent[] = [];
  const fullRules: boolean[] = [];
  const deps: ConsentRunDeps = {
    recorder: {
      markNextVisit: (_tab, scenario) => void log.push(`mark ${scenario}`),
      currentVisitId: async () => (world.navigateAwayAt !== undefined && clock >= world.navigateAwayAt ? 'elsewhere' : `v${visit}`),
      recordAuditSignal: async (_tab, signal) => void signals.push({ visit: `v${visit}`, signal }),
    },
    hub: {
      events: () => events,
      reset: () => {
        events = [];
      },
      useFullRules: (_tab, on) => void fullRules.push(on),
      act: async (_tab, frameId, action) => {
        log.push(`${action} in frame ${frameId}`);
        const p = world.popup;
        if (action === 'selfTest') {
          if (p?.selfTest !== undefined) events.push({ type: 'selfTestResult', cmp: p.cmp, frameId, result: p.selfTest, at: clock });
          return;
        }
        if (p?.actionResult !== undefined)
          events.push({ type: action === 'optOut' ? 'optOutResult' : 'optInResult', cmp: p.cmp, frameId, result: p.actionResult, at: clock });
      },
    },
    tabUrl: async () => world.url ?? 'https://shop.example/',
    clearSiteData: async (url) => void log.push(`clear ${url}`),
    reload: async () => {
      visit++;
      log.push('reload');
      if (world.popup)
        events.push(
          { type: 'cmpDetected', cmp: world.popup.cmp, frameId: world.popup.frameId, at: clock },
          { type: 'popupFound', cmp: world.popup.cmp, frameId: world.popup.frameId, at: clock },
        );
    },
    readCmpReadings: async () => world.readings ?? [],
    sleep: async (ms) => {
      clock += ms;
    },
    now: () => clock,
    newRunId: () => 'run1',
    onStatus: (_tab, status) => void statuses.push(status),
  };
  return { deps, log, signals, statuses, fullRules, steps: () => signals.map((s) => `${s.visit} ${s.signal.command}`) };
}

const reject: CmpReading = { cmp: 'klaro', choice: 'reject', raw: '{}' };
const accept: CmpReading = { cmp: 'klaro', choice: 'accept', raw: '{}' };

describe('runConsentScenario', () => {
  it('reject: clears, reloads, opts out in the banner frame, confirms from the stored state, observes, reloads once', async () => {
    const sim = simulate({ popup: { cmp: 'Klaro', frameId: 2, actionResult: true, selfTest: true }, readings: [reject] });
    const result = await runConsentScenario(sim.deps, 1, 'reject', 4);
    expect(result).toEqual({
      ok: true,
      scenario: 'reject',
      run: 'run1',
      step: 'done',
      cmp: 'Klaro',
      actedAt: 1000,
      selfTest: true,
      outcome: 'confirmed',
      detail: 'klaro: reject',
      visitIds: ['v1', 'v2'],
    });
    expect(sim.log).toEqual(['clear https://shop.example/', 'mark reject', 'reload', 'optOut in frame 2', 'selfTest in frame 2', 'mark reject', 'reload']);
    expect(sim.steps()).toEqual(['v1 start', 'v1 opt-out', 'v1 confirmed', 'v1 navigate', 'v2 navigate', 'v2 end']);
    expect(sim.signals.every((s) => s.signal.signal === 'scenario' && s.signal.params.run === 'run1' && s.signal.params.scenario === 'reject')).toBe(true);
    expect(sim.signals.find((s) => s.visit === 'v2')?.signal.params.detail).toBe('from v1');
    expect(sim.fullRules).toEqual([true, false]);
    expect(sim.statuses.map((s) => s.step)).toEqual([
      'clearing',
      'waiting-cmp',
      'acting',
      'confirming',
      'confirming',
      'observing',
      'navigating',
      'navigating',
      'done',
    ]);
  });

  it("accept that the stored state does not confirm is unconfirmed, whatever autoconsent's self-test says", async () => {
    const sim = simulate({ popup: { cmp: 'Klaro', frameId: 0, actionResult: true, selfTest: true }, readings: [reject] });
    const result = await runConsentScenario(sim.deps, 1, 'accept', 1);
    expect(result).toMatchObject({ outcome: 'unconfirmed', detail: 'klaro: reject' });
    expect(sim.log).toContain('optIn in frame 0');
    expect(sim.steps()).toContain('v1 unconfirmed');
  });

  it('accept confirmed by the stored state', async () => {
    const sim = simulate({ popup: { cmp: 'Klaro', frameId: 0, actionResult: true }, readings: [reject, accept] });
    expect(await runConsentScenario(sim.deps, 1, 'accept', 1)).toMatchObject({ outcome: 'confirmed', detail: 'klaro: accept' });
  });

  it('two consent managers: the answered one is named, the other is said, another rule of the same one is not', async () => {
    const sim = simulate({ popup: { cmp: 'Klaro', frameId: 0, actionResult: true }, readings: [reject] });
    const events = sim.deps.hub.events;
    sim.deps.hub.events = (tab) => [
      ...events(tab),
      { type: 'cmpDetected', cmp: 'cookieconsent3', frameId: 0, at: 0 },
      // Another rule of the same CMP is not another CMP.
      { type: 'cmpDetected', cmp: 'klaro-frame', frameId: 0, at: 0 },
    ];
    expect(await runConsentScenario(sim.deps, 1, 'reject', 1)).toMatchObject({ outcome: 'confirmed', detail: 'klaro: reject; also detected: cookieconsent3' });
  });

  it('no CMP within the timeout: no-cmp, the visit is still observed, nothing is clicked', async () => {
    const sim = simulate({});
    const result = await runConsentScenario(sim.deps, 1, 'reject', 2);
    expect(result).toMatchObject({ ok: true, outcome: 'no-cmp', visitIds: ['v1'] });
    expect(sim.log.some((l) => l.startsWith('optOut'))).toBe(false);
    expect(sim.steps()).toEqual(['v1 start', 'v1 unconfirmed', 'v1 end']);
  });

  it('a failed opt-out is action-failed, not a confirmation', async () => {
    const sim = simulate({ popup: { cmp: 'Klaro', frameId: 0, actionResult: false }, readings: [reject] });
    expect(await runConsentScenario(sim.deps, 1, 'reject', 1)).toMatchObject({ outcome: 'action-failed', detail: 'Klaro: autoconsent failed' });
  });

  it('autoconsent that never answers gives action-failed after the timeout', async () => {
    const sim = simulate({ popup: { cmp: 'Klaro', frameId: 0 }, readings: [reject] });
    expect(await runConsentScenario(sim.deps, 1, 'reject', 1)).toMatchObject({ outcome: 'action-failed', detail: 'Klaro: autoconsent did not answer' });
  });

  it('a page that navigates away during the run is interrupted', async () => {
    const sim = simulate({ popup: { cmp: 'Klaro', frameId: 0, actionResult: true }, readings: [reject], navigateAwayAt: 2000 });
    expect(await runConsentScenario(sim.deps, 1, 'reject', 5)).toMatchObject({ outcome: 'interrupted', visitIds: ['v1'] });
    expect(sim.fullRules).toEqual([true, false]);
  });

  it('a page that navigates away while the banner is awaited is interrupted at once, not reported as no-cmp', async () => {
    const sim = simulate({ navigateAwayAt: 500 });
    expect(await runConsentScenario(sim.deps, 1, 'reject', 5)).toMatchObject({ outcome: 'interrupted' });
    expect(sim.steps()).toEqual(['v1 start']);
  });

  it.each(['about:blank', 'chrome://extensions/', 'moz-extension://x/popup.html'])('refuses %s without touching anything', async (url) => {
    const sim = simulate({ url });
    expect(await runConsentScenario(sim.deps, 1, 'reject', 1, DEFAULT_TIMINGS)).toEqual({ ok: false, reason: 'restricted' });
    expect(sim.log).toEqual([]);
  });

  it('describes readings that did not confirm', () => {
    expect(describeReadings([])).toBe('no stored consent state');
    expect(describeReadings([accept, { cmp: 'iab-tcf', choice: 'unknown', error: 'x', raw: '' }])).toBe('klaro: accept; iab-tcf: unknown');
  });
});

describe('runConsentScenario observing as a visitor', () => {
  it('hands the observation after the choice to the visitor, on the page where the choice was made, before the reload', async () => {
    const sim = simulate({ popup: { cmp: 'Klaro', frameId: 2, actionResult: true, selfTest: true }, readings: [reject] });
    const observed: string[] = [];
    sim.deps.observe = async (tabId, ms) => {
      observed.push(`${tabId} ${ms} ${sim.steps().at(-1)}`);
      await sim.deps.sleep(ms);
    };
    await runConsentScenario(sim.deps, 1, 'reject', 4);
    expect(observed).toEqual(['1 4000 v1 confirmed']);
    expect(sim.log.filter((l) => l === 'reload')).toHaveLength(2);
  });
});
