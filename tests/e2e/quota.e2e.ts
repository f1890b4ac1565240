// A full disk in a real browser: Chromium's storage quota for the extension's origin lowered through the DevTools
// protocol (Storage.overrideQuotaForOrigin, which Chromium enforces on IndexedDB writes with QuotaExceededError).
// Firefox has no per-origin override; the store's behaviour on a failing IndexedDB is unit-tested for both
// (tests/unit/store/quota.test.ts).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTabId, requestReport } from '@/lib/cli/browsers.mjs';
import type { Visit } from '@/lib/model';
import type { Report } from '@/lib/report/types';
import { sendToExtension, sleep, startSession } from './harness';

const MB = 1024 * 1024;

describe('a full disk in chromium', () => {
  let env: Awaited<ReturnType<typeof startSession>>;
  let page: Page;
  let cdp: { send(method: string, params?: object): Promise<Record<string, unknown>> };
  const origin = () => `chrome-extension://${(env.session as unknown as { extensionId: string }).extensionId}`;
  const usage = async () => Number((await cdp.send('Storage.getUsageAndQuota', { origin: origin() })).usage);

  beforeAll(async () => {
    env = await startSession('chromium');
    const context = (env.session as unknown as { context: { newCDPSession(page: Page): Promise<typeof cdp> } }).context;
    page = (await env.openPage()) as Page;
    cdp = await context.newCDPSession(page);
  }, 60_000);
  afterAll(() => env?.close());

  async function load(url: string) {
    await env.session.goto(page, url, { timeout: 60_000 });
    const until = Date.now() + 60_000;
    while (!(await page.evaluate(() => document.body.dataset.done === '1')) && Date.now() < until) await sleep(300);
    await sleep(1500);
    const tabId = (await findTabId(env.session, url)) ?? -1;
    return ((await requestReport(env.session, tabId)) as { report: Report }).report;
  }

  it('deletes the oldest visits to keep recording, then marks the visit that still does not fit truncated, and keeps answering', async () => {
    // Each visit keeps about 2 MB of request bodies (10 × 200 KB of random bytes, in the network and the page record).
    const first = await load('https://flood.example/?junk=10&v=1');
    expect(first.visit.truncated).toBeUndefined();
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: origin(), quotaSize: (await usage()) + 5 * MB });
    const later: Report[] = [];
    for (let v = 2; v <= 5; v++) later.push(await load(`https://flood.example/?junk=10&v=${v}`));
    const visits = (await sendToExtension(env.session, { type: 'list-visits' })) as Visit[];
    const ids = visits.map((v) => v.id);
    // The oldest went to make room; the newest is whole.
    expect(ids).not.toContain(first.visit.id);
    expect(ids).toContain(later.at(-1)?.visit.id);
    expect(later.at(-1)?.visit.truncated).toBeUndefined();
    expect(later.at(-1)?.requests.filter((r) => r.url.includes('/junk/')).length).toBe(10);

    // A visit larger than the whole quota: everything else is deleted, and what still does not fit is counted.
    const huge = await load('https://flood.example/?junk=40&v=huge');
    expect(huge.visit.truncated).toMatchObject({ reason: 'storage-full' });
    expect(huge.visit.truncated?.lost).toBeGreaterThan(0);
    const after = (await sendToExtension(env.session, { type: 'list-visits' })) as Visit[];
    expect(after.map((v) => v.id)).toContain(huge.visit.id);
    expect(await usage()).toBeLessThanOrEqual((await cdp.send('Storage.getUsageAndQuota', { origin: origin() })).quota as number);
    // The worker still answers, and records the next page once the quota is back.
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: origin() });
    const next = await load('https://flood.example/?junk=1&v=next');
    expect(next.requests.some((r) => r.url.includes('/junk/0'))).toBe(true);
    expect(await sendToExtension(env.session, { type: 'get-settings' })).toMatchObject({ retentionDays: 7 });
  }, 240_000);
});
