// Shared by the overhead benchmarks: the same browser launched four ways, all open at once.
//   without   no extension;
//   floor     tests/bench/floor-extension: everyday capture's listeners with empty handlers, content scripts that do
//             nothing (the cost of any extension that listens, before it does any work);
//   everyday  the built extension as installed (capture level "everyday");
//   full      the built extension with the setting that turns full capture on for every tab.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { CHROMIUM_QUIET_FLAGS, findBrowser, launchBrowser, launchChromium, launchFirefox } from '../../lib/cli/browsers.mjs';

const ROOT = path.resolve(import.meta.dirname, '../..');
export const FLOOR_DIR = path.join(import.meta.dirname, 'floor-extension');
export const VARIANTS = ['without', 'floor', 'everyday', 'full'];

/** The built extension for `kind` (EXTENSION_DIR / FIREFOX_EXTENSION_DIR: another build). */
export function extensionDir(kind) {
  return kind === 'firefox'
    ? path.resolve(process.env.FIREFOX_EXTENSION_DIR ?? path.join(ROOT, '.output/firefox-mv3'))
    : path.resolve(process.env.EXTENSION_DIR ?? path.join(ROOT, '.output/chrome-mv3'));
}

/**
 * Launches `variant` of `kind` ('chromium' | 'firefox'). Returns { newPage, close, session?, context?, note? }; `note`
 * says when the variant is not what its name says (a build that ignores the full-capture setting).
 */
export async function launchVariant(kind, variant, server) {
  if (variant === 'without') return kind === 'firefox' ? wrap(await launchFirefox({ server })) : plainChromium(server);
  if (variant === 'floor')
    return wrap(kind === 'firefox' ? await launchFirefox({ extensionDir: FLOOR_DIR, server }) : await launchChromium({ extensionDir: FLOOR_DIR, server }));
  const session = await launchBrowser(kind, { extensionDir: extensionDir(kind), server });
  const send = (m) => session.evalInExtension(async (message) => (globalThis.browser ?? globalThis.chrome).runtime.sendMessage(message), m);
  if (variant === 'everyday') {
    const settings = await send({ type: 'get-settings' });
    await closeExtensionPages(session);
    return { ...wrap(session), note: settings?.fullCaptureAllTabs === true ? 'full capture is on for every tab in this profile' : undefined };
  }
  await send({ type: 'set-settings', settings: { fullCaptureAllTabs: true } });
  const settings = await send({ type: 'get-settings' });
  await closeExtensionPages(session);
  return {
    ...wrap(session),
    note: settings?.fullCaptureAllTabs === true ? undefined : 'this build ignores fullCaptureAllTabs: "full" is everyday capture here',
  };
}

/** The machine's load average, for the printout (the 2 cores are shared, so every figure moves with it). */
export function loadAverage() {
  return loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
}

export function median(xs) {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
}

/** Rotates `list` by `round` (rounds may be negative, for warm-up), so no variant always goes first. */
export function rotate(list, round) {
  const shift = ((round % list.length) + list.length) % list.length;
  return [...list.slice(shift), ...list.slice(0, shift)];
}

function wrap(session) {
  return { session, context: session.context, newPage: () => session.newPage(), close: () => session.close() };
}

/** Closes the extension page that launching and the setting opened, so no variant keeps a tab the others lack. */
async function closeExtensionPages(session) {
  const pages = session.kind === 'firefox' ? await session.browser.pages() : session.context.pages();
  for (const page of pages) if (/^(chrome|moz)-extension:/.test(page.url())) await page.close().catch(() => {});
  session.resetExtensionPage();
}

/** Chromium without any extension, every hostname on the fixture server; `close()` removes its profile. */
export async function plainChromium(server) {
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(path.join(tmpdir(), 'ci-bench-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: findBrowser('chromium'),
    headless: true,
    ignoreHTTPSErrors: true,
    args: [
      ...CHROMIUM_QUIET_FLAGS,
      '--ignore-certificate-errors',
      `--host-resolver-rules=MAP *:443 127.0.0.1:${server.httpsPort}, MAP * 127.0.0.1:${server.httpPort}`,
    ],
  });
  return {
    context,
    profile,
    newPage: () => context.newPage(),
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
