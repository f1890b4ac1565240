import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScenarioResult } from '@/lib/audit/consent-run';
import type { Report } from '@/lib/report/types';
import { actLikeVisitor } from '@/lib/cli/trusted-input.mjs';
import { BROWSERS, sendToExtension, sleep, startSession } from './harness';

// Recorders that upload only when the visitor does something, or when the page is hidden: after the choice (reject)
// and in the clean observe, the extension behaves as a visitor (scroll, pointer, neutral click, leave, hidden page),
// so their uploads happen while it watches. The fixture (klaro-ok.example/replay.html) is the real rrweb with a
// stand-in uploader that sends only on scroll or pointer moves, or on visibilitychange to hidden.
type Session = Awaited<ReturnType<typeof startSession>>;
type RrwebEvent = { type: number; data?: { source?: number; type?: number } };
const COLLECTOR = 'collector.replay-vendor.example';

function uploadedEvents(uploads: { body: Buffer }[]): RrwebEvent[] {
  return uploads.flatMap((u) => (JSON.parse(u.body.toString('utf8')) as { events: RrwebEvent[] }).events);
}

describe.each(BROWSERS)('behaving as a visitor in %s', (kind) => {
  let env: Session;
  beforeAll(async () => {
    env = await startSession(kind);
  });
  afterAll(() => env?.close());

  async function reject(url: string) {
    const first = await env.visit(url, { settle: 1000 });
    const since = env.server.log.length;
    const result = (await sendToExtension(env.session, { type: 'run-scenario', tabId: first.tabId, scenario: 'reject', seconds: 4 })) as ScenarioResult;
    if (!result.ok) throw new Error(`scenario did not run: ${result.reason}`);
    const { report } = (await sendToExtension(env.session, { type: 'get-report', visitId: result.visitIds[0] })) as { report: Report };
    const uploads = env.server.log.slice(since).filter((e) => e.host === COLLECTOR && e.method === 'POST');
    await first.page.close().catch(() => undefined);
    return { result, report, uploads };
  }

  it("in Chromium, pages see a visitor's browser: navigator.webdriver is false (highlight.run records nothing otherwise)", async () => {
    const page = await env.session.newPage();
    try {
      await env.session.goto(page, 'https://klaro-ok.example/replay.html');
      // Firefox ESR cannot turn it off under WebDriver BiDi (docs/audits.md, "Behaving as a visitor").
      expect(await page.evaluate(() => navigator.webdriver)).toBe(kind !== 'chromium');
    } finally {
      await page.close();
    }
  });

  it('after a refusal on the broken site, makes the recorder upload, and reports the recording after the refusal', async () => {
    const { result, report, uploads } = await reject('https://klaro-broken.example/replay.html');
    expect(result).toMatchObject({ outcome: 'confirmed', cmp: 'Klaro' });
    expect(uploads.length).toBeGreaterThan(0);
    // It uploads nothing until the visitor moves: its first upload, the recording, comes after the refusal.
    expect(report.recorders.find((r) => r.vendor === 'rrweb')).toMatchObject({ recordingVia: 'rrweb-payload', recordingPhase: 'after-refusal' });
    const finding = report.findings.find((f) => f.rule === 'replay-after-refusal');
    expect(finding).toMatchObject({ vendor: { id: 'rrweb' }, severity: 'critical' });
    // The visitor's uploads are the first visit's: they arrive before the reload, while the page is still the one
    // refused on.
    const afterRefusal = report.payloads.filter((p) => p.url.includes(COLLECTOR) && p.phase === 'after-refusal');
    expect(afterRefusal.length).toBeGreaterThan(0);
    // rrweb saw a scroll and a click on neutral content.
    const events = uploadedEvents(uploads);
    expect(events.some((e) => e.type === 3 && e.data?.source === 3)).toBe(true);
    expect(events.some((e) => e.type === 3 && e.data?.source === 2 && e.data.type === 2)).toBe(true);
  });

  it('on the correct site, nothing records after the refusal, and the neutral click triggered nothing', async () => {
    const { result, report, uploads } = await reject('https://klaro-ok.example/replay.html');
    expect(result).toMatchObject({ outcome: 'confirmed', cmp: 'Klaro' });
    expect(uploads).toEqual([]);
    expect(report.recorders).toEqual([]);
    expect(report.findings.filter((f) => f.rule.startsWith('replay-'))).toEqual([]);
    expect(report.page.url).toBe('https://klaro-ok.example/replay.html');
  });

  it('in the clean observe of the broken site, the recorder is seen recording before any choice', async () => {
    const first = await env.visit('https://klaro-broken.example/replay.html', { settle: 500 });
    const run = (await sendToExtension(env.session, { type: 'run-clean-observe', tabId: first.tabId, seconds: 4 })) as { ok: boolean; visitId?: string };
    expect(run.ok).toBe(true);
    const { report } = (await sendToExtension(env.session, { type: 'get-report', visitId: run.visitId })) as { report: Report };
    await first.page.close().catch(() => undefined);
    expect(report.recorders.find((r) => r.vendor === 'rrweb')).toMatchObject({ recordingVia: 'rrweb-payload', recordingPhase: 'before-choice' });
    expect(report.findings.find((f) => f.rule === 'replay-before-consent')).toMatchObject({ severity: 'critical' });
    // Klaro's banner was never answered: scrolling, moving and clicking beside it is not a choice.
    expect(report.consent.choice).toBeUndefined();
  });

  it("the CLI's visitor (real input through the automation protocol) makes the recorder upload before the report", async () => {
    const url = 'https://klaro-broken.example/replay.html?cli=1';
    const { page, tabId } = await env.visit(url, { settle: 2500 });
    const since = env.server.log.length;
    await sleep(1500);
    expect(env.server.log.slice(since).filter((e) => e.host === COLLECTOR)).toEqual([]);
    const steps = await actLikeVisitor(env.session, page, tabId);
    // Headless Chromium keeps every tab visible: only Firefox's page goes hidden.
    expect(steps).toEqual(kind === 'firefox' ? ['scroll', 'move', 'click', 'hide'] : ['scroll', 'move', 'click', 'leave']);
    const until = Date.now() + 10_000;
    while (!env.server.log.slice(since).some((e) => e.host === COLLECTOR) && Date.now() < until) await sleep(200);
    const uploads = env.server.log.slice(since).filter((e) => e.host === COLLECTOR);
    expect(uploads.length).toBeGreaterThan(0);
    const events = uploadedEvents(uploads);
    // rrweb saw the scroll and the click on neutral content (mouse interaction, type click); the page did not move.
    expect(events.some((e) => e.type === 3 && e.data?.source === 3)).toBe(true);
    expect(events.some((e) => e.type === 3 && e.data?.source === 2 && e.data.type === 2)).toBe(true);
    expect(page.url()).toBe(url);
  });
});
