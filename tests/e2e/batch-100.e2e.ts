import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseResults } from '@/lib/batch/page-result.mjs';
import type { SiteSummary } from '@/lib/batch/site-summary.mjs';
import type { Report } from '@/lib/report/types';
import { startFixtureServer } from '../fixtures/server.mjs';
import { ROOT } from './harness';

// Issue 12: a 100-URL batch at --concurrency 4 accounts for every page, and a broken site is recorded as failed.
// 96 pages over 8 fixture sites (12 each, told apart by their query), and two broken sites of 2 pages each:
// hang.example, whose requests the server takes and never answers, and refuse.example, whose connections it drops.
const SITES = [
  'shop.example',
  'frames-shop.example',
  'klaro-ok.example',
  'cookieconsent-ok.example',
  'tcf-ok.example',
  'rrweb-shop.example',
  'consent-mode.example',
  'gpp-ok.example',
];
const GOOD = SITES.flatMap((site) => Array.from({ length: 12 }, (_, i) => `https://${site}/?page=${i + 1}`));
const BROKEN = ['https://hang.example/?page=1', 'https://hang.example/?page=2', 'https://refuse.example/?page=1', 'https://refuse.example/?page=2'];
const ALL = [...GOOD, ...BROKEN];

const work = mkdtempSync(path.join(tmpdir(), 'ci-batch100-'));
let server: Awaited<ReturnType<typeof startFixtureServer>>;
beforeAll(async () => {
  server = await startFixtureServer({
    dynamic: (req: { socket: { destroy(): void } }, _res: unknown, url: URL) => {
      if (url.hostname === 'refuse.example') req.socket.destroy();
      return url.hostname === 'hang.example' || url.hostname === 'refuse.example';
    },
  });
});
afterAll(() => server?.close());

function audit(...args: string[]): Promise<{ code: number | null; stderr: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['lib/cli/audit.mjs', ...args], { cwd: ROOT });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.resume();
    const timer = setTimeout(() => child.kill('SIGKILL'), 580_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, ms: Date.now() - started });
    });
  });
}

describe('a 100-URL batch', () => {
  it('at --concurrency 4 in chromium accounts for every page, the broken sites failed with their error', { timeout: 600_000 }, async () => {
    expect(new Set(ALL).size).toBe(100);
    const list = path.join(work, 'urls.txt');
    writeFileSync(list, ALL.join('\n'));
    const dir = path.join(work, 'out');
    const { code, stderr, ms } = await audit(
      '--urls',
      list,
      '--out-dir',
      dir,
      '--concurrency',
      '4',
      '--wait',
      '0',
      '--page-timeout',
      '60',
      `--browser-arg=--host-resolver-rules=MAP *:443 127.0.0.1:${server.httpsPort}, MAP * 127.0.0.1:${server.httpPort}`,
      '--browser-arg=--ignore-certificate-errors',
    );
    console.log(`100-URL batch, chromium, --concurrency 4: ${ms} ms`);
    expect(code, stderr).toBe(0);
    // Not a terminal: one plain progress line per page, the last one at 100/100.
    const progress = stderr.split('\n').filter((l) => /^\[\d+\/100\] (ok|failed) /.test(l));
    expect(progress, stderr).toHaveLength(100);
    expect(progress.at(-1)).toMatch(/^\[100\/100\] .*; done 96, failed 4, remaining 0$/);
    expect(stderr).toContain('Batch done: 96 ok, 4 failed.');

    const text = readFileSync(path.join(dir, 'results.jsonl'), 'utf8');
    expect(text.trim().split('\n')).toHaveLength(100);
    const { results, skipped } = parseResults(text);
    expect(skipped).toBe(0);
    expect(results.map((r) => r.url).sort()).toEqual([...ALL].sort());
    for (const line of results) {
      if (BROKEN.includes(line.url)) {
        expect(line.status, line.url).toBe('failed');
        expect(line.status === 'failed' && line.error, line.url).toMatch(/could not load|timed out/);
        continue;
      }
      expect(line.status, JSON.stringify(line)).toBe('ok');
      if (line.status !== 'ok') continue;
      const report = JSON.parse(readFileSync(path.join(dir, line.file), 'utf8')) as Report;
      expect(report.page.url).toBe(line.url);
    }
    // Each page its own file: 96 distinct reports.
    expect(new Set(results.flatMap((r) => (r.status === 'ok' ? [r.file] : []))).size).toBe(96);

    const summaryFile = path.join(work, 'summary.json');
    const merged = await audit('merge', dir, '--out', summaryFile);
    expect(merged.code, merged.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(summaryFile, 'utf8')) as SiteSummary;
    expect(summary.pages).toEqual({ total: 100, ok: 96, failed: 4 });
    expect(summary.sites.filter((s) => s.verdict === 'failed').map((s) => s.site)).toEqual(['hang.example', 'refuse.example']);
    for (const site of SITES) expect(summary.sites.find((s) => s.site === site)?.pagesAudited, site).toBe(12);

    const htmlFile = path.join(work, 'summary.html');
    expect((await audit('merge', dir, '--out', htmlFile)).code).toBe(0);
    const html = readFileSync(htmlFile, 'utf8');
    expect(html).toContain('Findings by rule: sites affected of 8 sites audited (96 pages)');
    expect(html).toContain('Most common vendors before consent: sites affected of 8 sites audited (96 pages)');
    // shop.example's Google Analytics tag sends before any choice on each of its 12 pages: one site, 12 pages.
    expect(html).toMatch(/<th scope="row">Google Analytics<\/th><td class="bar" aria-hidden="true">.*?<\/td><td class="n">1<\/td><td class="n">12<\/td>/);
  });
});
