import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '@/lib/report/types';
import type { Visit } from '@/lib/model';
import { findTabId, GECKO_ID, launchBrowser } from '@/lib/cli/browsers.mjs';
import { startFixtureServer } from '../fixtures/server.mjs';
import { DB_VERSION } from '@/lib/store/db';
import { BROWSERS, type BrowserKind, extensionDir, ROOT, sleep } from './harness';

// Updates in place (issue 14 §1): build A records visits, then is replaced by build B, the same code with a higher
// version and a database schema one version higher (tests/e2e/schema-bump-build.mjs: one upgrade step more, a new
// object store), the way each browser updates an unpacked or temporary extension: Chromium loads the directory it
// loaded again, Firefox installs again under the same gecko id. Build B opens build A's database and upgrades it; the
// history and the reports of earlier visits are intact; the visit open during the update is closed and marked. The
// upgrade from every earlier schema is tested at unit level too (tests/unit/store/db.test.ts).

type Session = Awaited<ReturnType<typeof launchBrowser>>;

interface Runtime {
  runtime: { sendMessage(message: unknown): Promise<unknown>; getManifest(): { version: string } };
}

const ask = (session: Session, message: unknown) =>
  session.evalInExtension((m) => {
    const g = globalThis as unknown as { browser?: Runtime; chrome?: Runtime };
    return (g.browser ?? g.chrome)?.runtime.sendMessage(m);
  }, message);

const version = (session: Session) =>
  session.evalInExtension(() => {
    const g = globalThis as unknown as { browser?: Runtime; chrome?: Runtime };
    return (g.browser ?? g.chrome)?.runtime.getManifest().version;
  }) as Promise<string>;

async function reportOf(session: Session, query: { tabId?: number; visitId?: string }): Promise<Report> {
  const response = (await ask(session, { type: 'get-report', ...query })) as { ok: boolean; report?: Report; reason?: string };
  if (!response.ok || !response.report) throw new Error(`no report: ${response.reason}`);
  return response.report;
}

/** Polls until `check` returns a value other than undefined (errors count as not yet). */
async function until<T>(what: string, check: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

const digest = (r: Report) => ({
  visit: r.visit.id,
  url: r.page.url,
  requests: r.requests.map((q) => `${q.method} ${q.url}`).sort(),
  cookies: r.cookies.map((c) => `${c.name}@${c.domain}`).sort(),
  storage: r.storage.map((s) => `${s.origin} ${s.key}`).sort(),
  findings: r.findings.map((f) => f.rule).sort(),
});

describe.each(BROWSERS)('an update in place in %s', (kind: BrowserKind) => {
  let server: Awaited<ReturnType<typeof startFixtureServer>>;
  let session: Session;
  let dir: string;
  const before: { done?: Report; open?: Report; ids: string[]; version: string; openTab: number } = { ids: [], version: '', openTab: -1 };
  let after: { database: { version: number; stores: string[] }; version: string; ids: string[]; done: Report; open: Report };
  /** Build B's schema: its version and the store its new upgrade step adds. */
  let schema: { version: number; store: string };
  let openPage: { evaluate<T>(fn: () => T): Promise<unknown> };

  beforeAll(async () => {
    server = await startFixtureServer();
    // Build A: the built extension, copied so that the update can replace it where the browser loaded it from.
    dir = mkdtempSync(path.join(tmpdir(), `ci-update-${kind}-`));
    cpSync(extensionDir(kind), dir, { recursive: true });
    // Chromium: the flag lets the test load the extension again through CDP, as an update would.
    session = await launchBrowser(kind, { extensionDir: dir, server, args: ['--enable-unsafe-extension-debugging'] });
    before.version = await version(session);

    // A visit that ends before the update (its tab closed), and one still open when it happens.
    const done = await session.newPage();
    await session.goto(done, 'https://done--shop.example/');
    const open = await session.newPage();
    await session.goto(open, 'https://open--shop.example/');
    openPage = open as unknown as typeof openPage;
    await sleep(3000);
    const doneTab = await findTabId(session, 'https://done--shop.example/');
    before.openTab = (await findTabId(session, 'https://open--shop.example/')) ?? -1;
    before.done = await reportOf(session, { tabId: doneTab });
    before.open = await reportOf(session, { tabId: before.openTab });
    await done.close();
    await sleep(500);
    before.ids = ((await ask(session, { type: 'list-visits' })) as Visit[]).map((v) => v.id).sort();

    // Build B: the same source with a higher schema, built apart, put where build A was loaded from, with a higher
    // version.
    const built = mkdtempSync(path.join(tmpdir(), `ci-update-b-${kind}-`));
    execFileSync('node', [path.join(ROOT, 'tests/e2e/schema-bump-build.mjs'), built, kind === 'chromium' ? 'chrome' : 'firefox'], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    schema = JSON.parse(readFileSync(path.join(built, 'schema.json'), 'utf8'));
    rmSync(dir, { recursive: true, force: true });
    cpSync(path.join(built, kind === 'chromium' ? 'chrome-mv3' : 'firefox-mv3'), dir, { recursive: true });
    rmSync(built, { recursive: true, force: true });
    const manifestPath = path.join(dir, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    const parts = String(manifest.version).split('.').map(Number);
    parts[parts.length - 1] = (parts.at(-1) ?? 0) + 1;
    manifest.version = parts.join('.');
    writeFileSync(manifestPath, JSON.stringify(manifest));
    if (session.kind === 'chromium') {
      // What chrome://extensions' Reload does: the same directory loaded again, under the same id. (The extension's own
      // chrome.runtime.reload() leaves an extension loaded from the command line unloaded in Chromium 156.)
      const cdp = await session.context?.browser()?.newBrowserCDPSession();
      expect(await cdp?.send('Extensions.loadUnpacked' as never, { path: dir } as never)).toEqual({ id: session.extensionId });
    } else {
      expect(await session.browser?.installExtension(dir)).toBe(GECKO_ID);
    }
    const updated = await until('build B to answer', async () => {
      session.resetExtensionPage();
      const v = await version(session);
      return v === manifest.version && (await ask(session, { type: 'get-settings' })) ? v : undefined;
    });
    after = {
      database: (await session.evalInExtension(
        () =>
          new Promise((resolve, reject) => {
            const request = indexedDB.open('consent-inspector');
            request.onsuccess = () => {
              const db = request.result;
              resolve({ version: db.version, stores: [...db.objectStoreNames] });
              db.close();
            };
            request.onerror = () => reject(request.error);
          }),
      )) as { version: number; stores: string[] },
      version: updated,
      ids: ((await ask(session, { type: 'list-visits' })) as Visit[]).map((v) => v.id),
      done: await reportOf(session, { visitId: before.done.visit.id }),
      open: await reportOf(session, { visitId: before.open.visit.id }),
    };
  }, 180_000);
  afterAll(async () => {
    await session?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('runs build B, and keeps every visit of build A in the history', () => {
    expect(after.version).not.toBe(before.version);
    expect(after.done.extension.version).toBe(after.version);
    expect(before.ids.length).toBeGreaterThanOrEqual(2);
    expect(after.ids).toEqual(expect.arrayContaining(before.ids));
  });

  it("upgrades build A's database to build B's schema in place", () => {
    expect(schema.version).toBe(DB_VERSION + 1);
    expect(after.database.version).toBe(schema.version);
    expect(after.database.stores).toEqual(expect.arrayContaining(['visits', 'records', 'tabs', 'settings', 'audits', 'screenshots', schema.store]));
  });

  it("rebuilds a finished visit's report from what build A stored, as build A built it", () => {
    const done = before.done as Report;
    expect(done.requests.length).toBeGreaterThan(3);
    expect(done.cookies.map((c) => c.name)).toEqual(expect.arrayContaining(['visitor_id', 'theme']));
    expect(digest(after.done)).toEqual(digest(done));
    expect(after.done.visit.interrupted).toBeUndefined();
  });

  it('closes the visit open during the update and marks it, keeping what it recorded', () => {
    const open = before.open as Report;
    expect(open.visit.interrupted).toBeUndefined();
    expect(after.open.visit.interrupted).toMatchObject({ reason: 'extension-updated', from: before.version, to: after.version });
    expect(after.open.requests.length).toBeGreaterThanOrEqual(open.requests.length);
    expect(after.open.requests.map((q) => q.url)).toEqual(expect.arrayContaining(open.requests.map((q) => q.url)));
  });

  it('records what the open page does after the update in a new visit of its tab', async () => {
    await openPage.evaluate(() => fetch('/after-update', { method: 'POST', body: 'x' }).then(() => true));
    const report = await until('the new visit', async () => {
      const r = await reportOf(session, { tabId: before.openTab });
      return r.requests.some((q) => q.url.endsWith('/after-update')) ? r : undefined;
    });
    expect(report.visit.id).not.toBe(before.open?.visit.id);
    expect(report.visit.interrupted).toBeUndefined();
    expect(report.page.url).toBe('https://open--shop.example/');
  });
});
