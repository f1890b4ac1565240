import { describe, expect, it } from 'vitest';
import type { AutoconsentEvent } from '@/lib/audit/autoconsent-hub';
import type { ScenarioStatus } from '@/lib/scenario';
import { DEFAULT_TIMINGS, describeReadings, runConsentScenario, type ConsentRunDeps } from '@/lib/audit/consent-run';
import type { AuditSignal } from '@/lib/capture/recorder';
import type { CmpReading, CmpStorage } from '@/lib/consent/cmp-reader';
import type { BannerClick, FrameBanner } from '@/lib/audit/unknown-banner';

interface World {
  /** What autoconsent reports after each reload: a popup (and the action's result), or nothing. */
  popup?: { cmp: string; frameId: number; actionResult?: boolean; selfTest?: boolean; clicks?: { at: number[]; resultAfter: number } };
  readings?: CmpReading[];
  url?: string;
  /** Navigates the tab elsewhere at this simulated time. */
  navigateAwayAt?: number;
  /** A banner our detector finds in a frame, from this simulated time on (after each reload). */
  banner?: Partial<FrameBanner> & { appearsAt?: number };
  /** autoconsent's heuristics find the popup after each reload; its opt-out gives `heuristicResult`. */
  heuristic?: boolean;
  heuristicResult?: boolean;
  /** What the frame answers when asked to click its banner, and what the click writes. */
  click?: BannerClick;
  written?: Partial<CmpStorage>;
  /** Vendors that start sending after the click. */
  started?: string[];
}

function simulate(world: World) {
  let clock = 0;
  let visit = 0;
  const log: string[] = [];
  const signals: { visit: string; signal: AuditSignal }[] = [];
  const statuses: ScenarioStatus[] = [];
  let events: AutoconsentEvent[] = [];
  const fullRules: boolean[] = [];
  let storage: CmpStorage = { cookies: [], localStorage: [] };
  let clicked = false;
  let reloadedAt = 0;
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
        if (world.heuristic && action === 'optOut' && world.heuristicResult !== undefined) {
          events.push({ type: 'optOutResult', cmp: 'HEURISTIC-REJECT', frameId, result: world.heuristicResult, at: clock });
          if (world.heuristicResult) write();
          return;
        }
        if (p?.actionResult !== undefined)
          events.push({
            type: action === 'optOut' ? 'optOutResult' : 'optInResult',
            cmp: p.cmp,
            frameId,
            result: p.actionResult,
            // The clicks the frame dispatched (ms after the command) and when the result arrived.
            ...(p.clicks ? { at: clock + p.clicks.resultAfter, clicks: p.clicks.at.map((t) => clock + t) } : { at: clock }),
          });
      },
    },
    tabUrl: async () => world.url ?? 'https://shop.example/',
    clearSiteData: async (url) => void log.push(`clear ${url}`),
    reload: async () => {
      visit++;
      reloadedAt = clock;
      log.push('reload');
      if (world.heuristic)
        events.push(
          { type: 'cmpDetected', cmp: 'HEURISTIC-REJECT', frameId: 0, at: clock },
          { type: 'popupFound', cmp: 'HEURISTIC-REJECT', frameId: 0, at: clock },
        );
      if (world.popup)
        events.push(
          { type: 'cmpDetected', cmp: world.popup.cmp, frameId: world.popup.frameId, at: clock },
          { type: 'popupFound', cmp: world.popup.cmp, frameId: world.popup.frameId, at: clock },
        );
    },
    readCmpReadings: async () => (clicked || world.banner === undefined ? (world.readings ?? []) : []),
    captureStorage: async () => storage,
    findBanners: async () => {
      const b = world.banner;
      if (!b || clock - reloadedAt < (b.appearsAt ?? 0) || visit > 1) return [];
      return [
        {
          frameId: 0,
          frameUrl: 'https://shop.example/',
          sameSite: true,
          type: 'consent-banner',
          text: 'We use cookies',
          controls: 'reject:Tout refuser|accept:Tout accepter',
          selector: 'div#bnr',
          ...b,
        },
      ];
    },
    clickBanner: async (_tab, frameId, choice) => {
      log.push(`click ${choice} in frame ${frameId}`);
      const answer = world.click ?? { ok: false, reason: 'no-banner' };
      if (answer.ok) write();
      return answer;
    },
    trackersStarted: async () => (clicked ? (world.started ?? []) : []),
    sleep: async (ms) => {
      clock += ms;
    },
    now: () => clock,
    newRunId: () => 'run1',
    onStatus: (_tab, status) => void statuses.push(status),
  };
  function write() {
    clicked = true;
    storage = {
      cookies: [...storage.cookies, ...(world.written?.cookies ?? [])],
      localStorage: [...storage.localStorage, ...(world.written?.localStorage ?? [])],
    };
  }
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
      confirmedBy: 'cmp-state',
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

  it('the answer is dated by the last click autoconsent dispatched in the page, not by the command', async () => {
    // A busy page: autoconsent found the refuse button 380 ms after the command (a settings panel opened at 120 ms).
    const sim = simulate({ popup: { cmp: 'Klaro', frameId: 0, actionResult: true, clicks: { at: [120, 380], resultAfter: 450 } }, readings: [reject] });
    const result = await runConsentScenario(sim.deps, 1, 'reject', 1);
    expect(result).toMatchObject({ outcome: 'confirmed', actedAt: 1000 });
    expect(sim.signals.find((s) => s.signal.command === 'opt-out')?.signal.at).toBe(1380);
    expect(sim.steps()).toEqual(['v1 start', 'v1 opt-out', 'v1 confirmed', 'v1 navigate', 'v2 navigate', 'v2 end']);
  });

  it('no click seen, or click times outside the action (a hostile frame): the answer keeps the command time', async () => {
    for (const clicks of [{ at: [], resultAfter: 300 }, { at: [-50, 900, Number.NaN], resultAfter: 300 }, undefined]) {
      const sim = simulate({ popup: { cmp: 'Klaro', frameId: 0, actionResult: true, ...(clicks && { clicks }) }, readings: [accept] });
      expect(await runConsentScenario(sim.deps, 1, 'accept', 1)).toMatchObject({ outcome: 'confirmed' });
      expect(sim.signals.find((s) => s.signal.command === 'opt-in')?.signal.at).toBe(1000);
    }
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
    expect(await runConsentScenario(sim.deps, 1, 'reject', 5)).toMatchObject({ outcome: 'interrupted', visitIds: ['v1'], detail: 'the page navigated away' });
    expect(sim.fullRules).toEqual([true, false]);
  });

  it('a tab closed during the run is interrupted, and says the tab was closed', async () => {
    const sim = simulate({ popup: { cmp: 'Klaro', frameId: 0, actionResult: true }, readings: [reject], navigateAwayAt: 2000 });
    let calls = 0;
    // The first call starts the run; once the page is gone, so is the tab (browser.tabs.get rejects).
    sim.deps.tabUrl = async () => {
      if (calls++ > 0) throw new Error('No tab with id: 1');
      return 'https://shop.example/';
    };
    expect(await runConsentScenario(sim.deps, 1, 'reject', 5)).toMatchObject({ outcome: 'interrupted', detail: 'the tab was closed' });
  });

  it('a page that navigates away while the banner is awaited is interrupted at once, not reported as no-cmp', async () => {
    const sim = simulate({ navigateAwayAt: 500 });
    expect(await runConsentScenario(sim.deps, 1, 'reject', 5)).toMatchObject({ outcome: 'interrupted' });
    expect(sim.steps()).toEqual(['v1 start']);
  });

  describe('a banner no autoconsent rule names (cmp unknown)', () => {
    const deny = { cookies: [{ name: 'site_consent', value: 'deny' }] };

    it('reject: waits for autoconsent to name it, then clicks the refuse control and confirms from the value it wrote', async () => {
      const sim = simulate({ banner: { appearsAt: 500 }, click: { ok: true, label: 'Tout refuser', selector: 'div#bnr' }, written: deny });
      const result = await runConsentScenario(sim.deps, 1, 'reject', 2);
      expect(result).toMatchObject({
        outcome: 'confirmed',
        cmp: 'unknown',
        confirmedBy: 'stored-value',
        detail: 'unknown: reject, read from cookie site_consent written after the click (answered: "Tout refuser")',
        visitIds: ['v1', 'v2'],
      });
      // Up at 500 ms, seen at the next look (1 s), left 3 s for autoconsent to name it, then 1 s as a visitor would.
      expect(result.ok && result.actedAt).toBe(5000);
      expect(sim.log).toContain('click reject in frame 0');
      expect(sim.steps()).toEqual(['v1 start', 'v1 opt-out', 'v1 confirmed', 'v1 navigate', 'v2 navigate', 'v2 end']);
      const optOut = sim.signals.find((s) => s.signal.command === 'opt-out')?.signal.params;
      expect(optOut).toMatchObject({ cmp: 'unknown', detail: 'unknown', frame: '0', banner: 'div#bnr: reject:Tout refuser|accept:Tout accepter' });
      expect(sim.signals.find((s) => s.signal.command === 'confirmed')?.signal.params).toMatchObject({ cmp: 'unknown', how: 'stored-value' });
    });

    it('the answer is dated by the click in the page, not by the command; a click time outside the action is ignored', async () => {
      for (const [clickAfter, expected] of [
        [250, 5250],
        [-400, 5000],
        [9000, 5000],
      ] as const) {
        const sim = simulate({ banner: { appearsAt: 500 }, written: deny });
        // The frame answers 300 ms after the command, having clicked `clickAfter` ms after it.
        sim.deps.clickBanner = async () => {
          const commandAt = sim.deps.now();
          await sim.deps.sleep(300);
          sim.deps.captureStorage = async () => ({ cookies: deny.cookies, localStorage: [] });
          return { ok: true, label: 'Tout refuser', selector: 'div#bnr', at: commandAt + clickAfter };
        };
        const result = await runConsentScenario(sim.deps, 1, 'reject', 2);
        expect(result).toMatchObject({ outcome: 'confirmed', cmp: 'unknown' });
        expect(sim.signals.find((s) => s.signal.command === 'opt-out')?.signal.at).toBe(expected);
      }
    });

    it('a named banner autoconsent reports within the grace period wins', async () => {
      const sim = simulate({ banner: {}, click: { ok: true, label: 'Decline', selector: 'div' }, readings: [reject] });
      const events = sim.deps.hub.events;
      let calls = 0;
      sim.deps.hub.events = (tab) => (++calls > 10 ? [...events(tab), { type: 'popupFound', cmp: 'Klaro', frameId: 0, at: 0 }] : events(tab));
      sim.deps.hub.act = async (_tab, frameId, action) => {
        sim.log.push(`${action} in frame ${frameId}`);
      };
      await runConsentScenario(sim.deps, 1, 'reject', 1);
      expect(sim.log).toContain('optOut in frame 0');
      expect(sim.log.some((l) => l.startsWith('click'))).toBe(false);
    });

    it('not while autoconsent has recognised a named manager: that one is waited for, then no-popup', async () => {
      const sim = simulate({ banner: {}, click: { ok: true, label: 'Decline', selector: 'div' }, written: deny });
      const events = sim.deps.hub.events;
      sim.deps.hub.events = (tab) => [...events(tab), { type: 'cmpDetected', cmp: 'Klaro', frameId: 0, at: 0 }];
      expect(await runConsentScenario(sim.deps, 1, 'reject', 1)).toMatchObject({ outcome: 'no-popup', cmp: 'Klaro' });
      expect(sim.log.some((l) => l.startsWith('click'))).toBe(false);
    });

    it("reject through autoconsent's heuristic opt-out, confirmed by a CMP reader (a TCF banner of an unknown manager)", async () => {
      const tcf: CmpReading = { cmp: 'iab-tcf', choice: 'reject', raw: 'CQ…' };
      const sim = simulate({ heuristic: true, heuristicResult: true, readings: [tcf] });
      sim.deps.readCmpReadings = async () => (sim.log.includes('optOut in frame 0') ? [tcf] : []);
      const result = await runConsentScenario(sim.deps, 1, 'reject', 1);
      expect(result).toMatchObject({
        outcome: 'confirmed',
        cmp: 'unknown',
        confirmedBy: 'cmp-state',
        detail: 'iab-tcf: reject (answered: autoconsent HEURISTIC-REJECT)',
      });
      expect(result.ok && result.actedAt).toBe(1000);
      expect(sim.log.some((l) => l.startsWith('click'))).toBe(false);
    });

    it("accept: autoconsent's heuristics only refuse, so the banner's accept control is clicked", async () => {
      const sim = simulate({
        heuristic: true,
        heuristicResult: true,
        click: { ok: true, label: 'Accept all', selector: 'div' },
        written: { localStorage: [{ name: 'cookie_prefs', value: '{"analytics":true,"marketing":true}' }] },
      });
      expect(await runConsentScenario(sim.deps, 1, 'accept', 1)).toMatchObject({ outcome: 'confirmed', confirmedBy: 'stored-value', cmp: 'unknown' });
      expect(sim.log).toContain('click accept in frame 0');
      expect(sim.log).not.toContain('optOut in frame 0');
    });

    it('accept confirmed by traffic: an unreadable value written, and trackers that started after the click', async () => {
      const sim = simulate({
        banner: {},
        click: { ok: true, label: 'Accepter', selector: 'div' },
        written: { cookies: [{ name: 'bnr', value: 'a7' }] },
        started: ['google-analytics'],
      });
      expect(await runConsentScenario(sim.deps, 1, 'accept', 1)).toMatchObject({
        outcome: 'confirmed',
        confirmedBy: 'traffic',
        detail: 'unknown: accept, cookie bnr written after the click and google-analytics started sending (answered: "Accepter")',
      });
    });

    it('reject with the same unreadable value is unconfirmed: traffic never confirms a refusal', async () => {
      const sim = simulate({ banner: {}, click: { ok: true, label: 'Refuser', selector: 'div' }, written: { cookies: [{ name: 'bnr', value: 'r7' }] } });
      expect(await runConsentScenario(sim.deps, 1, 'reject', 1)).toMatchObject({
        outcome: 'unconfirmed',
        confirmedBy: 'none',
        detail: 'unknown: cookie bnr written after the click, unreadable (answered: "Refuser")',
      });
    });

    it('a refuse click that writes nothing is unconfirmed, never guessed', async () => {
      const sim = simulate({ banner: {}, click: { ok: true, label: 'Reject all', selector: 'div' } });
      const result = await runConsentScenario(sim.deps, 1, 'reject', 1);
      expect(result).toMatchObject({ outcome: 'unconfirmed', confirmedBy: 'none', detail: 'unknown: nothing stored after the click (answered: "Reject all")' });
      expect(sim.steps()).toContain('v1 unconfirmed');
      expect(sim.signals.find((s) => s.signal.command === 'unconfirmed')?.signal.params).toMatchObject({ cmp: 'unknown', how: 'none' });
    });

    it('a banner without a refuse control: action-failed, saying so', async () => {
      const sim = simulate({ banner: { controls: 'accept:Accept|settings:Settings' }, click: { ok: false, reason: 'no-control' } });
      expect(await runConsentScenario(sim.deps, 1, 'reject', 1)).toMatchObject({
        outcome: 'action-failed',
        detail: 'unknown: no refuse control on the banner',
      });
    });

    it("a banner in a cross-site frame is not answered: its stored choice would be the frame site's", async () => {
      const sim = simulate({
        banner: { frameId: 3, sameSite: false, frameUrl: 'https://cmp.example/x' },
        click: { ok: true, label: 'Decline', selector: 'div' },
      });
      expect(await runConsentScenario(sim.deps, 1, 'reject', 1)).toMatchObject({
        outcome: 'no-cmp',
        detail: 'no consent manager recognised; a consent banner in a cross-site frame (cmp.example) was not answered',
      });
      expect(sim.log.some((l) => l.startsWith('click'))).toBe(false);
    });

    it('a cookie notice with only "OK" is not a consent banner: no-cmp, and the detail says it was seen', async () => {
      const sim = simulate({ banner: { type: 'notice', controls: 'acknowledge:OK' }, click: { ok: true, label: 'OK', selector: 'div' } });
      expect(await runConsentScenario(sim.deps, 1, 'reject', 1)).toMatchObject({
        outcome: 'no-cmp',
        detail: 'no consent manager recognised; a cookie notice without a choice was seen (acknowledge:OK)',
      });
      expect(sim.log.some((l) => l.startsWith('click'))).toBe(false);
    });
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

describe('runConsentScenario screenshots', () => {
  it('takes the first paint, the banner once settled, and the state right after the recorded choice, in that order', async () => {
    const sim = simulate({ popup: { cmp: 'Klaro', frameId: 2, actionResult: true }, readings: [reject] });
    sim.deps.screenshot = async (_tab, reason) => {
      const last = sim.signals.at(-1)?.signal.command;
      sim.log.push(`shot ${reason} after ${last}`);
    };
    await runConsentScenario(sim.deps, 1, 'reject', 1);
    expect(sim.log.filter((l) => l.startsWith('shot'))).toEqual([
      'shot first-paint after start',
      'shot banner after start',
      'shot after-choice after confirmed',
    ]);
  });

  it('without a banner only the first paint is taken, and a screenshot that fails does not stop the audit', async () => {
    const sim = simulate({});
    const reasons: string[] = [];
    sim.deps.screenshot = async (_tab, reason) => {
      reasons.push(reason);
      throw new Error('capture refused');
    };
    expect(await runConsentScenario(sim.deps, 1, 'reject', 1)).toMatchObject({ ok: true, outcome: 'no-cmp' });
    expect(reasons).toEqual(['first-paint']);
  });
});
