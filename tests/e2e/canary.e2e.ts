import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '@/lib/report/types';
import { findTabId, requestReport } from '@/lib/cli/browsers.mjs';
import { BROWSERS, sendToExtension, sleep, startSession } from './harness';

// The canary test against the real rrweb recorder (npm), masking off and on. The collector is the judge: the
// extension must report a leak exactly where the collector received a canary, and "masked" where it did not.
describe.each(BROWSERS)('canary test with rrweb in %s', (kind) => {
  let env: Awaited<ReturnType<typeof startSession>>;
  beforeAll(async () => {
    env = await startSession(kind);
  });
  afterAll(() => env?.close());

  async function runCanary(mask: 0 | 1) {
    const url = `https://rrweb-shop.example/?mask=${mask}`;
    const page = await env.session.newPage();
    await env.session.goto(page, url);
    await sleep(1500);
    const tabId = (await findTabId(env.session, url)) ?? -1;
    const since = env.server.log.length;
    const run = (await sendToExtension(env.session, { type: 'run-canary', tabId, seconds: 4 })) as { ok: boolean; typed: number };
    const values = await page.evaluate(() => [...document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea')].map((e) => e.value));
    const { report } = (await requestReport(env.session, tabId)) as { report: Report };
    const received = env.server.log
      .slice(since)
      .filter((e) => e.host === 'collector.replay-vendor.example')
      .map((e) => e.body.toString('utf8'))
      .join('\n');
    return { run, values, report, received };
  }

  it('masking off: reports a leak for exactly the fields whose values the collector received', async () => {
    const { run, values, report, received } = await runCanary(0);
    expect(run).toMatchObject({ ok: true, typed: 4 });
    expect(report.scenario).toBe('canary');
    expect(values).toEqual(['', '', '', '']);
    const collectorSaw = report.canaries
      .filter((c) => received.includes(c.value.slice(0, 10)))
      .map((c) => c.selector)
      .sort();
    const reported = [...new Set(report.leaks.filter((l) => l.url.includes('collector.replay-vendor.example')).map((l) => l.selector))].sort();
    expect(collectorSaw).toEqual(['#email', '#msg', '#name']);
    expect(reported).toEqual(collectorSaw);
    expect(report.leaks.find((l) => l.selector === '#email')).toMatchObject({ rrweb: true, where: 'body' });
    const findings = report.findings
      .filter((f) => f.rule === 'replay-unmasked-input')
      .map((f) => f.evidence.details?.selector)
      .sort();
    expect(findings).toEqual(['#email', '#msg', '#name']);
    const proven = Object.fromEntries(report.masking.filter((m) => m.proof === 'canary').map((m) => [m.selector, m.verdict]));
    expect(proven).toEqual({ '#email': 'unmasked', '#name': 'unmasked', '#pw': 'masked', '#msg': 'unmasked' });
  });

  it('masking on: no value reaches the collector, and every field is reported masked', async () => {
    const { report, received } = await runCanary(1);
    expect(received.length).toBeGreaterThan(0);
    expect(report.canaries.filter((c) => received.includes(c.value.slice(0, 10)))).toEqual([]);
    expect(report.leaks).toEqual([]);
    expect(report.findings.filter((f) => f.rule === 'replay-unmasked-input')).toEqual([]);
    const proven = report.masking.filter((m) => m.proof === 'canary');
    expect(proven.map((m) => m.verdict)).toEqual(['masked', 'masked', 'masked', 'masked']);
  });

  it('runs from the popup\'s "Test masking" button and shows the leak findings', async () => {
    const url = 'https://rrweb-shop.example/?mask=0&from=popup';
    const page = await env.session.newPage();
    await env.session.goto(page, url);
    await sleep(1500);
    const tabId = (await findTabId(env.session, url)) ?? -1;
    const popup = await env.session.openExtensionPage(`popup.html?tabId=${tabId}`);
    await popup.waitForSelector('[data-testid="test-masking"]', { timeout: 10_000 });
    await popup.evaluate(() => document.querySelector<HTMLButtonElement>('[data-testid="test-masking"]')?.click());
    const until = Date.now() + 30_000;
    let status = '';
    while (!status.includes('done') && Date.now() < until) {
      await sleep(300);
      status = await popup.evaluate(() => document.querySelector('[data-testid="action-status"]')?.textContent ?? '');
    }
    expect(status).toContain('Masking test done: 4 fields typed and restored.');
    await sleep(500);
    const titles = await popup.evaluate(() => [...document.querySelectorAll('[data-testid="findings"] summary')].map((e) => e.textContent ?? ''));
    expect(titles.filter((t) => t.includes('What was typed into')).length).toBe(3);
  });

  it('recognises a self-hosted rrweb recorder by its fingerprint, without any vendor host', async () => {
    const { report } = await env.visit('https://rrweb-shop.example/?mask=1&selfhosted=1', { settle: 2500 });
    expect(report.requests.some((r) => r.url.includes('cdn.jsdelivr.net') || r.url.includes('replay-vendor'))).toBe(false);
    // The fingerprint is a page global: a hint of rrweb, not evidence; the recording below is the evidence.
    expect(report.globals.find((g) => g.name === '__rrweb_original__')).toMatchObject({ resembles: { vendor: 'rrweb', reason: 'global' }, source: 'probe' });
    expect(report.recorders).toMatchObject([{ vendor: 'rrweb', loadedPhase: 'no-cmp', recordingVia: 'rrweb-payload' }]);
    expect(report.findings.find((f) => f.rule === 'replay-before-consent')).toMatchObject({ vendor: { id: 'rrweb' }, severity: 'critical' });
  });
});
