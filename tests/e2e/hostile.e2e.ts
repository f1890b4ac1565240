import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '@/lib/report/types';
import { findTabId, requestReport } from '@/lib/cli/browsers.mjs';
import { BROWSERS, sendToExtension, sleep, startSession } from './harness';

// The page is hostile input: floods, forgeries, oversized and malformed data must never crash the extension,
// never pass as network evidence, and stay within the caps.
describe.each(BROWSERS)('a hostile page in %s', (kind) => {
  let env: Awaited<ReturnType<typeof startSession>>;
  let report: Report;
  let finished = false;
  const url = 'https://hostile.example/?requests=3000&cookies=2000&forged=25000';

  beforeAll(async () => {
    env = await startSession(kind);
    const page = await env.session.newPage();
    await env.session.goto(page, url);
    // Speed is the benchmarks' business (npm run bench): the page gets as long as it needs on a slow machine, and must
    // finish. Headless Chromium alone sends about 120 of these fetches a second on the CI machine (10,000 took 84 s
    // without the extension): 3,000 records every one as well as 10,000 did, in a third of the time.
    const started = Date.now();
    const until = started + 300_000;
    while (!(await page.evaluate(() => document.body.dataset.done === '1')) && Date.now() < until) await sleep(500);
    finished = await page.evaluate(() => document.body.dataset.done === '1');
    console.log(`${kind}: the hostile page finished in ${Date.now() - started} ms`);
    await sleep(2000);
    const tabId = await findTabId(env.session, url);
    report = ((await requestReport(env.session, tabId ?? -1)) as { report: Report }).report;
  }, 360_000);
  afterAll(() => env?.close());

  it('records 3,000 requests and stays responsive', async () => {
    expect(finished).toBe(true);
    expect(report.requests.filter((r) => r.url.includes('/r/')).length).toBe(3000);
    const settings = await sendToExtension(env.session, { type: 'get-settings' });
    expect(settings).toMatchObject({ retentionDays: 7 });
  });

  it('caps a 5 MB body and keeps binary bodies as bytes', () => {
    const upload = report.requests.find((r) => r.url.endsWith('/upload'));
    expect(upload?.body).toMatchObject({ size: 5 * 1024 * 1024, truncated: true });
    const probe = report.payloads.find((p) => p.url.endsWith('/upload'));
    expect(probe?.body).toMatchObject({ size: 5 * 1024 * 1024 });
    expect(report.payloads.find((p) => p.url.endsWith('/binary'))?.body).toMatchObject({ size: 65_536, truncated: false });
    expect(report.payloads.find((p) => p.url.endsWith('/blob'))?.body).toMatchObject({ size: 65_536, form: 'blob' });
  });

  it('never lets forged probe messages pass as network evidence', () => {
    expect(report.requests.some((r) => r.url.includes('forged-'))).toBe(false);
    const forged = report.payloads.find((p) => p.url === 'https://forged-payload.example/');
    expect(forged?.source).toBe('probe');
    expect(report.payloads.some((p) => p.url.includes('object-detail'))).toBe(false);
    const storage = report.storage.find((s) => s.source === 'probe' && s.key.startsWith('kkk'));
    expect(storage?.key.length).toBeLessThanOrEqual(1024);
  });

  it('caps a flood of probe events and counts what it dropped', () => {
    expect(report.visit.dropped).toBeGreaterThan(0);
    expect(report.globals.length).toBeLessThanOrEqual(200);
  });

  it('records 2,000 script cookies and survives malformed Set-Cookie headers', () => {
    expect(report.cookies.filter((c) => c.via === 'script' && c.name.startsWith('bulk')).length).toBe(2000);
    const header = report.cookies.filter((c) => c.via === 'header').map((c) => c.name);
    expect(header).toEqual(expect.arrayContaining(['ok', 'long']));
    expect(report.cookies.find((c) => c.via === 'header' && c.name === 'ok')).toMatchObject({ declaredLifetime: null, sameSite: 'unspecified', path: '/' });
  });

  it("reports no global the page did not define (the probe's own dataLayer accessor included)", () => {
    expect(report.globals.map((g) => g.name)).not.toContain('dataLayer');
  });

  it('keeps the markup in the title as text', () => {
    expect(report.page.title).toBe('<img src=x onerror="document.title=\'pwned\'">Hostile <script>alert(1)</script>');
  });
});
