import path from 'node:path';
import { it } from 'vitest';
import type { Report } from '@/lib/report/types';
import { findTabId, launchBrowser, requestReport } from '@/lib/cli/browsers.mjs';
import { startFixtureServer } from '../fixtures/server.mjs';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const BROWSERS = ['chromium', 'firefox'] as const;
export type BrowserKind = (typeof BROWSERS)[number];

export function extensionDir(kind: BrowserKind): string {
  return path.join(ROOT, '.output', kind === 'firefox' ? 'firefox-mv3' : 'chrome-mv3');
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * `it` for audits of distinct sites that may run at once (`maxConcurrency` in vitest.config.ts): concurrent in
 * Chromium, one after the other in Firefox, whose heavier content processes made timing-sensitive checks flaky when
 * three audits shared two cores.
 */
export const atOnce = (kind: BrowserKind) => (kind === 'chromium' ? it.concurrent : it);

/**
 * A browser with the built extension, and the fixture server that every hostname resolves to. Tabs get full capture
 * (the "full capture on every tab" setting), as these tests read bodies and headers of pages they only browse;
 * `everyday`: the default level instead (tests/e2e/capture-levels.e2e.ts). `prefs`: extra Firefox preferences.
 * `profileParent`: where Chromium's profile is made (tests/e2e/quota.e2e.ts: a small disk).
 */
export async function startSession(
  kind: BrowserKind,
  { everyday = false, prefs = {} as Record<string, unknown>, profileParent = undefined as string | undefined } = {},
) {
  const server = await startFixtureServer();
  const session = await launchBrowser(kind, { extensionDir: extensionDir(kind), server, prefs, ...(profileParent && { profileParent }) });
  if (!everyday) await fullCaptureEverywhere(session);
  let opening: Promise<unknown> = Promise.resolve();
  /** A new tab (`window`: in a window of its own), one opened at a time: Firefox's BiDi driver can lose a browsing
   * context created while another is. */
  const openPage = ({ window = false } = {}): ReturnType<typeof session.newPage> =>
    (opening = opening.then(
      () => session.newPage({ window }),
      () => session.newPage({ window }),
    )) as ReturnType<typeof session.newPage>;
  return {
    server,
    session,
    /**
     * Opens `url` in a new tab, waits for load plus `settle` ms, and returns the extension's own report. `window`: in
     * a window of its own, for tests that run at once (Firefox hides, and throttles, background tabs).
     */
    openPage,
    async visit(url: string, { settle = 2500, includeValues = false, window = false } = {}) {
      const page = await openPage({ window });
      await session.goto(page, url);
      await sleep(settle);
      const tabId = await findTabId(session, url);
      if (tabId === undefined) throw new Error(`no tab for ${url}`);
      const response = (await requestReport(session, tabId, { includeValues })) as { ok: boolean; report?: Report; reason?: string };
      if (!response.ok || !response.report) throw new Error(`no report: ${response.reason}`);
      return { page, tabId, report: response.report };
    },
    async close() {
      await session.close();
      await server.close();
    },
  };
}

/** Hosts a browser itself may contact even with background networking off; none of them is the extension's doing. */
const BROWSER_HOSTS = /(^|\.)(googleapis\.com|gvt1\.com|google\.com|gstatic\.com|mozilla\.(com|net|org)|firefox\.com|mozgcp\.net|services\.mozilla\.com)$/;

/** Requests the server received that no fixture page caused: from an extension origin, or to an unexpected host. */
export function foreignRequests(log: { host: string; headers: Record<string, unknown> }[], pageHosts: readonly string[]) {
  return log.filter((entry) => {
    const origin = String(entry.headers.origin ?? entry.headers.referer ?? '');
    if (/^(chrome|moz)-extension:/.test(origin)) return true;
    return !pageHosts.some((h) => entry.host === h || entry.host.endsWith(`.${h}`)) && !BROWSER_HOSTS.test(entry.host);
  });
}

interface Messenger {
  runtime: { sendMessage(message: unknown): Promise<unknown> };
}

/** Turns the "full capture on every tab" setting on, and checks that the background took it. */
export async function fullCaptureEverywhere(session: Awaited<ReturnType<typeof launchBrowser>>): Promise<void> {
  const settings = (await sendToExtension(session, { type: 'set-settings', settings: { fullCaptureAllTabs: true } })) as { fullCaptureAllTabs?: boolean };
  if (settings.fullCaptureAllTabs !== true) throw new Error(`full capture not set: ${JSON.stringify(settings)}`);
}

/** Sends a message to the background from an extension page, as the popup does. */
export function sendToExtension(session: Awaited<ReturnType<typeof startSession>>['session'], message: unknown): Promise<unknown> {
  return session.evalInExtension((m) => {
    const g = globalThis as unknown as { browser?: Messenger; chrome?: Messenger };
    return (g.browser ?? g.chrome)?.runtime.sendMessage(m);
  }, message);
}
