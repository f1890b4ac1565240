// `npm run bench`: every benchmark, one after the other (they compete for the same 2 cores otherwise).
// Each prints its figures and a ratio against a baseline or peer measured in the same run.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
const only = process.argv.slice(2);
const BENCHES = [
  ['classifier vs @ghostery/trackerdb', 'classify.bench.mjs'],
  ['database coverage of tracker prevalence', 'coverage.mjs'],
  ['replay payload decode + canary match', 'decode.bench.mjs'],
  ['consent timeline over a heavy visit', 'consent.bench.mjs'],
  ['consent banner detector, one scan (Chromium)', 'banner.bench.mjs'],
  ['service-worker start with the vendor database loaded (Chromium)', 'worker-start.bench.mjs'],
  ['page-load overhead (Chromium)', 'page-load.bench.mjs'],
  ['service-worker memory after 10,000 requests (Chromium)', 'memory.bench.mjs'],
  ['popup first render with 5,000 requests (Chromium)', 'popup-render.bench.mjs'],
  ['a long session: 300 page visits in a row (Chromium)', 'long-session.bench.mjs'],
  ['batch audits: pages per minute at concurrency 1 and 4 (Chromium)', 'batch.bench.mjs'],
].filter(([, file]) => !only.length || only.some((o) => file.includes(o)));

if (BENCHES.some(([, file]) => ['worker-start', 'page-load', 'memory', 'popup-render', 'long-session', 'batch'].some((name) => file.includes(name)))) {
  spawnSync('npx', ['wxt', 'build'], { cwd: ROOT, stdio: 'ignore' });
}
let failed = 0;
for (const [title, file] of BENCHES) {
  console.log(`\n=== ${title} ===`);
  const result = spawnSync(process.execPath, [path.join(import.meta.dirname, file)], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;
