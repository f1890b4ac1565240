// Launches a real browser with the built extension loaded, for the CLI, the end-to-end tests and the benchmarks.
// Chromium is driven by playwright-core (CDP), Firefox ESR by puppeteer-core (WebDriver BiDi); both headless, each
// with a fresh profile. Both return the same small session interface.
import { copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const GECKO_ID = 'consent-inspector@consent-inspector.dev';
const FIREFOX_UUID = '6f1a3c52-9d0e-4b7a-8c11-2e5b0c7d9a41';

const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];
const FIREFOX_CANDIDATES = ['/usr/bin/firefox-esr', '/usr/bin/firefox'];

export class BrowserNotFoundError extends Error {}

const TYPING_DELAY_MS = 30;
const POINTER_EXIT = { x: 200 };

export function findBrowser(kind, explicit) {
  if (explicit) {
    if (!existsSync(explicit)) throw new BrowserNotFoundError(`No browser at --browser-path ${explicit}.`);
    return explicit;
  }
  const found = (kind === 'firefox' ? FIREFOX_CANDIDATES : CHROMIUM_CANDIDATES).find((p) => existsSync(p));
  if (!found) {
    const pkg = kind === 'firefox' ? 'firefox-esr' : 'chromium';
    throw new BrowserNotFoundError(`No ${kind} found. Install it (Debian/Ubuntu: sudo apt-get install ${pkg}) or pass --browser-path /path/to/${kind}.`);
  }
  return found;
}

/** Chromium's own background traffic would otherwise hit the closed network (and is not the page's). */
export const CHROMIUM_QUIET_FLAGS = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-gpu',
];

/**
 * In Chromium the page sees a visitor's browser, not an automated one: `navigator.webdriver` is false. Some recorders
 * record nothing where it is true (highlight.run 10.7.5 returns from its start), so an audit under automation would
 * see them idle where every real visitor is recorded. Firefox ESR has no such switch under WebDriver BiDi (its
 * `navigator.webdriver` is true while the remote agent runs), so there such recorders are not seen recording.
 */
export const CHROMIUM_VISITOR_FLAGS = ['--disable-blink-features=AutomationControlled'];

/**
 * @param {{ extensionDir: string, executablePath?: string, server?: { httpPort: number, httpsPort: number }, args?: string[], headless?: boolean, privateWindows?: boolean }} options
 * `privateWindows`: the extension is allowed in incognito windows, as a user who ticked "Allow in Incognito".
 */
export async function launchChromium({ extensionDir, executablePath, server, args = [], headless = true, privateWindows = false, profileParent }) {
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(path.join(profileParent ?? tmpdir(), 'ci-chromium-'));
  const rules = server ? [`--host-resolver-rules=MAP *:443 127.0.0.1:${server.httpsPort}, MAP * 127.0.0.1:${server.httpPort}`] : [];
  // "Allow in Incognito" has no command-line switch: the extension is loaded over CDP instead
  // (Extensions.loadUnpacked's enableInIncognito, which needs --enable-unsafe-extension-debugging and a pipe, as
  // playwright uses), with playwright's default --disable-extensions dropped.
  const load = privateWindows ? ['--enable-unsafe-extension-debugging'] : [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`];
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: findBrowser('chromium', executablePath),
    headless,
    ignoreHTTPSErrors: Boolean(server),
    ...(privateWindows && { ignoreDefaultArgs: ['--disable-extensions'] }),
    args: [...load, ...CHROMIUM_QUIET_FLAGS, ...CHROMIUM_VISITOR_FLAGS, ...(server ? ['--ignore-certificate-errors'] : []), ...rules, ...args],
  });
  const extensionId = privateWindows ? await loadAllowedInIncognito(context, extensionDir) : await extensionIdOf(context);
  const extensionUrl = (p) => `chrome-extension://${extensionId}/${p.replace(/^\//, '')}`;
  let extPage;
  const session = {
    kind: 'chromium',
    context,
    extensionId,
    extensionUrl,
    version: context.browser()?.version() ?? '',
    worker: () => context.serviceWorkers()[0],
    /** A new tab (headless Chromium keeps every tab visible, so no window of its own is needed). */
    async newPage(_options = {}) {
      return context.newPage();
    },
    async goto(page, url, { waitUntil = 'load', timeout = 30_000 } = {}) {
      return page.goto(url, { waitUntil, timeout });
    },
    async openExtensionPage(p) {
      const page = await context.newPage();
      await page.goto(extensionUrl(p));
      return page;
    },
    /** Evaluates `fn(arg)` in an extension page, where the WebExtension API is available. */
    async evalInExtension(fn, arg) {
      if (!extPage || extPage.isClosed()) {
        extPage = await context.newPage();
        await extPage.goto(extensionUrl('popup.html?tabId=-1'));
      }
      return extPage.evaluate(fn, arg);
    },
    /** The next evaluation opens a fresh extension page (after an update, the old one belongs to the old version). */
    resetExtensionPage() {
      extPage = undefined;
    },
    /** Real input into `page` through CDP: keystrokes, wheel and pointer events no page script can tell from a person's. */
    input(page) {
      return {
        front: () => page.bringToFront(),
        type: (text) => page.keyboard.type(text, { delay: TYPING_DELAY_MS }),
        wheel: (dy) => page.mouse.wheel(0, dy),
        move: (x, y) => page.mouse.move(x, y, { steps: 8 }),
        click: (x, y) => page.mouse.click(x, y),
        async leave() {
          // A pointer leaving the viewport through its top edge (CDP takes coordinates outside it).
          await page.mouse.move(POINTER_EXIT.x, 0, { steps: 2 });
          await page.mouse.move(POINTER_EXIT.x, -20);
          return true;
        },
        hide: (ms) => hideBehindNewTab(() => context.newPage(), page, ms),
      };
    },
    async close() {
      await context.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
  return session;
}

async function extensionIdOf(context) {
  let [worker] = context.serviceWorkers();
  worker ??= await context.waitForEvent('serviceworker', { timeout: 15_000 });
  return new URL(worker.url()).host;
}

async function loadAllowedInIncognito(context, extensionDir) {
  const cdp = await context.browser().newBrowserCDPSession();
  const { id } = await cdp.send('Extensions.loadUnpacked', { path: path.resolve(extensionDir), enableInIncognito: true });
  await cdp.detach().catch(() => {});
  return id;
}

/**
 * A copy of a Firefox installation that reads `policies` (enterprise policies, https://mozilla.github.io/policy-templates/):
 * a directory of links to the installed files, with the binary itself copied (Firefox finds its installation from its
 * binary's real path) and a `distribution/policies.json` of its own. Nothing of the installed Firefox changes.
 * Returns the binary to run and the directory to remove.
 */
export function firefoxWithPolicies(executable, policies) {
  const real = realpathSync(executable);
  const installed = path.dirname(real);
  const dir = mkdtempSync(path.join(tmpdir(), 'ci-firefox-app-'));
  for (const entry of readdirSync(installed)) {
    const from = path.join(installed, entry);
    const to = path.join(dir, entry);
    if (entry === 'distribution') continue;
    // The binary and its aliases (firefox-bin) are copies, so that the copy's directory is the installation.
    if (entry === path.basename(real) || (lstatSync(from).isSymbolicLink() && realpathSync(from) === real)) copyFileSync(real, to);
    else symlinkSync(from, to);
  }
  const distribution = path.join(dir, 'distribution');
  mkdirSync(distribution);
  const installedDistribution = path.join(installed, 'distribution');
  if (existsSync(installedDistribution))
    for (const entry of readdirSync(installedDistribution))
      if (entry !== 'policies.json') symlinkSync(path.join(installedDistribution, entry), path.join(distribution, entry));
  writeFileSync(path.join(distribution, 'policies.json'), JSON.stringify({ policies }));
  return { executable: path.join(dir, path.basename(real)), dir };
}

/**
 * @param {{ extensionDir?: string, executablePath?: string, server?: { httpPort: number }, prefs?: Record<string, unknown>, privateWindows?: boolean }} options
 * `privateWindows`: the extension may run in private windows, as a user who allowed it there. An add-on installed
 * over WebDriver BiDi never may (https://bugzilla.mozilla.org/show_bug.cgi?id=1947679), so Firefox runs from a copy
 * whose enterprise policy allows it (ExtensionSettings' private_browsing).
 */
export async function launchFirefox({ extensionDir, executablePath, server, prefs = {}, privateWindows = false }) {
  const { default: puppeteer } = await import('puppeteer-core');
  const proxy = server
    ? {
        'network.proxy.type': 1,
        'network.proxy.http': '127.0.0.1',
        'network.proxy.http_port': server.httpPort,
        'network.proxy.ssl': '127.0.0.1',
        'network.proxy.ssl_port': server.httpPort,
        'network.proxy.no_proxies_on': '',
        'network.proxy.allow_hijacking_localhost': false,
      }
    : {};
  const app = privateWindows
    ? firefoxWithPolicies(findBrowser('firefox', executablePath), { ExtensionSettings: { [GECKO_ID]: { private_browsing: true } } })
    : undefined;
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: app?.executable ?? findBrowser('firefox', executablePath),
    headless: true,
    acceptInsecureCerts: true,
    // Needed to navigate to moz-extension:// pages over BiDi.
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: FIREFOX_UUID }),
      'network.captive-portal-service.enabled': false,
      'network.connectivity-service.enabled': false,
      'browser.safebrowsing.update.enabled': false,
      'app.update.enabled': false,
      ...proxy,
      ...prefs,
    },
  });
  // No extensionDir: a plain Firefox (the page-load benchmarks' baseline).
  if (extensionDir) await browser.installExtension(path.resolve(extensionDir));
  const extensionUrl = (p) => `moz-extension://${FIREFOX_UUID}/${p.replace(/^\//, '')}`;
  let extPage;
  async function openExtensionPage(p) {
    const page = await browser.newPage();
    const url = extensionUrl(p);
    // BiDi never reports the navigation to an extension page as finished: start it and poll.
    page.goto(url).catch(() => {});
    const until = Date.now() + 15_000;
    while (Date.now() < until) {
      const ready = await page.evaluate((u) => location.href === u && document.readyState === 'complete', url).catch(() => false);
      if (ready) return page;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`Extension page ${p} did not load`);
  }
  return {
    kind: 'firefox',
    browser,
    extensionUrl,
    version: await browser.version(),
    /**
     * A new tab; `{ window: true }` opens it in a window of its own, so it stays the visible tab while others open
     * (Firefox hides background tabs, and throttles their timers, even headless).
     */
    async newPage({ window = false } = {}) {
      return browser.newPage(window ? { type: 'window' } : undefined);
    },
    async goto(page, url, { waitUntil = 'load', timeout = 30_000 } = {}) {
      return page.goto(url, { waitUntil, timeout });
    },
    openExtensionPage,
    async evalInExtension(fn, arg) {
      if (!extPage || extPage.isClosed()) extPage = await openExtensionPage('popup.html?tabId=-1');
      return extPage.evaluate(fn, arg);
    },
    /** The next evaluation opens a fresh extension page (a reinstall closes the old one without the driver noticing). */
    resetExtensionPage() {
      extPage = undefined;
    },
    /** Real input into `page` through WebDriver BiDi (input.performActions): events no page script can tell from a person's. */
    input(page) {
      return {
        front: () => page.bringToFront(),
        type: (text) => page.keyboard.type(text, { delay: TYPING_DELAY_MS }),
        wheel: (dy) => page.mouse.wheel({ deltaY: dy }),
        move: (x, y) => page.mouse.move(x, y, { steps: 8 }),
        click: (x, y) => page.mouse.click(x, y),
        // BiDi refuses pointer moves outside the viewport ("move target out of bounds").
        leave: async () => false,
        hide: (ms) => hideBehindNewTab(() => browser.newPage(), page, ms),
      };
    },
    async close() {
      await browser.close().catch(() => {});
      if (app) rmSync(app.dir, { recursive: true, force: true });
    },
  };
}

/**
 * Puts another tab in front of `page` for `ms`, then `page` again: a visitor switching tabs (visibilitychange). True
 * when the page did go hidden: headless Chromium keeps every tab visible, Firefox does not.
 */
async function hideBehindNewTab(newPage, page, ms) {
  const other = await newPage();
  try {
    await other.bringToFront().catch(() => {});
    const hidden = await page.evaluate(() => document.visibilityState === 'hidden').catch(() => false);
    await new Promise((r) => setTimeout(r, ms));
    return hidden;
  } finally {
    await other.close().catch(() => {});
    await page.bringToFront().catch(() => {});
  }
}

/**
 * Launches a browser and waits until the extension's background answers, so its listeners are registered before
 * the first page loads (otherwise the first main_frame request can be missed).
 */
export async function launchBrowser(kind, options) {
  const session = await (kind === 'firefox' ? launchFirefox(options) : launchChromium(options));
  const until = Date.now() + 20_000;
  for (;;) {
    const settings = await session
      .evalInExtension(() => (globalThis.browser ?? globalThis.chrome).runtime.sendMessage({ type: 'get-settings' }))
      .catch(() => undefined);
    if (settings && typeof settings.retentionDays === 'number') return session;
    if (Date.now() > until) {
      await session.close();
      throw new Error('The extension did not start in the browser.');
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** In an extension page: the id of the tab whose URL starts with `prefix` (the WebExtension API runs there). */
export async function findTabId(session, prefix) {
  return session.evalInExtension(async (p) => {
    const api = globalThis.browser ?? globalThis.chrome;
    const tabs = await api.tabs.query({});
    return tabs.find((t) => (t.url ?? '').startsWith(p))?.id;
  }, prefix);
}

/** Asks the extension itself for a tab's report, exactly as the popup's export does. */
export async function requestReport(session, tabId, { includeValues = false } = {}) {
  return session.evalInExtension(
    async ({ tabId, includeValues }) => {
      const api = globalThis.browser ?? globalThis.chrome;
      return api.runtime.sendMessage({ type: 'get-report', tabId, includeValues });
    },
    { tabId, includeValues },
  );
}
