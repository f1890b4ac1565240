import { describe, expect, it, vi } from 'vitest';
import { cleanCmpName, createAutoconsentHub, AUDIT_CONFIG, DETECTION_CONFIG, parseAutoconsentMessage, selectFullRules } from '@/lib/audit/autoconsent-hub';
import type { AuditSignal } from '@/lib/capture/recorder';

function makeHub() {
  const sent: { tabId: number; frameId: number; message: unknown }[] = [];
  const signals: { tabId: number; signal: AuditSignal }[] = [];
  const runSnippet = vi.fn(async () => true as unknown);
  const rulesFor = vi.fn(async (_url: string, _main: boolean, full: boolean) => (full ? 'full' : 'compact'));
  const hub = createAutoconsentHub({
    recordSignal: async (tabId, signal) => void signals.push({ tabId, signal }),
    sendToFrame: async (tabId, frameId, message) => void sent.push({ tabId, frameId, message }),
    runSnippet,
    isSnippet: (id) => id === 'EVAL_KLARO_1',
    rulesFor,
    now: () => 1000,
    onError: () => undefined,
  });
  return { hub, sent, signals, runSnippet, rulesFor };
}
const frame = { tabId: 7, frameId: 3, url: 'https://shop.example/' };

describe('autoconsent hub', () => {
  it('answers init with detection-only config, and with the full rules and heuristics only while an audit runs in the tab', async () => {
    const { hub, sent } = makeHub();
    await hub.handle(frame, { type: 'init', url: frame.url });
    hub.useFullRules(7, true);
    await hub.handle(frame, { type: 'init', url: frame.url });
    expect(sent).toEqual([
      { tabId: 7, frameId: 3, message: { type: 'initResp', rules: 'compact', config: DETECTION_CONFIG } },
      { tabId: 7, frameId: 3, message: { type: 'initResp', rules: 'full', config: AUDIT_CONFIG } },
    ]);
    expect(DETECTION_CONFIG).toMatchObject({ autoAction: null, enableCosmeticRules: false, enablePrehide: false, enabled: true, heuristicMode: 'off' });
    // In an audit, autoconsent's heuristics look for popups no rule knows; it still acts only when told to.
    expect(AUDIT_CONFIG).toEqual({ ...DETECTION_CONFIG, heuristicMode: 'reject' });
  });

  it("runs only autoconsent's named snippets; code sent as a string is never run", async () => {
    const { hub, sent, runSnippet } = makeHub();
    await hub.handle(frame, { type: 'eval', id: 'a', code: 'fetch("https://evil.example")', snippetId: 'EVAL_KLARO_1' });
    await hub.handle(frame, { type: 'eval', id: 'b', code: 'alert(1)' });
    await hub.handle(frame, { type: 'eval', id: 'c', code: 'x', snippetId: 'constructor' });
    expect(runSnippet).toHaveBeenCalledTimes(1);
    expect(runSnippet).toHaveBeenCalledWith(7, 3, 'EVAL_KLARO_1');
    expect(sent.map((s) => s.message)).toEqual([
      { type: 'evalResp', id: 'a', result: true },
      { type: 'evalResp', id: 'b', result: false },
      { type: 'evalResp', id: 'c', result: false },
    ]);
  });

  it('records detections and results as consent signals, once per frame, and keeps them for the scenarios', async () => {
    const { hub, signals } = makeHub();
    await hub.handle(frame, { type: 'cmpDetected', cmp: 'Klaro', url: frame.url });
    await hub.handle(frame, { type: 'popupFound', cmp: 'Klaro', url: frame.url });
    await hub.handle(frame, { type: 'optOutResult', cmp: 'Klaro', result: true, scheduleSelfTest: true, url: frame.url });
    expect(signals.map((s) => [s.signal.command, s.signal.params])).toEqual([
      ['cmpDetected', { cmp: 'Klaro', result: 'true' }],
      ['popupFound', { cmp: 'Klaro', result: 'true' }],
      ['optOutResult', { cmp: 'Klaro', result: 'true' }],
    ]);
    expect(signals.every((s) => s.signal.signal === 'autoconsent' && s.signal.onceKey && s.signal.at === 1000)).toBe(true);
    expect(hub.events(7).map((e) => e.type)).toEqual(['cmpDetected', 'popupFound', 'optOutResult']);
    hub.reset(7);
    expect(hub.events(7)).toEqual([]);
  });

  it('drops malformed or forged messages and cleans CMP names', async () => {
    const { hub, signals, sent } = makeHub();
    for (const raw of [
      null,
      'x',
      { type: 'cmpDetected' },
      { type: 'cmpDetected', cmp: 42 },
      { type: 'optOutResult', cmp: 'K', result: 'yes' },
      { type: 'nope' },
      { type: 'eval' },
    ]) {
      await hub.handle(frame, raw);
    }
    expect(signals).toEqual([]);
    expect(sent).toEqual([]);
    expect(cleanCmpName('<img src=x onerror=alert(1)>Klaro\u0000')).toBe('img srcx onerroralert(1)Klaro');
    expect(cleanCmpName('x'.repeat(500))).toHaveLength(80);
    expect(cleanCmpName('<>')).toBeUndefined();
    expect(parseAutoconsentMessage({ type: 'report', state: {} })).toEqual({ type: 'ignored' });
  });

  it("keeps an opt-out / opt-in result's click times (finite numbers, bounded) for the scenario, and no others", async () => {
    const { hub } = makeHub();
    const clicks = [1200, Number.NaN, '1300', null, 1400, ...Array.from({ length: 40 }, () => 1500)];
    await hub.handle(frame, { type: 'optOutResult', cmp: 'Klaro', result: true, url: frame.url, clicks });
    await hub.handle(frame, { type: 'selfTestResult', cmp: 'Klaro', result: true, url: frame.url, clicks: [1] });
    const [optOut, selfTest] = hub.events(7);
    expect(optOut?.clicks?.slice(0, 3)).toEqual([1200, 1400, 1500]);
    expect(optOut?.clicks?.length).toBeLessThanOrEqual(20);
    expect(selfTest?.clicks).toBeUndefined();
    expect(parseAutoconsentMessage({ type: 'optInResult', cmp: 'K', result: true, url: '', clicks: 'soon' })).toEqual({
      type: 'optInResult',
      cmp: 'K',
      result: true,
      url: '',
    });
  });

  it("sends the scenario's opt-out to the banner's frame", async () => {
    const { hub, sent } = makeHub();
    await hub.act(7, 5, 'optOut');
    expect(sent).toEqual([{ tabId: 7, frameId: 5, message: { type: 'optOut' } }]);
  });

  it('keeps generic rules and the site-specific rules whose URL pattern matches', () => {
    const rules = [
      { name: 'a' },
      { name: 'b', runContext: { urlPattern: '^https://shop\\.example/' } },
      { name: 'c', runContext: { urlPattern: '^https://other\\.example/' } },
      { name: 'd', runContext: { urlPattern: '(' } },
    ];
    expect(selectFullRules(rules, 'https://shop.example/x').map((r) => (r as { name: string }).name)).toEqual(['a', 'b']);
  });
});
