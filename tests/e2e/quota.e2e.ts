// A full disk in a real browser: Firefox ESR with its temporary storage fixed at 20 MiB
// (dom.quotaManager.temporaryStorage.fixedLimit, in KiB). Each origin group may use a fifth of that, but never less
// than 10 MiB nor more than the whole limit (QuotaManager::GetGroupLimit(ForLimit) in
// https://searchfox.org/mozilla-central/source/dom/quota/ActorsParent.cpp), so the extension's IndexedDB gets 10 MiB
// and a write past it fails with QuotaExceededError. Chromium's CDP override was not enforced reliably on the worker.
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTabId, requestReport } from '@/lib/cli/browsers.mjs';
import type { Visit } from '@/lib/model';
import type { Report } from '@/lib/report/types';
import { sendToExtension, sleep, startSession } from './harness';

const MiB = 1024 * 1024;
const FIXED_LIMIT_KIB = 20 * 1024;
const GROUP_LIMIT = 10 * MiB;

describe('a full disk in firefox', () => {
  let env: Awaited<ReturnType<typeof startSession>>;
  let page: Page;
  const estimate = () => env.session.evalInExtension(() => navigator.storage.estimate()) as Promise<{ usage: number; quota: number }>;

  beforeAll(async () => {
    env = await startSession('firefox', { prefs: { 'dom.quotaManager.temporaryStorage.fixedLimit': FIXED_LIMIT_KIB } });
    page = (await env.openPage()) as Page;
  }, 60_000);
  afterAll(() => env?.close());

  /** Loads `url` in the one tab, waits until its posts are done and the worker has them all, returns the report. */
  async function load(url: string, posts: number) {
    await env.session.goto(page, url, { timeout: 60_000 });
    const until = Date.now() + 60_000;
    while (!(await page.evaluate(() => document.body.dataset.done === '1')) && Date.now() < until) await sleep(200);
    for (;;) {
      const tabId = await findTabId(env.session, url);
      const response = tabId === undefined ? undefined : ((await requestReport(env.session, tabId)) as { report?: Report; reason?: string });
      const report = response?.report;
      const seen = report?.requests.filter((r) => r.url.includes('/junk/') && r.body).length ?? 0;
      if (report && (seen >= posts || report.visit.truncated || Date.now() > until)) return report;
      if (Date.now() > until) throw new Error(`no report for ${url}: ${response?.reason ?? 'no tab'}`);
      await sleep(300);
    }
  }

  it('deletes the oldest visits to keep recording, marks a visit larger than the quota truncated, and keeps answering', async () => {
    const limits = await estimate();
    expect(limits.quota).toBe(GROUP_LIMIT);

    // Each visit keeps about 1.8 MB (4 × 200 KB of random bytes, in the network record and in the page's record):
    // five fill the 10 MiB, so the later ones can only be written if older ones go, and there are several to choose.
    const visits: Report[] = [];
    for (let v = 1; v <= 7; v++) visits.push(await load(`https://flood.example/?junk=4&v=${v}`, 4));
    const order = visits.map((r) => r.visit.id);
    const ids = ((await sendToExtension(env.session, { type: 'list-visits' })) as Visit[]).map((v) => v.id);
    // The oldest went to make room (what is left is the newest ones, in order); the newest is whole.
    expect(ids).not.toContain(order[0]);
    expect(order.slice(order.length - ids.length).sort()).toEqual([...ids].sort());
    const newest = visits.at(-1);
    expect(newest?.visit.truncated).toBeUndefined();
    expect(newest?.requests.filter((r) => r.url.includes('/junk/') && r.body).length).toBe(4);
    expect(ids.length).toBeGreaterThan(1);

    // A visit larger than the whole quota: every other visit is deleted, and what still does not fit is counted.
    const huge = await load('https://flood.example/?junk=40&v=huge', 40);
    expect(huge.visit.truncated).toMatchObject({ reason: 'storage-full' });
    expect(huge.visit.truncated?.lost).toBeGreaterThan(0);
    const after = ((await sendToExtension(env.session, { type: 'list-visits' })) as Visit[]).map((v) => v.id);
    expect(after).toEqual([huge.visit.id]);

    // The worker still answers, and records the next page: the full visit is no longer current, so it makes room.
    expect(await sendToExtension(env.session, { type: 'get-settings' })).toMatchObject({ retentionDays: 7 });
    const next = await load('https://flood.example/?junk=2&v=next', 2);
    expect(next.visit.truncated).toBeUndefined();
    expect(next.requests.filter((r) => r.url.includes('/junk/') && r.body).length).toBe(2);
  }, 240_000);
});
