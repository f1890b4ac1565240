#!/usr/bin/env node
// Headless audit: launches a real browser with the built extension, visits a URL, waits, and writes the report the
// extension itself produced. No detection logic lives here: the CLI only drives the browser and saves files.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FORMATS, readOptions, restrictedReason, USAGE } from './audit-options.mjs';
import { BrowserNotFoundError, findTabId } from './browsers.mjs';
import { ensureBuilt } from './ensure-built.mjs';
import { launchAuditBrowser } from './launch.mjs';
import { actLikeVisitor, runTrustedCanary, whyNoReport, whyNot } from './trusted-input.mjs';
import { batchMain } from './batch.mjs';
import { crawlMain, isCrawl } from './crawl.mjs';
import { mergeMain } from './merge.mjs';
import { UsageError } from './page-options.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CONSENT_SCENARIOS = ['reject', 'accept'];

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
      if (!run?.ok) return fail(`The canary test could not run: ${whyNot(run)}.`, 3);
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
      if (!run?.ok) return fail(`The ${options.scenario} scenario could not run: ${whyNot(run)}.`, 3);
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
    if (!result?.ok) return fail(`The extension ${whyNoReport(result)}: ${options.url}.`, 3);
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
