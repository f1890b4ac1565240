// Memory of the extension's service worker after recording 10,000 requests (goal ≤ 30 MB of JS heap), against the
// same worker's heap right after start-up, measured in the same run through the DevTools protocol.
import path from 'node:path';
import WebSocket from 'ws';
import { findTabId, launchBrowser, requestReport } from '../../lib/cli/browsers.mjs';
import { startFixtureServer } from '../fixtures/server.mjs';

const ROOT = path.resolve(import.meta.dirname, '../..');
const PORT = 9300 + Math.floor(Math.random() * 500);

const server = await startFixtureServer();
const session = await launchBrowser('chromium', {
  extensionDir: path.join(ROOT, '.output/chrome-mv3'),
  server,
  args: [`--remote-debugging-port=${PORT}`, '--remote-allow-origins=*'],
});

async function workerHeap() {
  const targets = await (await fetch(`http://127.0.0.1:${PORT}/json/list`)).json();
  const worker = targets.find((t) => t.type === 'service_worker' && t.url.startsWith('chrome-extension://'));
  if (!worker) throw new Error('no extension service worker target');
  const ws = new WebSocket(worker.webSocketDebuggerUrl);
  await new Promise((r, j) => ws.once('open', r).once('error', j));
  let id = 0;
  const call = (method, params = {}) =>
    new Promise((resolve) => {
      const mine = ++id;
      ws.on('message', function listen(data) {
        const msg = JSON.parse(String(data));
        if (msg.id === mine) {
          ws.off('message', listen);
          resolve(msg.result);
        }
      });
      ws.send(JSON.stringify({ id: mine, method, params }));
    });
  await call('HeapProfiler.collectGarbage');
  const { usedSize } = await call('Runtime.getHeapUsage');
  ws.close();
  return usedSize;
}

const before = await workerHeap();
const page = await session.newPage();
const url = 'https://hostile.example/?requests=10000';
await session.goto(page, url);
const until = Date.now() + 180_000;
while (!(await page.evaluate(() => document.body.dataset.done === '1')) && Date.now() < until) await new Promise((r) => setTimeout(r, 500));
const tabId = await findTabId(session, url);
const { report } = await requestReport(session, tabId);
const after = await workerHeap();
await session.close();
await server.close();

const mb = (b) => (b / 1024 / 1024).toFixed(1);
console.log(`service worker JS heap, Chromium (${report.summary.requests} requests recorded)`);
console.log(`  after start-up:         ${mb(before)} MB`);
console.log(`  after 10,000 requests:  ${mb(after)} MB (goal ≤ 30 MB)`);
console.log(`  ratio after/before:     ${(after / before).toFixed(2)}`);
