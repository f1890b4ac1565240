// `npm run audit -- <url> --crawl N`: audits the start page, then up to N more pages of the same site, one at a time
// in one browser (one cookie jar: the consent choice carries over as a visitor's would). Links are read from each
// audited page through the browser after its report is taken, robots.txt and the sitemap through the start page;
// the most harmful pages (login, sign-up, checkout...) come first. Output and resume are the batch's.
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { addToPool, createPool, pickNext } from '../batch/crawl-plan.mjs';
import { harmOf } from '../batch/crawl-rank.mjs';
import { siteOf } from '../batch/page-file.mjs';
import { doneUrls, parseResults } from '../batch/page-result.mjs';
import { normalizeUrl } from '../batch/url-list.mjs';
import { createLock } from './audit-page.mjs';
import { auditOne } from './batch.mjs';
import { BrowserNotFoundError } from './browsers.mjs';
import { launchAuditBrowser } from './launch.mjs';
import { discoverLinks, readSiteFiles } from './crawl-page.mjs';
import { optionsOrExit, PAGE_OPTIONS, readPageOptions, UsageError } from './page-options.mjs';

export const CRAWL_USAGE = `Usage: npm run audit -- <url> --crawl N [options]

Audits the start page, then up to N more pages of the same site (its registrable domain), one at a time in one
browser: login, sign-up, checkout, cart, account, contact and form pages first (link text and URL, in English,
French, German, Spanish and Italian), then the sitemap's order, then the nearest. Writes DIR/<site>/<page>.json per
page and DIR/results.jsonl, as a batch does (merge and resume work the same).

Options:
  --crawl N                    pages to audit after the start page (0 to 500)
  --out-dir DIR                where to write (default crawl-<site>)
  --scenario observe|reject|accept
                               observe (default): every page from a clean browser, the choice left to nobody;
                               reject / accept: refuse / accept once on the start page, then visit the others in
                               that state, as a visitor would
  --ignore-robots              crawl pages robots.txt disallows (and other hosts of the site, whose robots.txt is
                               not read)
  --browser chromium|firefox   (default chromium)
  --browser-path PATH          browser executable
  --browser-arg ARG            extra Chromium argument, repeatable
  --proxy HOST:PORT            send the browser's http and https traffic through this proxy
  --host-map HOST=IP:PORT,...  connect to these names at these addresses (a staging server under its production names)
  --wait SECONDS               observing time per page after the load event (default 5)
  --page-timeout SECONDS       the most one page may take (default 90); its loading gets half of it`;

const MAX_CRAWL = 500;
const LINKS_FILE = 'crawl-links.jsonl';

/** Whether argv asks for a crawl. */
export function isCrawl(argv) {
  return argv.some((a) => a === '--crawl' || a.startsWith('--crawl='));
}

/** `deps`: `{ root, ensureBuilt(browser) }` from the CLI. Returns the exit code. */
export async function crawlMain(argv, deps) {
  const { options, exit } = optionsOrExit(argv, readCrawlOptions, CRAWL_USAGE);
  if (!options) return exit;
  mkdirSync(options.outDir, { recursive: true });
  const resultsFile = path.join(options.outDir, 'results.jsonl');
  const previous = existsSync(resultsFile) ? parseResults(readFileSync(resultsFile, 'utf8')).results : [];
  const done = doneUrls(previous);
  const state = readState(path.join(options.outDir, LINKS_FILE));
  // The browser is launched for the first page to audit: a rerun with nothing left launches none.
  let session;
  let closeBrowser;
  let launchError;
  const openSession = async () => {
    if (session || launchError) return session;
    deps.ensureBuilt(options.browser);
    try {
      ({ session, close: closeBrowser } = await launchAuditBrowser(options, deps.root));
    } catch (error) {
      launchError = error;
    }
    return session;
  };
  try {
    const counts = await crawl(openSession, options, { resultsFile, done, state });
    if (launchError) {
      console.error(launchError instanceof BrowserNotFoundError ? launchError.message : `Could not start ${options.browser}: ${launchError.message}`);
      return 4;
    }
    console.error(`Crawl done: ${counts.ok} ok, ${counts.failed} failed, ${counts.skipped} already done. Results in ${resultsFile}`);
    return 0;
  } finally {
    await closeBrowser?.();
  }
}

async function crawl(openSession, options, { resultsFile, done, state }) {
  const shared = { lock: createLock(30_000), claimed: new Set() };
  const site = siteOf(options.url);
  const startHost = new URL(options.url).host;
  const pool = createPool();
  const visited = new Set();
  const counts = { ok: 0, failed: 0, skipped: 0 };
  const linksFile = path.join(options.outDir, LINKS_FILE);
  let robots = state.robots ?? { rules: [], status: 'unread' };
  const allowedHost = (url) => options.ignoreRobots || new URL(url).host === startHost;
  // A page that redirected is visited under its final URL too: a link to it is not audited twice.
  const landedOn = (page) => {
    let url = '';
    try {
      url = page.url();
    } catch {}
    const final = normalizeUrl(url);
    if (final.ok) visited.add(final.url);
  };

  const record = (line, links) => {
    appendFileSync(resultsFile, `${JSON.stringify(line)}\n`);
    if (line.status === 'ok') appendFileSync(linksFile, `${JSON.stringify({ url: line.url, links })}\n`);
    counts[line.status === 'ok' ? 'ok' : 'failed']++;
    console.error(`[${counts.ok + counts.failed}/${options.crawl + 1}] ${line.status} ${line.url}${line.error ? ` (${line.error})` : ''}`);
  };

  // The start page. A consent crawl runs it again on a rerun with pages left: the choice must be made in this browser.
  const startDone = done.has(options.url) && state.links.has(options.url) && state.robots;
  if (startDone && options.scenario === 'observe') {
    counts.skipped++;
    addToPool(pool, state.links.get(options.url) ?? [], 1);
    addToPool(pool, state.sitemap ?? [], 1);
  } else {
    const found = { links: [], sitemap: [] };
    const session = await openSession();
    if (!session) return counts;
    const line = await auditOne(
      session,
      { url: options.url, site },
      {
        ...options,
        afterReport: async (page) => {
          landedOn(page);
          found.links = await discoverLinks(page, site);
          const read = await readSiteFiles(page, options.url);
          robots = read.robots;
          found.sitemap = read.sitemap;
        },
      },
      shared,
      { crawl: { depth: 0 } },
    );
    record(line, found.links);
    if (line.status === 'ok') appendFileSync(linksFile, `${JSON.stringify({ robots, sitemap: found.sitemap })}\n`);
    if (line.status !== 'ok' && options.scenario !== 'observe') {
      console.error(`The ${options.scenario} scenario did not run on the start page: the crawl stops there.`);
      return counts;
    }
    addToPool(pool, found.links, 1);
    addToPool(pool, found.sitemap, 1);
  }
  visited.add(options.url);
  logRobots(robots, options.ignoreRobots);
  if (robots.status === 'unreachable' && !options.ignoreRobots) return counts;

  let audited = 0;
  while (audited < options.crawl) {
    const { next, disallowed } = pickNext(pool, visited, robots.rules, options.ignoreRobots);
    for (const url of disallowed) {
      if (visited.has(url)) continue;
      visited.add(url);
      console.error(`  skipped (${allowedHost(url) ? 'robots.txt' : 'another host: its robots.txt is not read'}): ${url}`);
    }
    if (!next) break;
    visited.add(next.url);
    if (!allowedHost(next.url)) {
      console.error(`  skipped (another host: its robots.txt is not read): ${next.url}`);
      continue;
    }
    audited++;
    if (done.has(next.url) && state.links.has(next.url)) {
      counts.skipped++;
      addToPool(pool, state.links.get(next.url) ?? [], next.depth + 1);
      continue;
    }
    let links = [];
    const harm = harmOf(next);
    const session = await openSession();
    if (!session) return counts;
    const line = await auditOne(
      session,
      { url: next.url, site },
      {
        ...options,
        scenario: 'observe',
        afterReport: async (page) => {
          landedOn(page);
          links = await discoverLinks(page, site);
        },
      },
      shared,
      {
        crawl: { depth: next.depth, inSitemap: next.sitemapIndex !== undefined, ...(harm && { kind: harm.kind }) },
      },
    );
    record(line, links);
    addToPool(pool, links, next.depth + 1);
  }
  return counts;
}

function logRobots(robots, ignored) {
  const what = {
    read: `robots.txt: ${robots.rules.length} rule${robots.rules.length === 1 ? '' : 's'} for this crawler`,
    missing: 'robots.txt: none (every page allowed)',
    unreachable: 'robots.txt: could not be read (the site may be down): only the start page is audited; --ignore-robots crawls anyway',
    unread: 'robots.txt: not read',
  }[robots.status];
  console.error(ignored ? `${what}; ignored (--ignore-robots)` : what);
}

/** What an earlier run of this crawl left: each audited page's links, and robots.txt and the sitemap. */
function readState(file) {
  const state = { links: new Map(), robots: undefined, sitemap: undefined };
  if (!existsSync(file)) return state;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    let value;
    try {
      value = JSON.parse(line);
    } catch {
      continue;
    }
    if (typeof value?.url === 'string' && Array.isArray(value.links)) state.links.set(value.url, value.links);
    else if (value?.robots && Array.isArray(value.robots.rules) && Array.isArray(value.sitemap)) {
      state.robots = value.robots;
      state.sitemap = value.sitemap;
    }
  }
  return state;
}

/** The crawl's options; throws a usage error on bad ones. */
export function readCrawlOptions(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        crawl: { type: 'string' },
        'out-dir': { type: 'string' },
        'ignore-robots': { type: 'boolean', default: false },
        ...PAGE_OPTIONS,
      },
    });
  } catch (error) {
    throw new UsageError(error.message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { help: true };
  if (positionals.length !== 1) throw new UsageError('Give exactly one start URL to crawl.');
  const start = normalizeUrl(positionals[0] ?? '');
  if (!start.ok) throw new UsageError(`"${positionals[0]}" is not an http(s) URL.`);
  const crawl = Number(values.crawl);
  if (!Number.isInteger(crawl) || crawl < 0 || crawl > MAX_CRAWL) throw new UsageError(`--crawl takes a whole number of pages from 0 to ${MAX_CRAWL}.`);
  const page = readPageOptions(values);
  const site = siteOf(start.url);
  return {
    ...page,
    url: start.url,
    crawl,
    outDir: values['out-dir'] ?? `crawl-${site.replace(/[^a-z0-9.-]+/gi, '_')}`,
    ignoreRobots: values['ignore-robots'],
  };
}
