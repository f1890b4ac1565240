import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OkResult, parseResults } from '@/lib/batch/page-result.mjs';
import type { SiteSummary } from '@/lib/batch/site-summary.mjs';
import type { Report } from '@/lib/report/types';
import { startFixtureServer } from '../fixtures/server.mjs';
import { BROWSERS, ROOT } from './harness';

// tests/fixtures/sites/crawl-shop.example: the sign-in page is reachable only through a link on the home page (not
// in the sitemap), and the real rrweb records only there; products.html loads PostHog opted out (its correct
// set-up); robots.txt disallows /private/; the home page also links to another site, mail, script, a fragment and a PDF.
const HOME = 'https://crawl-shop.example/';
const SIGNIN = 'https://crawl-shop.example/signin.html';
const PRODUCTS = 'https://crawl-shop.example/products.html';
const ABOUT = 'https://crawl-shop.example/about.html';
const PRIVATE = 'https://crawl-shop.example/private/contact.html';

const work = mkdtempSync(path.join(tmpdir(), 'ci-crawl-'));
let server: Awaited<ReturnType<typeof startFixtureServer>>;
beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(() => server?.close());

function audit(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['lib/cli/audit.mjs', ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 170_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

function route(browser: string): string[] {
  return browser === 'chromium'
    ? [
        `--browser-arg=--host-resolver-rules=MAP *:443 127.0.0.1:${server.httpsPort}, MAP * 127.0.0.1:${server.httpPort}`,
        '--browser-arg=--ignore-certificate-errors',
      ]
    : ['--proxy', `127.0.0.1:${server.httpPort}`];
}

function readCrawl(dir: string) {
  const lines = parseResults(readFileSync(path.join(dir, 'results.jsonl'), 'utf8')).results;
  const ok = new Map<string, { line: OkResult; report: Report }>();
  for (const line of lines) {
    expect(line.status, JSON.stringify(line)).toBe('ok');
    if (line.status === 'ok') ok.set(line.url, { line, report: JSON.parse(readFileSync(path.join(dir, line.file), 'utf8')) as Report });
  }
  return { urls: lines.map((l) => l.url), ok };
}

const recording = (report: Report | undefined, vendor: string) => report?.recorders.find((r) => r.vendor === vendor && r.recordingAt !== undefined);

describe('npm run audit -- <url> --crawl N', () => {
  it.each(BROWSERS)('observe in %s: finds the sign-in page through its link, audits it first, and reports the recorder only there', async (browser) => {
    const dir = path.join(work, `${browser}-observe`);
    const since = server.log.length;
    const { code, stderr, ms } = await audit(
      HOME,
      '--crawl',
      '2',
      '--out-dir',
      dir,
      '--wait',
      '1',
      '--page-timeout',
      '60',
      '--browser',
      browser,
      ...route(browser),
    );
    console.log(`${browser} observe crawl: ${ms} ms`);
    expect(code, stderr).toBe(0);
    const { urls, ok } = readCrawl(dir);
    // The start page, then the sign-in page (a login link outranks the sitemap), then the sitemap's first page.
    expect(urls).toEqual([HOME, SIGNIN, PRODUCTS]);
    expect(ok.get(SIGNIN)?.line.crawl).toEqual({ depth: 1, inSitemap: false, kind: 'login' });
    expect(stderr).toContain(`skipped (robots.txt): ${PRIVATE}`);
    const signin = ok.get(SIGNIN)?.report;
    expect(signin?.page.url).toBe(SIGNIN);
    expect(recording(signin, 'rrweb')?.recordingPhase).toBe('before-choice');
    expect(ok.get(SIGNIN)?.line.rules).toEqual(expect.arrayContaining(['replay-before-consent', 'replay-on-sensitive-page']));
    // PostHog loaded opted out on the products page, and nothing recorded on the home page.
    expect(recording(ok.get(PRODUCTS)?.report, 'posthog')).toBeUndefined();
    expect(ok.get(PRODUCTS)?.line.rules.filter((r) => r.startsWith('replay-'))).toEqual([]);
    expect(ok.get(HOME)?.report.recorders).toEqual([]);
    expect(ok.get(HOME)?.line.rules).toEqual([]);
    // Never another site, a disallowed page or a file; robots.txt and the sitemap were read.
    const seen = server.log.slice(since);
    expect(seen.filter((e) => e.host === 'login.other-shop.example')).toEqual([]);
    expect(seen.filter((e) => e.path.startsWith('/private/') || e.path === '/brochure.pdf').map((e) => e.path)).toEqual([]);
    expect(seen.some((e) => e.host === 'crawl-shop.example' && e.path === '/robots.txt')).toBe(true);
    expect(seen.some((e) => e.host === 'crawl-shop.example' && e.path === '/sitemap.xml')).toBe(true);
    // An observe crawl starts clean and chooses nothing.
    for (const { line } of ok.values()) expect(line.choice).toBeUndefined();

    // merge reads a crawl as it reads a batch: one row for the site.
    const summaryFile = path.join(work, `${browser}-summary.json`);
    const merged = await audit('merge', dir, '--out', summaryFile);
    expect(merged.code, merged.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(summaryFile, 'utf8')) as SiteSummary;
    expect(summary.sites.map((s) => [s.site, s.pagesAudited, s.replayVendors])).toEqual([['crawl-shop.example', 3, ['rrweb']]]);

    // A rerun with one page more audits only that page, from the links and sitemap the first run kept.
    const rerun = await audit(HOME, '--crawl', '3', '--out-dir', dir, '--wait', '1', '--page-timeout', '60', '--browser', browser, ...route(browser));
    console.log(`${browser} resumed crawl: ${rerun.ms} ms`);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stderr).toContain('Crawl done: 1 ok, 0 failed, 3 already done.');
    expect(readCrawl(dir).urls).toEqual([HOME, SIGNIN, PRODUCTS, ABOUT]);
  });

  it.each(BROWSERS)('reject in %s: refuses once on the start page, then every page says after refusal', async (browser) => {
    const dir = path.join(work, `${browser}-reject`);
    const { code, stderr, ms } = await audit(
      HOME,
      '--crawl',
      '2',
      '--scenario',
      'reject',
      '--ignore-robots',
      '--out-dir',
      dir,
      '--wait',
      '1',
      '--page-timeout',
      '60',
      '--browser',
      browser,
      ...route(browser),
    );
    console.log(`${browser} reject crawl: ${ms} ms`);
    expect(code, stderr).toBe(0);
    const { urls, ok } = readCrawl(dir);
    // --ignore-robots: the disallowed contact page is audited, after the sign-in page.
    expect(urls).toEqual([HOME, SIGNIN, PRIVATE]);
    const home = ok.get(HOME);
    expect(home?.line.scenario).toBe('reject');
    expect(home?.report.consent.choice).toBe('reject');
    expect(home?.report.consent.choiceAt).toBeGreaterThan(0);
    for (const url of [SIGNIN, PRIVATE]) {
      const page = ok.get(url);
      // A plain visit, in the state the refusal left: the refusal holds from the page's start.
      expect(page?.line.scenario).toBe('observe');
      expect(page?.line.choice).toBe('reject');
      expect(page?.report.consent).toMatchObject({ cmps: ['klaro'], choice: 'reject', choiceAt: 0 });
      expect(page?.report.consent.transitions[0]?.phase).toBe('after-refusal');
    }
    const signin = ok.get(SIGNIN);
    expect(recording(signin?.report, 'rrweb')?.recordingPhase).toBe('after-refusal');
    expect(signin?.line.rules).toContain('replay-after-refusal');
    expect(signin?.line.beforeConsentVendors).toEqual([]);
  });
});
