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
  ['page-load overhead: without, floor, everyday and full capture; loopback and 30 ms latency (Chromium)', 'page-load.bench.mjs'],
  ['page-load overhead: without, floor, everyday and full capture; loopback and 30 ms latency (Firefox)', 'page-load-firefox.bench.mjs'],
  ['capture CPU: per request in the browser and the worker, the probe per frame (Chromium)', 'capture-cpu.bench.mjs'],
  ['service-worker memory after 10,000 requests (Chromium)', 'memory.bench.mjs'],
  ['popup first render with 5,000 requests (Chromium)', 'popup-render.bench.mjs'],
  ['a long session: 300 page visits in a row (Chromium)', 'long-session.bench.mjs'],
  ['batch audits: pages per minute at concurrency 1 and 4 (Chromium)', 'batch.bench.mjs'],
].filter(([, file]) => !only.length || only.some((o) => file.includes(o)));

if (
  BENCHES.some(([, file]) =>
    ['worker-start', 'page-load', 'capture-cpu', 'memory', 'popup-render', 'long-session', 'batch'].some((name) => file.includes(name)),
  )
) {
  spawnSync('npx', ['wxt', 'build'], { cwd: ROOT, stdio: 'ignore' });
}
if (BENCHES.some(([, file]) => file.includes('firefox'))) spawnSync('npx', ['wxt', 'build', '-b', 'firefox', '--mv3'], { cwd: ROOT, stdio: 'ignore' });
let failed = 0;
for (const [title, file] of BENCHES) {
  console.log(`\n=== ${title} ===`);
  const result = spawnSync(process.execPath, [path.join(import.meta.dirname, file)], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;
