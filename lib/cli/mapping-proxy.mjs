// Firefox has no equivalent of Chromium's --host-resolver-rules: `network.dns.localDomains` maps names to 127.0.0.1
// only, with no port. So for Firefox the CLI starts this small forward proxy on 127.0.0.1 and points Firefox's proxy
// preferences at it: connections to a mapped name go to its IP:PORT, every other one goes where it was going, as it
// would without the proxy. It speaks CONNECT (https, wss) and absolute-form http requests.
import http from 'node:http';
import net from 'node:net';
import { hostResolverRules, mappedTarget } from './host-map.mjs';
import { proxyLaunch } from './proxy.mjs';

/**
 * Starts the proxy for `map` (from parseHostMap) on 127.0.0.1, on a free port. Returns `{ port, close() }`.
 * `route(host, port)` may replace where unmapped connections go (tests); by default they go where they were going.
 */
export async function startMappingProxy(map, { route = (host, port) => ({ host, port }) } = {}) {
  const target = (host, port) => mappedTarget(map, host, port) ?? route(host, port);
  const sockets = new Set();
  const server = http.createServer((req, res) => {
    let url;
    try {
      url = new URL(req.url);
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain' });
      return res.end('a proxy takes absolute URLs');
    }
    if (url.protocol !== 'http:') {
      res.writeHead(400, { 'content-type': 'text/plain' });
      return res.end('only http:// in the clear');
    }
    const to = target(url.hostname, Number(url.port || 80));
    // Hop-by-hop headers are the proxy's own (RFC 9110, section 7.6.1), not the origin's.
    const headers = { ...req.headers };
    for (const name of ['connection', 'keep-alive', 'proxy-connection', 'proxy-authorization', 'te', 'upgrade']) delete headers[name];
    // No shared agent: no idle upstream connection outlives the run.
    const options = { host: to.host, port: to.port, method: req.method, path: url.pathname + url.search, headers, setHost: false, agent: false };
    const upstream = http.request(options, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
      answer.pipe(res);
    });
    upstream.on('error', (error) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`proxy: ${error.code ?? error.message}`);
    });
    req.pipe(upstream);
  });
  server.on('connect', (req, socket, head) => {
    const match = /^(\[[0-9a-f:.]+\]|[^:\s]+):(\d{1,5})$/i.exec(req.url ?? '');
    if (!match) return socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
    const to = target(match[1], Number(match[2]));
    const upstream = net.connect(to.port, to.host.replace(/^\[|\]$/g, ''), () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    track(sockets, upstream);
    upstream.on('error', () => (socket.writable ? socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n') : socket.destroy()));
    socket.on('error', () => upstream.destroy());
  });
  server.on('connection', (socket) => track(sockets, socket));
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    port: server.address().port,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

/**
 * The browser launch options for `map` (none without one): Chromium's resolver switch, or Firefox's proxy
 * preferences pointing at a mapping proxy started here. `close()` stops that proxy; call it after the browser closes.
 */
export async function startHostMap(browser, map) {
  if (!map?.length) return { args: [], prefs: {}, close: async () => {} };
  if (browser === 'chromium') return { args: [hostResolverRules(map)], prefs: {}, close: async () => {} };
  const proxy = await startMappingProxy(map);
  return { args: [], prefs: proxyLaunch('firefox', `127.0.0.1:${proxy.port}`).prefs, close: proxy.close };
}

function track(sockets, socket) {
  sockets.add(socket);
  socket.on('close', () => sockets.delete(socket));
}
