import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '@/lib/report/types';
import { findTabId, requestReport } from '@/lib/cli/browsers.mjs';
import { sleep, startSession } from './harness';

// An MV3 service worker can be stopped at any moment. Evidence goes to IndexedDB as it arrives, and the listeners are
// registered in the worker's first task, so a stop in the middle of a visit must lose nothing.
describe('Chromium service worker stopped while a page loads', () => {
  let env: Awaited<ReturnType<typeof startSession>>;
  beforeAll(async () => {
    env = await startSession('chromium');
  });
  afterAll(() => env?.close());

  it('still records every request of the visit', async () => {
    const context = env.session.context;
    if (!context) throw new Error('Chromium session without a context');
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const stopped: string[] = [];
    cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }: { versions: { runningStatus: string; scriptURL: string }[] }) => {
      for (const v of versions) if (v.runningStatus === 'stopped' && v.scriptURL.startsWith('chrome-extension://')) stopped.push(v.scriptURL);
    });
    await cdp.send('ServiceWorker.enable');

    const url = 'https://slow.example/?n=40';
    const loading = page.goto(url);
    await page.waitForFunction(() => document.readyState !== 'loading');
    await sleep(800);
    await cdp.send('ServiceWorker.stopAllWorkers');
    await sleep(1200);
    await cdp.send('ServiceWorker.stopAllWorkers');
    await loading;
    await page.waitForFunction(() => document.title === 'done', undefined, { timeout: 20_000 });
    await sleep(500);

    expect(stopped.length).toBeGreaterThanOrEqual(2);
    const tabId = await findTabId(env.session, url);
    const { report } = (await requestReport(env.session, tabId ?? -1)) as { report: Report };
    const items = report.requests.filter((r) => r.url.includes('/item/')).map((r) => Number(/\/item\/(\d+)/.exec(r.url)?.[1]));
    expect(items.sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(report.requests.find((r) => r.type === 'main_frame')?.url).toBe(url);
    // Every POST body is in the report: on the network record, or, for a request rebuilt from its response after a
    // stop lost its start, on the probe's record of the same call.
    const posts = report.requests.filter((r) => r.method === 'POST' && r.url.includes('/item/'));
    expect(posts).toHaveLength(20);
    for (const post of posts) {
      const probe = report.payloads.find((p) => p.url === post.url && p.method === 'POST');
      expect(post.body?.size || (post.recovered && probe?.body?.size), post.url).toBeGreaterThan(0);
    }
    expect(report.requests.filter((r) => r.method === 'POST' && r.body?.size && !r.recovered).length).toBeGreaterThanOrEqual(18);
    // The probe's view of the same calls also survived (the content script wakes the worker).
    expect(report.payloads.filter((p) => p.url.includes('/item/')).length).toBe(40);
  });
});
