// Batch throughput (issue 12): the same list of fixture pages audited by `npm run audit -- --urls` at --concurrency 1
// and 4, in one run, printing pages per minute for each and the ratio between them. Each run is the whole command (the
// browser's launch included) with --wait 0, so the figure is the batch's own cost per page: loading, the visitor's
// steps, the report's export. BATCH_BENCH_PAGES sets the list's length (default 32); BATCH_BENCH_BROWSERS=chromium,firefox
// adds Firefox (its visitor steps take turns, so expect a smaller ratio).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseResults } from '../../lib/batch/page-result.mjs';
import { startFixtureServer } from '../fixtures/server.mjs';

const ROOT = path.resolve(import.meta.dirname, '../..');
const PAGES = Number(process.env.BATCH_BENCH_PAGES ?? 32);
const BROWSERS = (process.env.BATCH_BENCH_BROWSERS ?? 'chromium').split(',');
// Eight sites, so that four pages can run at once (a batch never runs two pages of one site together).
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
const urls = Array.from({ length: PAGES }, (_, i) => `https://${SITES[i % SITES.length]}/?page=${Math.floor(i / SITES.length) + 1}`);

const server = await startFixtureServer();
const work = mkdtempSync(path.join(tmpdir(), 'ci-batch-bench-'));
const list = path.join(work, 'urls.txt');
writeFileSync(list, urls.join('\n'));

try {
  for (const browser of BROWSERS) {
    const route =
      browser === 'chromium'
        ? [
            `--browser-arg=--host-resolver-rules=MAP *:443 127.0.0.1:${server.httpsPort}, MAP * 127.0.0.1:${server.httpPort}`,
            '--browser-arg=--ignore-certificate-errors',
          ]
        : ['--proxy', `127.0.0.1:${server.httpPort}`];
    const figures = [];
    for (const concurrency of [1, 4]) {
      const dir = path.join(work, `${browser}-${concurrency}`);
      const load = loadavg()[0];
      const started = Date.now();
      const code = await run([
        '--urls',
        list,
        '--out-dir',
        dir,
        '--concurrency',
        String(concurrency),
        '--wait',
        '0',
        '--page-timeout',
        '90',
        '--browser',
        browser,
        ...route,
      ]);
      const ms = Date.now() - started;
      const { results } = parseResults(readFileSync(path.join(dir, 'results.jsonl'), 'utf8'));
      const ok = results.filter((r) => r.status === 'ok').length;
      const perMinute = ok / (ms / 60_000);
      figures.push(perMinute);
      console.log(
        `  ${browser} --concurrency ${concurrency}: ${ok}/${PAGES} pages ok in ${(ms / 1000).toFixed(1)} s: ${perMinute.toFixed(1)} pages/min (load average ${load.toFixed(1)} at start)`,
      );
      if (code !== 0 || ok !== PAGES) {
        console.log(`  FAIL: exit code ${code}, ${PAGES - ok} pages not ok`);
        process.exitCode = 1;
      }
    }
    console.log(`  ${browser} ratio concurrency 4 / 1: ${((figures[1] ?? 0) / (figures[0] ?? 1)).toFixed(2)}`);
  }
} finally {
  await server.close();
  rmSync(work, { recursive: true, force: true });
}

function run(args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'lib/cli/audit.mjs'), ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('close', resolve);
  });
}
