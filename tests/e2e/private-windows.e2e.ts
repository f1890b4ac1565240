import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '@/lib/report/types';
import { type BrowserSession, findTabId, launchBrowser, requestReport } from '@/lib/cli/browsers.mjs';
import { startFixtureServer } from '../fixtures/server.mjs';
import { bothLate, storeSite } from '../fixtures/store-site';
import type { Visit } from '@/lib/model';
import { PRIVATE_GRACE_MS } from '@/lib/capture/private-sessions';
import { BROWSERS, extensionDir, fullCaptureEverywhere, sendToExtension, sleep } from './harness';

// Private and incognito windows (issue 14 §3), where the user allowed the extension: the same site open at once in a
// normal window and in a private one, each page setting cookies of its own name. Each visit's report names its cookie
// store, says whether it was private, and holds only its own store's cookies and its own page's requests.
// Allowing the extension there: Chromium loads it over CDP with enableInIncognito, Firefox runs from a copy of its
// installation whose enterprise policy allows it (lib/cli/browsers.mjs, `privateWindows`).
const SITE = 'private-stores.example';

const STORES = { chromium: { normal: '0', private: '1' }, firefox: { normal: 'firefox-default', private: 'firefox-private' } } as const;

describe.each(BROWSERS)('private windows in %s', (kind) => {
  let server: Awaited<ReturnType<typeof startFixtureServer>>;
  let session: BrowserSession;
  const reports: Record<'normal' | 'private', Report | undefined> = { normal: undefined, private: undefined };
  let incognitoWindow: { incognito: boolean; id: number } | undefined;
  let afterClose: Visit[] = [];

  beforeAll(async () => {
    server = await startFixtureServer({ dynamic: storeSite(SITE) });
    session = await launchBrowser(kind, { extensionDir: extensionDir(kind), server, privateWindows: true });
    await fullCaptureEverywhere(session);
    const normal = await session.newPage({ window: true });
    await session.goto(normal, `https://${SITE}/?as=normal`);
    // A private window, opened the way the extension's own API opens one (no driver opens one in either browser).
    incognitoWindow = await session.evalInExtension(async (url: string) => {
      type Windows = { windows: { create(o: { incognito: boolean; url: string }): Promise<{ incognito: boolean; id: number } | undefined> } };
      const scope = globalThis as unknown as { browser?: Windows; chrome: Windows };
      const window = await (scope.browser ?? scope.chrome).windows.create({ incognito: true, url });
      return window && { incognito: window.incognito, id: window.id };
    }, `https://${SITE}/?as=private`);
    // Both pages' late cookies are set while both visits are open.
    await bothLate(server.log, SITE);
    for (const as of ['normal', 'private'] as const) {
      const tabId = await findTabId(session, `https://${SITE}/?as=${as}`);
      const response = (await requestReport(session, tabId ?? -1)) as { report?: Report };
      reports[as] = response.report;
    }
    // The user closes the private window: once the grace time for its last beacons is over, its visits are gone.
    await session.evalInExtension(async (id: number) => {
      type Windows = { windows: { remove(id: number): Promise<void> } };
      const scope = globalThis as unknown as { browser?: Windows; chrome: Windows };
      await (scope.browser ?? scope.chrome).windows.remove(id);
    }, incognitoWindow?.id ?? -1);
    await sleep(PRIVATE_GRACE_MS + 2000);
    afterClose = (await sendToExtension(session, { type: 'list-visits' })) as Visit[];
  }, 120_000);
  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  it('opened a private window, and marks only its visit private, with its cookie store', () => {
    expect(incognitoWindow?.incognito).toBe(true);
    expect(reports.private?.visit).toMatchObject({ private: true, cookieStore: STORES[kind].private });
    expect(reports.normal?.visit.private).toBeUndefined();
    expect(reports.normal?.visit.cookieStore).toBe(STORES[kind].normal);
  });

  it("gives each visit its own store's cookies and its own page's requests, none of the other's", () => {
    const cookies = (r: Report | undefined) => (r?.cookies ?? []).filter((c) => c.domain === SITE).map((c) => `${c.via}:${c.name}`);
    // The page and its late fetch (the browser's own /favicon.ico request aside).
    const requests = (r: Report | undefined) =>
      (r?.requests ?? [])
        .map((q) => new URL(q.url))
        .filter((u) => u.hostname === SITE && u.pathname !== '/favicon.ico')
        .map((u) => `${u.pathname}${u.search}`);
    expect(cookies(reports.normal)).toEqual(expect.arrayContaining(['store:as_normal', 'store:late_normal']));
    expect(cookies(reports.private)).toEqual(expect.arrayContaining(['store:as_private', 'store:late_private']));
    expect(cookies(reports.normal).filter((n) => n.includes('private'))).toEqual([]);
    expect(cookies(reports.private).filter((n) => n.includes('normal'))).toEqual([]);
    expect(requests(reports.normal).sort()).toEqual(['/?as=normal', '/late?as=normal']);
    expect(requests(reports.private).sort()).toEqual(['/?as=private', '/late?as=private']);
  });

  it('forgets the private visits once the private window is closed, and keeps the others', () => {
    const ids = afterClose.map((v) => v.id);
    expect(reports.private?.visit.id).toBeTruthy();
    expect(ids).not.toContain(reports.private?.visit.id);
    expect(ids).toContain(reports.normal?.visit.id);
    expect(afterClose.filter((v) => v.private)).toEqual([]);
  });
});
