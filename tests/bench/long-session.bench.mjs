// A long browsing session (issue 14 §5): 300 page visits in a row in one tab, over the fixture sites, in Chromium with
// the built extension. At 100, 200 and 300 visits it prints the service worker's JS heap (after a forced collection),
// the extension's IndexedDB usage (navigator.storage.estimate in the extension's origin) and the visits kept. The
// visits kept are bounded by the retention settings (200 by default), so the heap and the database must level off:
// the ratios compare 300 visits with 200 and with 100, measured in the same run.
import path from 'node:path';
import { launchBrowser } from '../../lib/cli/browsers.mjs';
import { startFixtureServer } from '../fixtures/server.mjs';
import { workerHeap } from './worker-heap.mjs';

const ROOT = path.resolve(import.meta.dirname, '../..');
const PORT = 9800 + Math.floor(Math.random() * 150);
const VISITS = Number(process.env.LONG_SESSION_VISITS ?? 300);
// Sites with a consent manager, trackers, a recorder, frames: the evidence an ordinary session collects.
const PAGES = [
  'https://shop.example/',
  'https://klaro-broken.example/',
  'https://klaro-ok.example/',
  'https://cookieconsent-ok.example/',
  'https://tarteaucitron-broken.example/',
  'https://tcf-ok.example/',
  'https://frames-shop.example/',
  'https://replay-lab.example/posthog.html?mask=1',
];

const server = await startFixtureServer();
const session = await launchBrowser('chromium', {
  extensionDir: path.join(ROOT, '.output/chrome-mv3'),
  server,
  args: [`--remote-debugging-port=${PORT}`, '--remote-allow-origins=*'],
});

const call = (message) => session.evalInExtension((m) => (globalThis.browser ?? globalThis.chrome).runtime.sendMessage(m), message);
const usage = () => session.evalInExtension(async () => (await navigator.storage.estimate()).usage ?? 0);
const mb = (b) => (b / 1024 / 1024).toFixed(1);

const settings = await call({ type: 'get-settings' });
const figures = [{ visits: 0, heap: await workerHeap(PORT), db: await usage(), kept: (await call({ type: 'list-visits' })).length, ms: 0 }];
const page = await session.newPage();
const started = Date.now();
for (let i = 1; i <= VISITS; i++) {
  const url = PAGES[(i - 1) % PAGES.length];
  // A fresh URL each time (a visitor browsing on), so no page is served from the back-forward cache.
  await session.goto(page, `${url}${url.includes('?') ? '&' : '?'}visit=${i}`, { timeout: 60_000 }).catch((e) => console.log(`  visit ${i}: ${e.message}`));
  await new Promise((r) => setTimeout(r, 400));
  if (i % 100 === 0) {
    figures.push({ visits: i, heap: await workerHeap(PORT), db: await usage(), kept: (await call({ type: 'list-visits' })).length, ms: Date.now() - started });
    const f = figures.at(-1);
    console.log(`  ${i} visits: heap ${mb(f.heap)} MB, IndexedDB ${mb(f.db)} MB, ${f.kept} visits kept (${Math.round(f.ms / 1000)} s)`);
  }
}
await session.close();
await server.close();

console.log(
  `long session, Chromium: ${VISITS} visits over ${PAGES.length} fixture sites, retention ${settings.maxVisits} visits / ${settings.retentionDays} days`,
);
console.log('  visits   worker heap   IndexedDB   visits kept');
for (const f of figures)
  console.log(`  ${String(f.visits).padStart(6)}   ${mb(f.heap).padStart(8)} MB   ${mb(f.db).padStart(6)} MB   ${String(f.kept).padStart(11)}`);
const at = (n) => figures.find((f) => f.visits === n);
const [hundred, twoHundred, last] = [at(100), at(200), figures.at(-1)];
if (hundred && twoHundred && last) {
  console.log(`  ratio 300/200 visits: heap ${(last.heap / twoHundred.heap).toFixed(2)}, IndexedDB ${(last.db / twoHundred.db).toFixed(2)} (bounded: about 1)`);
  console.log(`  ratio 300/100 visits: heap ${(last.heap / hundred.heap).toFixed(2)}, IndexedDB ${(last.db / hundred.db).toFixed(2)}`);
  if (last.kept > settings.maxVisits) {
    console.log(`  FAIL: ${last.kept} visits kept, more than the retention limit of ${settings.maxVisits}`);
    process.exitCode = 1;
  }
}
