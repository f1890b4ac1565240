#!/usr/bin/env node
// Headless audit: launches a real browser with the built extension, visits a URL, waits, and writes the report the
// extension itself produced. No detection logic lives here: the CLI only drives the browser and saves files.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BrowserNotFoundError, findTabId } from './browsers.mjs';
import { launchAuditBrowser } from './launch.mjs';
import { actLikeVisitor, runTrustedCanary } from './trusted-input.mjs';
import { CLI_LANGS, systemLang } from './lang.mjs';
import { batchMain } from './batch.mjs';
import { crawlMain, isCrawl } from './crawl.mjs';
import { mergeMain } from './merge.mjs';
import { PROXY_PATTERN } from './proxy.mjs';
import { readHostMapOption } from './host-map.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SCENARIOS = ['observe', 'canary', 'reject', 'accept'];
const CONSENT_SCENARIOS = ['reject', 'accept'];
const FORMATS = { '.json': 'json', '.html': 'html', '.htm': 'html', '.csv': 'csv', '.md': 'md', '.har': 'har' };
const USAGE = `Usage: npm run audit -- <url> [options]
       npm run audit -- --demo [options]
       npm run audit -- --urls FILE --out-dir DIR [options]   (a list of URLs: see --urls FILE --help)
       npm run audit -- <url> --crawl N [--out-dir DIR] [options]
                                                              (the start page and N more of its site: see --crawl 0 --help)
       npm run audit -- merge DIR... --out summary.html        (see merge --help)

Options:
  --browser chromium|firefox   browser to use (default chromium)
  --browser-path PATH          browser executable (default: the Debian/Ubuntu package's)
  --out FILE                   write the report: .json, .html, .md, .har (the requests as HTTP Archive 1.2), or
                               .csv (cookies, requests, findings and the consent timeline: FILE-cookies.csv,
                               FILE-requests.csv, FILE-findings.csv, FILE-consent.csv)
  --wait SECONDS               how long to observe after the load event (default 5)
  --scenario observe|canary|reject|accept
                               observe (default): wait, then scroll, move the pointer, click neutral content, move
                               the pointer out and hide the page, as a visitor (never a link, button or field);
                               canary: type unique test values into every field as keystrokes, observe --wait
                               seconds, act as a visitor, and report where they went (never submits);
                               reject / accept: clear the site's data, reload, let autoconsent refuse / accept on the
                               consent banner, confirm from the CMP's stored state, observe --wait seconds, reload once.
                               The report is the choice page's; with --out, the reloaded page's report is written
                               beside it as FILE-next.<ext>
  --browser-arg ARG            extra Chromium argument, repeatable (e.g. --host-resolver-rules=...)
  --proxy HOST:PORT            send the browser's http and https traffic through this proxy
  --host-map HOST=IP:PORT,...  connect to these names at these addresses (a staging server under its production
                               names); IPv6 as [::1]:8443; without :PORT the URL's port is kept
  --include-values             keep cookie values, storage values, payloads and identifying header values in the
                               report (redacted by default)
  --lang en|fr                 language of the report's texts (default: the system locale, LC_ALL / LANG)
  --include-screenshots        keep the images of the reject / accept audit's screenshots in the report (left out by
                               default; their times and reasons are always there)
  --demo                       serve the bundled demo shop on 127.0.0.1 and audit it
  -h, --help                   this help`;

class UsageError extends Error {}

let stage = 'starting';

export async function main(argv = process.argv.slice(2)) {
  if (argv[0] === 'merge') return mergeMain(argv.slice(1));
  if (isBatch(argv)) return batchMain(argv, { root: ROOT, ensureBuilt });
  if (isCrawl(argv)) return crawlMain(argv, { root: ROOT, ensureBuilt });
  let options;
  try {
    options = readOptions(argv);
  } catch (error) {
    return fail(error instanceof UsageError ? `${error.message}\n\n${USAGE}` : String(error), 2);
  }
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const restricted = restrictedReason(options.url);
  if (restricted) return fail(`${options.url} cannot be inspected: ${restricted}`, 2);

  stage = 'building the extension';
  ensureBuilt(options.browser);
  let server;
  let session;
  let closeBrowser;
  try {
    if (options.demo) {
      const { startFixtureServer } = await import('../../tests/fixtures/server.mjs');
      server = await startFixtureServer();
    }
    stage = `launching ${options.browser}`;
    ({ session, close: closeBrowser } = await launchAuditBrowser(options, ROOT, { server }));
    stage = `loading ${options.url}`;
    const page = await session.newPage();
    try {
      await session.goto(page, options.url, { timeout: 30_000 });
    } catch (error) {
      return fail(`Could not load ${options.url}: ${shortError(error)}`, 3);
    }
    stage = 'observing the page';
    await new Promise((r) => setTimeout(r, (options.scenario === 'observe' ? options.wait : 2) * 1000));
    const finalUrl = await page.evaluate(() => location.href).catch(() => options.url);
    const tabId = (await findTabId(session, finalUrl)) ?? (await findTabId(session, options.url));
    if (tabId === undefined) return fail(`The browser has no tab for ${options.url}.`, 3);
    if (options.scenario === 'canary') {
      stage = 'running the canary test';
      const run = await runTrustedCanary(session, page, tabId, Math.max(3, options.wait));
      if (!run?.ok) return fail(`The canary test could not run: ${run?.reason ?? 'no answer'}.`, 3);
      console.error(`Canary test: typed into ${run.typed} field${run.typed > 1 ? 's' : ''} (${run.trusted} as keystrokes through the browser).`);
    }
    if (options.scenario === 'observe' || options.scenario === 'canary') {
      // Many recorders upload only on interaction, or when the page is hidden: behave as a visitor before the report.
      stage = 'acting as a visitor';
      await actLikeVisitor(session, page, tabId);
    }
    let visitIds = [];
    if (CONSENT_SCENARIOS.includes(options.scenario)) {
      stage = `running the ${options.scenario} scenario`;
      const run = await session.evalInExtension(async (message) => (globalThis.browser ?? globalThis.chrome).runtime.sendMessage(message), {
        type: 'run-scenario',
        tabId,
        scenario: options.scenario,
        seconds: Math.max(1, options.wait),
      });
      if (!run?.ok) return fail(`The ${options.scenario} scenario could not run: ${run?.reason ?? 'no answer'}.`, 3);
      console.error(
        `Scenario ${options.scenario}: ${run.outcome}${run.cmp ? ` (${run.cmp})` : ''}${run.detail ? `: ${run.detail}` : ''}. Run ${run.run}, visits ${run.visitIds.join(', ')}.`,
      );
      visitIds = run.visitIds;
    }
    stage = 'reading the report';
    const format = options.out ? FORMATS[path.extname(options.out).toLowerCase()] : 'json';
    const exportVisit = (visitId) =>
      session.evalInExtension(async (message) => (globalThis.browser ?? globalThis.chrome).runtime.sendMessage(message), {
        type: 'export',
        format,
        tabId,
        ...(visitId && { visitId }),
        includeValues: options.includeValues,
        lang: options.lang,
        includeScreenshots: options.includeScreenshots,
      });
    const result = await exportVisit(visitIds[0]);
    if (options.out && visitIds[1]) {
      const next = await exportVisit(visitIds[1]);
      const ext = path.extname(options.out);
      if (next?.ok && !next.files) {
        writeFileSync(`${options.out.slice(0, -ext.length)}-next${ext}`, next.content);
        console.log(`Report of the reloaded page written to ${options.out.slice(0, -ext.length)}-next${ext}`);
      }
    }
    if (!result?.ok) return fail(`The extension recorded nothing for ${options.url} (${result?.reason ?? 'no answer'}).`, 3);
    if (options.out && result.files) {
      const stem = options.out.replace(/\.csv$/i, '');
      for (const file of result.files) writeFileSync(`${stem}-${file.name}`, file.content);
      console.log(`Reports written to ${result.files.map((f) => `${stem}-${f.name}`).join(', ')}`);
    } else if (options.out) {
      writeFileSync(options.out, result.content);
      console.log(`Report written to ${options.out}`);
    }
    const report = format === 'json' ? JSON.parse(result.content) : undefined;
    if (report) printSummary(report);
    return 0;
  } catch (error) {
    if (error instanceof BrowserNotFoundError) return fail(error.message, 4);
    return fail(`Audit failed: ${shortError(error)}`, 1);
  } finally {
    await closeBrowser?.();
    await server?.close();
  }
}

function isBatch(argv) {
  return argv.some((a) => a === '--urls' || a.startsWith('--urls='));
}

function readOptions(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        browser: { type: 'string', default: 'chromium' },
        'browser-path': { type: 'string' },
        out: { type: 'string' },
        wait: { type: 'string', default: '5' },
        scenario: { type: 'string', default: 'observe' },
        'browser-arg': { type: 'string', multiple: true, default: [] },
        'include-values': { type: 'boolean', default: false },
        lang: { type: 'string' },
        'include-screenshots': { type: 'boolean', default: false },
        demo: { type: 'boolean', default: false },
        proxy: { type: 'string' },
        'host-map': { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError(error.message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { help: true };
  if (!['chromium', 'firefox'].includes(values.browser)) throw new UsageError(`--browser must be chromium or firefox, not ${values.browser}.`);
  if (!SCENARIOS.includes(values.scenario)) throw new UsageError(`--scenario must be one of: ${SCENARIOS.join(', ')}.`);
  const wait = Number(values.wait);
  if (!Number.isFinite(wait) || wait < 0 || wait > 600) throw new UsageError('--wait takes a number of seconds from 0 to 600.');
  if (values.out && !FORMATS[path.extname(values.out).toLowerCase()]) throw new UsageError('--out must end in .json, .html, .md, .har or .csv.');
  const lang = values.lang ?? systemLang(process.env);
  if (!CLI_LANGS.includes(lang)) throw new UsageError(`--lang must be one of: ${CLI_LANGS.join(', ')}.`);
  if (values.demo && positionals.length) throw new UsageError('Give either a URL or --demo, not both.');
  if (values.proxy !== undefined && !PROXY_PATTERN.test(values.proxy)) throw new UsageError('--proxy takes HOST:PORT.');
  // The demo routes the browser to its own fixture server.
  if (values.proxy !== undefined && values.demo) throw new UsageError('--proxy does not go with --demo.');
  const hostMap = readHostMapOption(values);
  if (!hostMap.ok) throw new UsageError(hostMap.reason);
  if (!values.demo && positionals.length !== 1) throw new UsageError('Give exactly one URL to audit.');
  const url = values.demo ? 'https://shop.example/' : normaliseUrl(positionals[0]);
  return {
    url,
    demo: values.demo,
    browser: values.browser,
    browserPath: values['browser-path'],
    out: values.out,
    wait: values.demo && values.wait === '5' ? 3 : wait,
    scenario: values.scenario,
    browserArgs: values['browser-arg'],
    proxy: values.proxy,
    hostMap: hostMap.map,
    includeValues: values['include-values'],
    lang,
    includeScreenshots: values['include-screenshots'],
  };
}

function normaliseUrl(input) {
  const text = /^[a-z][a-z0-9+.-]*:/i.test(input) ? input : `https://${input}`;
  let url;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`"${input}" is not a valid URL.`);
  }
  if (!url.hostname && !['about:', 'chrome:', 'edge:', 'moz-extension:', 'chrome-extension:'].includes(url.protocol))
    throw new UsageError(`"${input}" is not a valid URL.`);
  return url.href;
}

const STORES = [
  /^https:\/\/chromewebstore\.google\.com\//,
  /^https:\/\/chrome\.google\.com\/webstore/,
  /^https:\/\/addons\.mozilla\.org\//,
  /^https:\/\/microsoftedge\.microsoft\.com\/addons/,
];

/** Pages no extension may script: browser pages, other extensions, the web stores. */
export function restrictedReason(url) {
  const { protocol } = new URL(url);
  if (!['http:', 'https:'].includes(protocol)) return `browsers do not let extensions inspect ${protocol} pages.`;
  if (STORES.some((re) => re.test(url))) return 'browsers do not let extensions inspect their web stores.';
  return undefined;
}

function ensureBuilt(browser) {
  const dir = path.join(ROOT, '.output', browser === 'firefox' ? 'firefox-mv3' : 'chrome-mv3');
  const manifest = path.join(dir, 'manifest.json');
  if (existsSync(manifest) && statSync(manifest).mtimeMs >= newestSource()) return;
  console.error(`Building the ${browser} extension…`);
  execFileSync('npx', ['wxt', 'build', ...(browser === 'firefox' ? ['-b', 'firefox', '--mv3'] : [])], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}

const CLI_ONLY = [path.join('lib', 'cli'), path.join('lib', 'batch')];

function newestSource() {
  let newest = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      // The CLI's own code is not part of the extension: editing it needs no rebuild.
      if (entry.isDirectory()) {
        if (!CLI_ONLY.includes(path.relative(ROOT, full))) walk(full);
      } else newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  for (const dir of ['entrypoints', 'lib', 'data']) walk(path.join(ROOT, dir));
  return Math.max(newest, statSync(path.join(ROOT, 'wxt.config.ts')).mtimeMs);
}

function printSummary(report) {
  const s = report.summary;
  console.log(`${report.page.url} (${report.browser.name})`);
  console.log(
    `  requests ${s.requests} (${s.thirdPartyRequests} third-party), payloads ${s.payloads}, cookies ${s.cookies}, storage ${s.storage}, globals ${s.globals}`,
  );
  if (s.thirdPartySites.length) console.log(`  third-party sites: ${s.thirdPartySites.join(', ')}`);
  for (const sentence of report.overview?.sentences ?? []) console.log(`  ${sentence.text}`);
  console.log(`  findings: ${report.findings.length}`);
  for (const f of report.findings) console.log(`    ${f.severity.padEnd(8)} ${f.rule}${f.vendor ? ` (${f.vendor.name})` : ''}: ${f.title}`);
}

function shortError(error) {
  return String(error?.message ?? error).split('\n')[0];
}

function fail(message, code) {
  console.error(message);
  return code;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  // A batch or a crawl bounds each page itself (--page-timeout); a merge launches nothing.
  if (argv[0] === 'merge' || isBatch(argv) || isCrawl(argv)) process.exit(await main(argv));
  // A browser that dies mid-handshake can leave a promise that never settles; say so instead of exiting silently.
  const watchdog = setTimeout(() => {
    console.error(`Audit timed out while ${stage}.`);
    process.exit(5);
  }, 240_000);
  process.exitCode = await main();
  clearTimeout(watchdog);
}
