import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '@/lib/report/types';
import { findTabId, launchBrowser, requestReport } from '@/lib/cli/browsers.mjs';
import { startFixtureServer } from '../fixtures/server.mjs';
import { bothLate, storeSite } from '../fixtures/store-site';
import { extensionDir, fullCaptureEverywhere } from './harness';

// Firefox containers (issue 14 §3): the same site open at once in the default cookie store and in a container, each
// page setting cookies of its own name. A WebDriver BiDi user context is a Firefox container (its tabs have
// `cookieStoreId` `firefox-container-N`); puppeteer's createBrowserContext() makes one. Each visit's report names its
// store and holds only that store's cookies.
const SITE = 'stores.example';

describe('Firefox containers', () => {
  let server: Awaited<ReturnType<typeof startFixtureServer>>;
  let session: Awaited<ReturnType<typeof launchBrowser>>;
  const reports: Record<'default' | 'container', Report | undefined> = { default: undefined, container: undefined };

  beforeAll(async () => {
    server = await startFixtureServer({ dynamic: storeSite(SITE) });
    session = await launchBrowser('firefox', { extensionDir: extensionDir('firefox'), server });
    await fullCaptureEverywhere(session);
    const browser = session.browser;
    if (!browser) throw new Error('Firefox session without a browser');
    const inDefault = await session.newPage();
    await session.goto(inDefault, `https://${SITE}/?as=default`);
    const container = await browser.createBrowserContext();
    const inContainer = await container.newPage();
    await inContainer.goto(`https://${SITE}/?as=container`, { waitUntil: 'load' });
    // Both pages' late cookies are set while both visits are open.
    await bothLate(server.log, SITE);
    for (const as of ['default', 'container'] as const) {
      const tabId = await findTabId(session, `https://${SITE}/?as=${as}`);
      const response = (await requestReport(session, tabId ?? -1)) as { report?: Report };
      reports[as] = response.report;
    }
  }, 120_000);
  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  it('names the cookie store of each visit', () => {
    expect(reports.default?.visit.cookieStore).toBe('firefox-default');
    expect(reports.container?.visit.cookieStore).toMatch(/^firefox-container-\d+$/);
  });

  it("gives each visit its own store's cookies, and none of the other's", () => {
    const names = (r: Report | undefined) => (r?.cookies ?? []).filter((c) => c.domain === SITE).map((c) => `${c.via}:${c.name}`);
    const own = names(reports.default);
    const theirs = names(reports.container);
    expect(own).toEqual(expect.arrayContaining(['store:as_default', 'store:late_default']));
    expect(theirs).toEqual(expect.arrayContaining(['store:as_container', 'store:late_container']));
    expect(own.filter((n) => n.includes('container'))).toEqual([]);
    expect(theirs.filter((n) => n.includes('default'))).toEqual([]);
  });
});
