import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseResults } from '@/lib/batch/page-result.mjs';
import { summarizeSites } from '@/lib/batch/site-summary.mjs';
import { shardOf } from '@/lib/batch/shard.mjs';
import type { SiteSummary } from '@/lib/batch/site-summary.mjs';
import type { Report } from '@/lib/report/types';
import { startFixtureServer } from '../fixtures/server.mjs';
import { BROWSERS, ROOT } from './harness';

// hang.example is the broken site: the server takes its requests and never answers.
const GOOD = [
  'https://shop.example/',
  'https://klaro-ok.example/',
  'https://cookieconsent-ok.example/',
  'https://tcf-ok.example/',
  'https://rrweb-shop.example/',
];
const BROKEN = 'https://hang.example/';
const ALL = [...GOOD, BROKEN];
// Strings only shop.example's page loads: finding them in another page's report would be cross-talk between tabs.
const SHOP_ONLY = ['hotjar-3141592', 'G-DEMO123'];

const work = mkdtempSync(path.join(tmpdir(), 'ci-batch-'));
let server: Awaited<ReturnType<typeof startFixtureServer>>;
beforeAll(async () => {
  server = await startFixtureServer({ dynamic: (_req: unknown, _res: unknown, url: URL) => url.hostname === 'hang.example' });
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
    const timer = setTimeout(() => child.kill('SIGKILL'), 150_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

describe('npm run audit -- --urls (batch)', () => {
  it.each(BROWSERS)('audits a list in two shards at --concurrency 2 in %s, records the broken site as failed, merges, and resumes', async (browser) => {
    const list = path.join(work, `urls-${browser}.txt`);
    writeFileSync(list, ['# fixture sites', ...ALL, '', 'not a url', 'ftp://files.example/'].join('\n'));
    const route =
      browser === 'chromium'
        ? [
            `--browser-arg=--host-resolver-rules=MAP *:443 127.0.0.1:${server.httpsPort}, MAP * 127.0.0.1:${server.httpPort}`,
            '--browser-arg=--ignore-certificate-errors',
          ]
        : ['--proxy', `127.0.0.1:${server.httpPort}`];
    const dirs = [1, 2].map((i) => path.join(work, `${browser}-shard${i}`));
    const run = (i: number) =>
      audit(
        '--urls',
        list,
        '--out-dir',
        dirs[i - 1] ?? '',
        '--shard',
        `${i}/2`,
        '--concurrency',
        '2',
        '--wait',
        '1',
        '--page-timeout',
        '40',
        '--browser',
        browser,
        ...route,
      );

    for (const i of [1, 2]) {
      const { code, stderr, ms } = await run(i);
      console.log(`${browser} shard ${i}/2: ${ms} ms`);
      expect(code, stderr).toBe(0);
      expect(stderr).toContain(':9: skipped (not-a-url): not a url');
      expect(stderr).toContain(':10: skipped (not-http): ftp://files.example/');
      expect(stderr).toMatch(/\[\d+\/\d+\] (ok|failed) .*; done \d+, failed \d+, remaining \d+/);
    }

    // Every page accounted for once, in the shard its URL hashes to.
    const lines = dirs.map((dir) => parseResults(readFileSync(path.join(dir, 'results.jsonl'), 'utf8')).results);
    expect(
      lines
        .flat()
        .map((l) => l.url)
        .sort(),
    ).toEqual([...ALL].sort());
    lines.forEach((results, i) => {
      for (const line of results) expect(shardOf(line.url, 2), line.url).toBe(i + 1);
    });
    const byUrl = new Map(lines.flat().map((l) => [l.url, l]));
    const broken = byUrl.get(BROKEN);
    expect(broken?.status).toBe('failed');
    expect(broken?.status === 'failed' && broken.error).toMatch(/could not load|timed out/);

    for (const url of GOOD) {
      const line = byUrl.get(url);
      expect(line?.status, `${url}: ${JSON.stringify(line)}`).toBe('ok');
      if (line?.status !== 'ok') continue;
      const dir = dirs[shardOf(url, 2) - 1] ?? '';
      const text = readFileSync(path.join(dir, line.file), 'utf8');
      const report = JSON.parse(text) as Report;
      // Each report is its own tab's: its page, its main frame, nothing from the page audited beside it.
      expect(report.page.url).toBe(url);
      expect(report.browser.name).toBe(browser);
      const mainFrames = report.requests.filter((r) => r.type === 'main_frame').map((r) => new URL(r.url).hostname);
      expect(new Set(mainFrames)).toEqual(new Set([new URL(url).hostname]));
      for (const marker of SHOP_ONLY) expect(text.includes(marker), `${url} / ${marker}`).toBe(url === 'https://shop.example/');
    }

    const summaryFile = path.join(work, `summary-${browser}.json`);
    const merged = await audit('merge', ...dirs, '--out', summaryFile);
    expect(merged.code, merged.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(summaryFile, 'utf8')) as SiteSummary;
    expect(summary.pages).toEqual({ total: 6, ok: 5, failed: 1 });
    expect(summary.sites.map((s) => s.site)).toEqual([...ALL.map((u) => new URL(u).hostname)].sort());
    const shop = summary.sites.find((s) => s.site === 'shop.example');
    expect(shop?.verdict).toBe('findings');
    expect(shop?.replayVendors).toContain('hotjar');
    expect(summary.sites.find((s) => s.site === 'hang.example')?.verdict).toBe('failed');
    for (const out of ['summary.html', 'summary.csv']) {
      const file = path.join(work, `${browser}-${out}`);
      expect((await audit('merge', ...dirs, '--out', file)).code).toBe(0);
      expect(readFileSync(file, 'utf8')).toContain('shop.example');
    }

    // A rerun of the shard without the broken site has nothing left to do, and launches no browser.
    const clean = shardOf(BROKEN, 2) === 1 ? 2 : 1;
    const rerun = await run(clean);
    expect(rerun.code, rerun.stderr).toBe(0);
    const done = lines[clean - 1]?.length ?? 0;
    expect(rerun.stderr).toContain(`${done} URLs (shard ${clean}/2): ${done} already done, 0 to audit.`);
    expect(existsSync(path.join(dirs[clean - 1] ?? '', 'results.jsonl'))).toBe(true);
    expect(parseResults(readFileSync(path.join(dirs[clean - 1] ?? '', 'results.jsonl'), 'utf8')).results).toHaveLength(done);
  });

  // Chromium only: the shard logic is the browser's no more than merge is, and the CI budget is per browser.
  it('audits a list as three shards at once, as three machines would, through --host-map, and merges them into what one run gives (chromium)', async () => {
    // One URL in each of the three shards (their FNV-1a hashes), checked before anything runs.
    const urls = ['https://shop.example/', 'https://orejime-ok.example/', 'https://tcf-ok.example/'];
    expect(new Set(urls.map((u) => shardOf(u, 3)))).toEqual(new Set([1, 2, 3]));
    const list = path.join(work, 'urls-three.txt');
    writeFileSync(list, urls.join('\n'));
    // The batch's --host-map: the three sites and the one vendor host asserted below go to the fixture server.
    const map = [...urls.map((u) => new URL(u).hostname), 'static.hotjar.com'].map((host) => `${host}=127.0.0.1:${server.httpsPort}`).join(',');
    const route = ['--host-map', map, '--browser-arg=--ignore-certificate-errors'];
    const dirs = [1, 2, 3].map((i) => path.join(work, `three-${i}`));
    const runs = await Promise.all(
      dirs.map((dir, i) => audit('--urls', list, '--out-dir', dir, '--shard', `${i + 1}/3`, '--wait', '0', '--page-timeout', '60', ...route)),
    );
    runs.forEach((run, i) => {
      console.log(`chromium shard ${i + 1}/3: ${run.ms} ms`);
      expect(run.code, run.stderr).toBe(0);
    });
    const lines = dirs.map((dir) => parseResults(readFileSync(path.join(dir, 'results.jsonl'), 'utf8')).results);
    lines.forEach((results, i) => {
      for (const line of results) expect(shardOf(line.url, 3), line.url).toBe(i + 1);
    });
    const all = lines.flat();
    expect(all.map((l) => l.url).sort()).toEqual([...urls].sort());
    for (const line of all) expect(line.status, JSON.stringify(line)).toBe('ok');

    // A shard of this list with no URL of its own: no browser, and still a directory merge reads.
    const empty = path.join(work, 'three-empty');
    expect(urls.some((u) => shardOf(u, 4) === 1)).toBe(false);
    const none = await audit('--urls', list, '--out-dir', empty, '--shard', '1/4', ...route);
    expect(none.code, none.stderr).toBe(0);
    expect(none.stderr).toContain('0 URLs (shard 1/4): 0 already done, 0 to audit.');
    expect(readFileSync(path.join(empty, 'results.jsonl'), 'utf8')).toBe('');

    const merged = path.join(work, 'three-summary.json');
    const merge = await audit('merge', ...dirs, empty, '--out', merged);
    expect(merge.code, merge.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(merged, 'utf8')) as SiteSummary;
    // The three shards' lines read as one run's give the same summary, and the shards' order does not matter.
    expect(summary).toEqual(summarizeSites([all]));
    const reversed = path.join(work, 'three-summary-reversed.json');
    expect((await audit('merge', empty, ...[...dirs].reverse(), '--out', reversed)).code).toBe(0);
    expect(readFileSync(reversed, 'utf8')).toBe(readFileSync(merged, 'utf8'));
    expect(summary.pages).toEqual({ total: 3, ok: 3, failed: 0 });
    expect(summary.sites.map((s) => s.site)).toEqual(urls.map((u) => new URL(u).hostname).sort());
    expect(summary.sites.find((s) => s.site === 'shop.example')?.replayVendors).toContain('hotjar');
  });

  it.each(BROWSERS)('runs --scenario reject on two CMP sites at once in %s: each refused, its reloaded page beside it', async (browser) => {
    const list = path.join(work, `reject-${browser}.txt`);
    const sites = ['https://klaro-ok.example/', 'https://cookieconsent-ok.example/'];
    writeFileSync(list, sites.join('\n'));
    const dir = path.join(work, `${browser}-reject`);
    const route =
      browser === 'chromium'
        ? [
            `--browser-arg=--host-resolver-rules=MAP *:443 127.0.0.1:${server.httpsPort}, MAP * 127.0.0.1:${server.httpPort}`,
            '--browser-arg=--ignore-certificate-errors',
          ]
        : ['--proxy', `127.0.0.1:${server.httpPort}`];
    const { code, stderr, ms } = await audit(
      '--urls',
      list,
      '--out-dir',
      dir,
      '--scenario',
      'reject',
      '--concurrency',
      '2',
      '--wait',
      '1',
      '--page-timeout',
      '60',
      '--browser',
      browser,
      ...route,
    );
    console.log(`${browser} reject batch: ${ms} ms`);
    expect(code, stderr).toBe(0);
    const { results } = parseResults(readFileSync(path.join(dir, 'results.jsonl'), 'utf8'));
    expect(results.map((r) => r.url).sort()).toEqual([...sites].sort());
    for (const line of results) {
      expect(line.status, JSON.stringify(line)).toBe('ok');
      if (line.status !== 'ok') continue;
      expect(line.scenario).toBe('reject');
      const report = JSON.parse(readFileSync(path.join(dir, line.file), 'utf8')) as Report;
      expect(report.page.url).toBe(line.url);
      expect(report.consent.choice).toBe('reject');
      const next = JSON.parse(readFileSync(path.join(dir, String(line.nextFile)), 'utf8')) as Report;
      expect(new URL(next.page.url).hostname).toBe(new URL(line.url).hostname);
      expect(next.visit.id).not.toBe(report.visit.id);
    }
  });
});
