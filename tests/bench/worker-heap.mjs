// The JS heap of the extension's service worker in Chromium, after a forced garbage collection, through the DevTools
// protocol (the browser launched with --remote-debugging-port=`port`).
import WebSocket from 'ws';

export async function workerHeap(port) {
  const targets = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
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
