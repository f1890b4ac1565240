// Page-load overhead of the extension: the load-event time of a fixture page with 300 subresources, with and
// without the extension, in the same Chromium build and run, alternating. Prints the ratio (goal ≤ 1.05).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_QUIET_FLAGS, findBrowser, launchBrowser } from '../../lib/cli/browsers.mjs';
import { startFixtureServer } from '../fixtures/server.mjs';
import { loadTime } from './load-time.mjs';

const ROOT = path.resolve(import.meta.dirname, '../..');
const RUNS = Number(process.env.BENCH_RUNS ?? 15);

const server = await startFixtureServer();
// EXTENSION_DIR: another build of the extension (to profile what costs the most).
const withExtension = await launchBrowser('chromium', { extensionDir: process.env.EXTENSION_DIR ?? path.join(ROOT, '.output/chrome-mv3'), server });
const profile = mkdtempSync(path.join(tmpdir(), 'ci-bench-'));
const plain = await chromium.launchPersistentContext(profile, {
  executablePath: findBrowser('chromium'),
  headless: true,
  ignoreHTTPSErrors: true,
  args: [
    ...CHROMIUM_QUIET_FLAGS,
    '--ignore-certificate-errors',
    `--host-resolver-rules=MAP *:443 127.0.0.1:${server.httpsPort}, MAP * 127.0.0.1:${server.httpPort}`,
  ],
});

const samples = { with: [], without: [] };
for (let i = -2; i < RUNS; i++) {
  // Alternate the order so neither browser always goes first; the first two rounds warm up.
  const pair =
    i % 2
      ? [
          ['with', () => withExtension.newPage()],
          ['without', () => plain.newPage()],
        ]
      : [
          ['without', () => plain.newPage()],
          ['with', () => withExtension.newPage()],
        ];
  for (const [name, open] of pair) {
    const ms = await loadTime(open, `${name}-${i}`);
    if (i >= 0) samples[name].push(ms);
  }
}
await withExtension.close();
await plain.close();
rmSync(profile, { recursive: true, force: true });
await server.close();

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const a = median(samples.with);
const b = median(samples.without);
console.log(`page load, 300 subresources, ${RUNS} runs each (median load-event time)`);
console.log(`  without extension: ${b.toFixed(1)} ms`);
console.log(`  with extension:    ${a.toFixed(1)} ms`);
console.log(`  ratio with/without: ${(a / b).toFixed(3)} (goal ≤ 1.05)`);
