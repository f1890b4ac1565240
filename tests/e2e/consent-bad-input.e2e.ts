import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScenarioStatus } from '@/lib/scenario';
import type { ScenarioResult } from '@/lib/audit/consent-run';
import type { Report } from '@/lib/report/types';
import type { TabData } from '@/lib/messages';
import { BROWSERS, sendToExtension, sleep, startSession } from './harness';

// Bad input from issue 4: none may crash the extension or give a plain verdict; each gives "inconclusive" with a
// reason. Covered here where a real browser is cheap; the others are unit tests (README, "Bad input").
describe.each(BROWSERS)('consent bad input in %s', (kind) => {
  let env: Awaited<ReturnType<typeof startSession>>;
  beforeAll(async () => {
    env = await startSession(kind);
  });
  afterAll(() => env?.close());

  const report = async (visitId: string) => ((await sendToExtension(env.session, { type: 'get-report', visitId })) as { report: Report }).report;
  const beforeConsent = (r: Report) => r.findings.filter((f) => f.rule === 'tracker-before-consent' || f.rule === 'cookie-before-consent');

  it('a consent manager whose script never finishes loading: the trackers before it are reported, inconclusive', async () => {
    const { report: r, page } = await env.visit('https://hanging-cmp.example/', { settle: 1500 });
    expect(r.requests.find((q) => q.url.includes('/klaro.js?delay='))?.status).toBeUndefined();
    expect(r.consent.inconclusiveReasons).toEqual([expect.objectContaining({ kind: 'cmp-not-loaded', text: expect.stringContaining('no response yet') })]);
    expect(beforeConsent(r).length).toBeGreaterThan(0);
    for (const f of beforeConsent(r)) expect(f).toMatchObject({ confidence: 'low', inconclusive: expect.stringContaining('did not finish loading') });
    await page.close().catch(() => undefined);
  });

  it('two consent managers on one page: both recognised, and the findings say which one holds the choice is unclear', async () => {
    const { report: r, page } = await env.visit('https://two-cmps.example/', { settle: 2000 });
    expect(r.consent.cmps).toEqual(expect.arrayContaining(['klaro', 'insites-cookieconsent']));
    expect(r.consent.inconclusiveReasons.map((x) => x.kind)).toContain('several-cmps');
    expect(beforeConsent(r).length).toBeGreaterThan(0);
    for (const f of beforeConsent(r)) expect(f).toMatchObject({ confidence: 'low', inconclusive: expect.stringContaining('Several consent managers') });
    await page.close().catch(() => undefined);
  });

  // autoconsent's Klaro rule runs in the top frame only (its default runContext), so nothing is clicked: the run says
  // it recognised no consent manager, and the page's report is inconclusive, never "no consent mechanism".
  it('a banner inside a cross-site iframe: not answered, so unconfirmed, and the page is inconclusive', async () => {
    const first = await env.visit('https://framed-cmp.example/', { settle: 1000 });
    const result = (await sendToExtension(env.session, { type: 'run-scenario', tabId: first.tabId, scenario: 'reject', seconds: 1 })) as Extract<
      ScenarioResult,
      { ok: true }
    >;
    expect(result).toMatchObject({ ok: true, outcome: 'no-cmp', step: 'done' });
    const r = await report(result.visitIds[0] ?? '');
    expect(r.consent.cmps).toContain('klaro');
    expect(r.consent.choice).toBeUndefined();
    expect(r.consent.inconclusiveReasons).toContainEqual(expect.objectContaining({ kind: 'scenario-unconfirmed', text: expect.stringContaining('no-cmp') }));
    expect(r.findings.map((f) => f.rule)).not.toContain('no-consent-mechanism');
    const consentFindings = r.findings.filter((f) => f.rule.endsWith('before-consent') || f.rule.endsWith('after-refusal'));
    expect(consentFindings.length).toBeGreaterThan(0);
    for (const f of consentFindings)
      expect(f).toMatchObject({ phase: 'before-choice', confidence: 'low', inconclusive: expect.stringContaining('could not confirm') });
    await first.page.close().catch(() => undefined);
  });

  it('a page that navigates away in the middle of a reject run: interrupted, and its page is inconclusive', async () => {
    const first = await env.visit('https://klaro-broken.example/', { settle: 800 });
    const running = sendToExtension(env.session, { type: 'run-scenario', tabId: first.tabId, scenario: 'reject', seconds: 3 }) as Promise<ScenarioResult>;
    let status: ScenarioStatus | undefined;
    for (let i = 0; i < 100 && status?.step !== 'waiting-cmp'; i++) {
      await sleep(50);
      status = ((await sendToExtension(env.session, { type: 'get-scenario-status', tabId: first.tabId })) as { status?: ScenarioStatus }).status;
    }
    expect(status?.step).toBe('waiting-cmp');
    // The banner is up and the run is about to answer it when the visitor (or the page) goes elsewhere: once a tracker
    // of the reloaded page has sent and been answered (on a loaded machine that can take longer than the banner).
    for (let i = 0; i < 40; i++) {
      const data = (await sendToExtension(env.session, { type: 'get-tab-data', tabId: first.tabId })) as TabData;
      if (data.records.some((r) => r.kind === 'request' && /google-analytics\.com\/g\/collect|facebook\.com\/tr/.test(r.url) && r.status !== undefined)) break;
      await sleep(100);
    }
    await first.page
      .evaluate(() => {
        location.href = 'https://shop.example/';
      })
      .catch(() => undefined);
    const result = (await running) as Extract<ScenarioResult, { ok: true }>;
    expect(result).toMatchObject({ ok: true, outcome: 'interrupted', detail: 'the page navigated away', step: 'done' });
    expect(result.visitIds).toHaveLength(1);
    const r = await report(result.visitIds[0] ?? '');
    expect(r.consent.inconclusiveReasons).toContainEqual(
      expect.objectContaining({
        kind: 'scenario-unconfirmed',
        text: expect.stringContaining('the run did not finish on this page'),
      }),
    );
    expect(beforeConsent(r).length).toBeGreaterThan(0);
    for (const f of beforeConsent(r)) expect(f).toMatchObject({ confidence: 'low', inconclusive: expect.any(String) });
    expect(r.findings.map((f) => f.rule)).not.toContain('tracker-after-refusal');
    await first.page.close().catch(() => undefined);
  });
});
