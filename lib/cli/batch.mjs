// `npm run audit -- --urls FILE --out-dir DIR …`: audits every URL of a list in one browser, K pages at once, each in
// its own tab, one page per site at a time (a site's cookies are shared by its tabs, and a reject / accept run
// clears them). Each page ends as one line of DIR/results.jsonl; a rerun skips the pages whose line says ok.
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pageFile, siteOf } from '../batch/page-file.mjs';
import { doneUrls, failedResult, okResult, parseResults } from '../batch/page-result.mjs';
import { createProgress } from '../batch/progress.mjs';
import { parseShard, takeShard } from '../batch/shard.mjs';
import { readUrlList } from '../batch/url-list.mjs';
import { auditPage, createLock } from './audit-page.mjs';
import { BrowserNotFoundError } from './browsers.mjs';
import { launchAuditBrowser } from './launch.mjs';
import { optionsOrExit, PAGE_OPTIONS, readPageOptions, UsageError } from './page-options.mjs';

export const BATCH_USAGE = `Usage: npm run audit -- --urls FILE --out-dir DIR [options]

Audits every URL of FILE (one per line, # comments) in one browser launch. Writes DIR/<site>/<page>.json per page
and a line per page in DIR/results.jsonl; a rerun skips the pages already done.

Options:
  --concurrency K              pages at once, each in its own tab (default 2, at most 16); one page per site at a time
  --shard I/N                  audit only shard I of N (1-based): a share of the list that depends only on each URL
  --scenario observe|reject|accept
  --browser chromium|firefox   (default chromium)
  --browser-path PATH          browser executable
  --browser-arg ARG            extra Chromium argument, repeatable
  --proxy HOST:PORT            send the browser's http and https traffic through this proxy
  --host-map HOST=IP:PORT,...  connect to these names at these addresses (a staging server under its production names)
  --wait SECONDS               observing time per page after the load event (default 5)
  --page-timeout SECONDS       the most one page may take (default 90); its loading gets half of it`;

/** `deps`: `{ root, ensureBuilt(browser) }` from the CLI. Returns the exit code. */
export async function batchMain(argv, deps) {
  const { options, exit } = optionsOrExit(argv, readBatchOptions, BATCH_USAGE);
  if (!options) return exit;
  let listText;
  try {
    listText = readFileSync(options.urls, 'utf8');
  } catch (error) {
    console.error(`Cannot read --urls ${options.urls}: ${error.message}`);
    return 2;
  }
  const list = readUrlList(listText);
  for (const bad of list.invalid) console.error(`${options.urls}:${bad.line}: skipped (${bad.reason}): ${bad.text}`);
  const mine = takeShard(list.urls, options.shard);
  mkdirSync(options.outDir, { recursive: true });
  const resultsFile = path.join(options.outDir, 'results.jsonl');
  // A shard with nothing to audit is still a batch output directory: merge reads every shard's results.jsonl.
  appendFileSync(resultsFile, '');
  const previous = parseResults(readFileSync(resultsFile, 'utf8'));
  const done = doneUrls(previous.results);
  const todo = mine.filter((url) => !done.has(url));
  const shardText = options.shard ? ` (shard ${options.shard.index}/${options.shard.count})` : '';
  console.error(`${mine.length} URLs${shardText}: ${mine.length - todo.length} already done, ${todo.length} to audit.`);
  if (!todo.length) return 0;

  deps.ensureBuilt(options.browser);
  let session;
  let closeBrowser;
  try {
    ({ session, close: closeBrowser } = await launchAuditBrowser(options, deps.root));
  } catch (error) {
    console.error(error instanceof BrowserNotFoundError ? error.message : `Could not start ${options.browser}: ${error.message}`);
    return 4;
  }
  try {
    const counts = await runPages(session, todo, options, resultsFile);
    console.error(`Batch done: ${counts.ok} ok, ${counts.failed} failed. Results in ${resultsFile}`);
    // Every page is accounted for in results.jsonl, failed ones included: the batch itself succeeded.
    return 0;
  } finally {
    await closeBrowser();
  }
}

async function runPages(session, urls, options, resultsFile) {
  const shared = { lock: createLock(30_000), claimed: new Set() };
  const busySites = new Set();
  const queue = urls.map((url) => ({ url, site: siteOf(url) }));
  const counts = { ok: 0, failed: 0 };
  const progress = createProgress(process.stderr, urls.length);
  const record = (line) => {
    appendFileSync(resultsFile, `${JSON.stringify(line)}\n`);
    counts[line.status === 'ok' ? 'ok' : 'failed']++;
    progress.record(line);
  };
  const waiting = [];
  const wake = () => {
    for (const resolve of waiting.splice(0)) resolve();
  };
  const next = async () => {
    for (;;) {
      const i = queue.findIndex((item) => !busySites.has(item.site));
      if (i >= 0) return queue.splice(i, 1)[0];
      if (!queue.length) return undefined;
      await new Promise((r) => waiting.push(r));
    }
  };
  const worker = async () => {
    for (let item = await next(); item; item = await next()) {
      busySites.add(item.site);
      try {
        record(await auditOne(session, item, options, shared));
      } finally {
        busySites.delete(item.site);
        wake();
      }
    }
  };
  progress.start();
  try {
    await Promise.all(Array.from({ length: Math.min(options.concurrency, urls.length) }, worker));
  } finally {
    progress.finish();
  }
  return counts;
}

/**
 * One page, bounded by --page-timeout whatever the browser does; its report written, its line returned. `line` adds
 * fields to the line; `options.afterReport` is auditPage's.
 */
export async function auditOne(session, { url, site }, options, shared, line = {}) {
  let stage = 'starting';
  let page;
  let timer;
  const startedAt = Date.now();
  const work = auditPage(session, url, {
    scenario: options.scenario,
    wait: options.wait,
    loadTimeoutMs: (options.pageTimeout * 1000) / 2,
    shared,
    stage: (s) => (stage = s),
    onPage: (p) => (page = p),
    afterReport: options.afterReport,
  }).catch((error) => ({ ok: false, error: String(error?.message ?? error) }));
  const timeout = new Promise((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, error: `timed out after ${options.pageTimeout} s while ${stage}` }), options.pageTimeout * 1000);
  });
  const outcome = await Promise.race([work, timeout]);
  clearTimeout(timer);
  const extra = { browser: options.browser, seconds: Math.round((Date.now() - startedAt) / 100) / 10, ...line };
  if (!outcome.ok) {
    if (page && !page.isClosed()) await Promise.race([page.close().catch(() => {}), new Promise((r) => setTimeout(r, 5000))]);
    return failedResult(url, site, outcome.error, extra);
  }
  const file = pageFile(url);
  const full = path.join(options.outDir, file);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, JSON.stringify(outcome.report, null, 2));
  if (outcome.next) {
    writeFileSync(full.replace(/\.json$/, '-next.json'), JSON.stringify(outcome.next, null, 2));
    extra.nextFile = file.replace(/\.json$/, '-next.json');
  }
  return okResult(url, site, outcome.report, file, extra);
}

function readBatchOptions(argv) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        urls: { type: 'string' },
        'out-dir': { type: 'string' },
        concurrency: { type: 'string', default: '2' },
        shard: { type: 'string' },
        ...PAGE_OPTIONS,
      },
    }));
  } catch (error) {
    throw new UsageError(error.message);
  }
  if (values.help) return { help: true };
  if (!values.urls) throw new UsageError('--urls FILE is required.');
  if (!values['out-dir']) throw new UsageError('--out-dir DIR is required.');
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 16) throw new UsageError('--concurrency takes a whole number from 1 to 16.');
  let shard;
  if (values.shard !== undefined) {
    const parsed = parseShard(values.shard);
    if (!parsed.ok) throw new UsageError(`--shard takes I/N with 1 ≤ I ≤ N (e.g. 2/3), not ${values.shard}.`);
    shard = parsed.shard;
  }
  const page = readPageOptions(values);
  return {
    ...page,
    urls: values.urls,
    outDir: values['out-dir'],
    concurrency,
    shard,
  };
}
