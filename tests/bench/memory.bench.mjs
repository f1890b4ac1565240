// Memory of the extension's service worker after recording 10,000 requests (goal ≤ 30 MB of JS heap), against the
// same worker's heap right after start-up, measured in the same run through the DevTools protocol.
import path from 'node:path';
import { findTabId, launchBrowser, requestReport } from '../../lib/cli/browsers.mjs';
import { startFixtureServer } from '../fixtures/server.mjs';
import { workerHeap } from './worker-heap.mjs';

const ROOT = path.resolve(import.meta.dirname, '../..');
const PORT = 9300 + Math.floor(Math.random() * 500);

const server = await startFixtureServer();
const session = await launchBrowser('chromium', {
  extensionDir: path.join(ROOT, '.output/chrome-mv3'),
  server,
  args: [`--remote-debugging-port=${PORT}`, '--remote-allow-origins=*'],
});

const before = await workerHeap(PORT);
const page = await session.newPage();
const url = 'https://hostile.example/?requests=10000';
await session.goto(page, url);
const until = Date.now() + 180_000;
while (!(await page.evaluate(() => document.body.dataset.done === '1')) && Date.now() < until) await new Promise((r) => setTimeout(r, 500));
const tabId = await findTabId(session, url);
const { report } = await requestReport(session, tabId);
const after = await workerHeap(PORT);
await session.close();
await server.close();

const mb = (b) => (b / 1024 / 1024).toFixed(1);
console.log(`service worker JS heap, Chromium (${report.summary.requests} requests recorded)`);
console.log(`  after start-up:         ${mb(before)} MB`);
console.log(`  after 10,000 requests:  ${mb(after)} MB (goal ≤ 30 MB)`);
console.log(`  ratio after/before:     ${(after / before).toFixed(2)}`);
