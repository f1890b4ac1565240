import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTabId, requestReport } from '@/lib/cli/browsers.mjs';
import type { Report } from '@/lib/report/types';
import { BROWSERS, sleep, startSession } from './harness';

const SHOP = 'https://shop.example/';
const OTHER = 'https://levels--shop.example/';

/** The tab's report once `ready` says it is the one wanted (a reload starts a new visit). */
async function reportWhen(session: Awaited<ReturnType<typeof startSession>>['session'], tabId: number, ready: (r: Report) => boolean): Promise<Report> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const answer = (await requestReport(session, tabId)) as { ok: boolean; report?: Report };
    if (answer.report && ready(answer.report)) return answer.report;
    if (Date.now() > deadline) throw new Error(`report not ready: ${JSON.stringify(answer.report?.visit)}`);
    await sleep(500);
  }
}

// The default, everyday capture: the light listeners only, until the user asks for full capture on a tab (the popup's
// "Inspect this tab fully"), which reloads that tab alone with bodies and headers.
describe.each(BROWSERS)('capture levels in %s', (kind) => {
  let env: Awaited<ReturnType<typeof startSession>>;
  let everyday: Report;
  let tabId: number;

  beforeAll(async () => {
    env = await startSession(kind, { everyday: true });
    ({ report: everyday, tabId } = await env.visit(SHOP, { settle: 3000 }));
  });
  afterAll(() => env?.close());

  it('records an everyday visit without network bodies and headers, and says so', () => {
    expect(everyday.visit.capture).toEqual({ level: 'everyday' });
    const main = everyday.requests.find((r) => r.type === 'main_frame');
    expect(main).toMatchObject({ url: SHOP, setCookieCount: 0 });
    expect(main?.status).toBeUndefined();
    expect(main?.responseHeaders).toBeUndefined();
    expect(everyday.requests.find((r) => r.url.startsWith('https://shop.example/api/track'))?.body).toBeUndefined();
    // What the page probe sees is there at every level: the call's body, the cookies, the trackers and their findings.
    expect(everyday.payloads.find((p) => p.url.startsWith('https://shop.example/api/track'))?.body).toMatchObject({ size: 27 });
    expect(everyday.cookies.map((c) => c.name)).toEqual(expect.arrayContaining(['_ga', '_fbp']));
    expect(everyday.findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['tracker-before-consent', 'replay-before-consent']));
  });

  it('shows the level in the popup, whose button reloads the tab with full capture; other tabs stay everyday', async () => {
    const other = await env.openPage();
    await env.session.goto(other, OTHER);
    const otherTab = await findTabId(env.session, OTHER);
    if (otherTab === undefined) throw new Error('no tab for the second page');
    const popup = await env.session.openExtensionPage(`popup.html?tabId=${tabId}&lang=en`);
    await popup.waitForSelector('[data-testid="inspect-fully"]', { timeout: 10_000 });
    expect(await popup.evaluate(() => document.querySelector('[data-testid="capture-level"]')?.textContent ?? '')).toMatch(/^Everyday capture: request bodies/);
    await popup.evaluate(() => document.querySelector<HTMLButtonElement>('[data-testid="inspect-fully"]')?.click());

    const full = await reportWhen(env.session, tabId, (r) => r.visit.id !== everyday.visit.id && r.requests.some((q) => q.url.startsWith('https://shop.example/api/track')));
    expect(full.visit.capture).toEqual({ level: 'full' });
    expect(full.requests.find((r) => r.type === 'main_frame')).toMatchObject({ url: SHOP, status: 200, setCookieCount: 2 });
    expect(full.requests.find((r) => r.url.startsWith('https://shop.example/api/track'))?.body).toMatchObject({ size: 27 });

    // The full listeners are the inspected tab's alone.
    await env.session.goto(other, `${OTHER}?again`);
    const second = await reportWhen(env.session, otherTab, (r) => r.page.url === `${OTHER}?again` && r.requests.some((q) => q.url.includes('/api/track')));
    expect(second.visit.capture).toEqual({ level: 'everyday' });
    expect(second.requests.find((r) => r.type === 'main_frame')?.status).toBeUndefined();
    expect(second.requests.find((r) => r.url.includes('/api/track'))?.body).toBeUndefined();
  });
});
