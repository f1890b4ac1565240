import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '@/lib/report/types';
import { findTabId, launchBrowser, requestReport } from '@/lib/cli/browsers.mjs';
import { startFixtureServer } from '../fixtures/server.mjs';
import { extensionDir, fullCaptureEverywhere, sleep } from './harness';

// Firefox containers (issue 14 §3): the same site open at once in the default cookie store and in a container, each
// page setting cookies of its own name. A WebDriver BiDi user context is a Firefox container (its tabs have
// `cookieStoreId` `firefox-container-N`); puppeteer's createBrowserContext() makes one. Each visit's report names its
// store and holds only that store's cookies.
const SITE = 'stores.example';

/** `/?as=X` sets `as_X` with the page, then the page asks `/late?as=X`, which sets `late_X`, while both tabs are open. */
function stores(_req: IncomingMessage, res: ServerResponse, url: URL): boolean {
  if (url.hostname !== SITE) return false;
  const as = (url.searchParams.get('as') ?? 'none').replace(/[^a-z]/g, '');
  if (url.pathname === '/late') {
    res.writeHead(204, { 'set-cookie': `late_${as}=1; Path=/; Max-Age=3600` });
    res.end();
    return true;
  }
  if (url.pathname !== '/') return false;
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'set-cookie': `as_${as}=1; Path=/; Max-Age=3600` });
  res.end(`<!doctype html><title>${as}</title><p>${as}</p><script>setTimeout(() => fetch('/late?as=${as}'), 2500);</script>`);
  return true;
}

describe('Firefox containers', () => {
  let server: Awaited<ReturnType<typeof startFixtureServer>>;
  let session: Awaited<ReturnType<typeof launchBrowser>>;
  const reports: Record<'default' | 'container', Report | undefined> = { default: undefined, container: undefined };

  beforeAll(async () => {
    server = await startFixtureServer({ dynamic: stores });
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
    for (let i = 0; i < 150; i++) {
      const late = server.log.filter((e: { host: string; path: string }) => e.host === SITE && e.path.startsWith('/late'));
      if (late.length >= 2) break;
      await sleep(100);
    }
    await sleep(1500);
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
