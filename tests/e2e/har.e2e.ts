import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestReport } from '@/lib/cli/browsers.mjs';
import type { ExportFile } from '@/lib/messages';
import type { Har } from '@/lib/report/har-types';
import type { Report } from '@/lib/report/types';
import { harProblems } from '../fixtures/har';
import { sendToExtension, sleep, startSession } from './harness';

const SHOP = 'https://shop.example/';

/**
 * Runs in the DevTools frontend: shows the network panel and hands the file to its import (what its Import HAR
 * button and drop target call), then reads back the requests it holds and the rows it shows. A string, so that the
 * test bundler leaves the frontend's own `import()`s alone.
 */
const IMPORT_IN_DEVTOOLS = `async (text) => {
  const ui = await import('./ui/legacy/legacy.js');
  await ui.ViewManager.ViewManager.instance().showView('network');
  const network = await import('./panels/network/network.js');
  const view = network.NetworkPanel.NetworkPanel.instance().networkLogView;
  await view.onLoadFromFile(new File([text], 'visit.har', { type: 'application/json' }));
  const logs = await import('./models/logs/logs.js');
  const requests = logs.NetworkLog.NetworkLog.instance().requests();
  await new Promise((r) => setTimeout(r, 300));
  return { urls: requests.map((r) => r.url()), statuses: requests.map((r) => r.statusCode), rows: view.dataGrid.rootNode().children.length };
}`;

/** Chromium only: the issue asks for the file to open in Chromium DevTools' network panel, which this test loads. */
describe('HAR export in chromium', () => {
  let env: Awaited<ReturnType<typeof startSession>>;
  let tabId: number;

  beforeAll(async () => {
    env = await startSession('chromium');
    ({ tabId } = await env.visit(SHOP, { settle: 3000 }));
  });
  afterAll(() => env?.close());

  /** The HAR and the report of the same moment: late beacons may land between two asks, so ask until they agree. */
  async function harAndReport(includeValues = false): Promise<{ har: Har; report: Report }> {
    for (let attempt = 0; ; attempt++) {
      const file = (await sendToExtension(env.session, { type: 'export', format: 'har', tabId, includeValues })) as ExportFile;
      const { report } = (await requestReport(env.session, tabId, { includeValues })) as { report: Report };
      const har = JSON.parse(file.content) as Har;
      if (har.log.entries.length === report.requests.length || attempt === 5) return { har, report };
      await sleep(500);
    }
  }

  it('exports every request of the visit with the headers and times the browser showed, redacted by default', async () => {
    const { har, report } = await harAndReport();
    expect(harProblems(har)).toEqual([]);
    expect(har.log.entries.map((e) => e._id)).toEqual(report.requests.map((r) => r.id));
    const entry = (url: string) => har.log.entries.find((e) => e.request.url.startsWith(url));
    const main = entry(SHOP);
    expect(main?.response).toMatchObject({ status: 200, httpVersion: expect.stringMatching(/^HTTP\//) });
    expect(main?.response.cookies).toEqual([
      { name: 'session_id', value: '[redacted]' },
      { name: 'visitor_id', value: '[redacted]' },
    ]);
    const track = entry('https://shop.example/api/track');
    // Cookie and Referer are only shown to extensions with extraHeaders: the first proves the option took.
    expect(track?.request.cookies).toEqual(expect.arrayContaining([{ name: 'visitor_id', value: '[redacted]' }]));
    expect(track?.request.headers).toContainEqual({ name: 'Referer', value: SHOP });
    expect(track?.request.postData).toMatchObject({ mimeType: 'application/json', text: '[redacted]' });
    expect(har.log.entries.filter((e) => e.timings.blocked >= 0).length).toBeGreaterThan(0);
    expect(har.log.entries.every((e) => e._phase && e._vendor)).toBe(true);
    expect(entry('https://www.googletagmanager.com/gtag/js')).toMatchObject({ _vendor: 'google-tag-manager', _party: 'third' });
    expect(JSON.stringify(har)).not.toContain('v1s1t0r');
  });

  it('keeps the values only when asked', async () => {
    const { har } = await harAndReport(true);
    const track = har.log.entries.find((e) => e.request.url === 'https://shop.example/api/track');
    expect(track?.request.cookies).toContainEqual({ name: 'visitor_id', value: 'v1s1t0r' });
    expect(JSON.parse(track?.request.postData?.text ?? '{}')).toEqual({ event: 'view', page: '/' });
  });

  it("opens in Chromium DevTools' network panel through its own HAR import", async () => {
    const { har } = await harAndReport();
    const context = env.session.context;
    if (!context) throw new Error('a Chromium session has a Playwright context');
    const devtools = await context.newPage();
    await devtools.goto('devtools://devtools/bundled/devtools_app.html');
    await devtools.waitForSelector('.tabbed-pane', { timeout: 30_000 });
    const shown = (await devtools.evaluate(`(${IMPORT_IN_DEVTOOLS})(${JSON.stringify(JSON.stringify(har))})`)) as {
      urls: string[];
      statuses: number[];
      rows: number;
    };
    expect(shown.urls).toEqual(har.log.entries.map((e) => e.request.url));
    expect(shown.statuses).toEqual(har.log.entries.map((e) => e.response.status));
    expect(shown.rows).toBe(har.log.entries.length);
    await devtools.close();
  });
});
