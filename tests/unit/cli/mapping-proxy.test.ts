import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseHostMap } from '@/lib/cli/host-map.mjs';
import { startHostMap, startMappingProxy } from '@/lib/cli/mapping-proxy.mjs';

// The staging server: answers with the Host it was asked for, so a test sees both where a request went and as what.
let staging: http.Server;
let stagingPort = 0;
let proxy: Awaited<ReturnType<typeof startMappingProxy>>;
const passedThrough: string[] = [];

beforeAll(async () => {
  staging = http.createServer((req, res) => res.end(`staging saw ${req.method} ${req.headers.host}${req.url}`));
  await new Promise<void>((r) => staging.listen(0, '127.0.0.1', r));
  stagingPort = (staging.address() as net.AddressInfo).port;
  const parsed = parseHostMap(`staging.shop.example=127.0.0.1:${stagingPort}`);
  if (!parsed.ok) throw new Error(parsed.reason);
  // Unmapped names would go out to the internet: here they are recorded and sent nowhere that answers.
  proxy = await startMappingProxy(parsed.map, {
    route: (host, port) => {
      passedThrough.push(`${host}:${port}`);
      return { host: '127.0.0.1', port: 9 };
    },
  });
});
afterAll(async () => {
  await proxy?.close();
  staging?.close();
});

function viaProxy(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: proxy.port, path: url, headers: { host: new URL(url).host } }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function connect(target: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(proxy.port, '127.0.0.1', () => {
      socket.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n\r\n`);
    });
    let text = '';
    let asked = false;
    socket.on('data', (d) => {
      text += d;
      // Once the tunnel is up, speak http through it as a browser speaks TLS.
      if (!asked && text.startsWith('HTTP/1.1 200') && text.endsWith('\r\n\r\n')) {
        asked = true;
        socket.write(`GET /tunnel HTTP/1.1\r\nHost: ${target}\r\nConnection: close\r\n\r\n`);
      }
    });
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
  });
}

describe('the mapping proxy (Firefox --host-map)', () => {
  it('sends an http request for a mapped name to its IP:PORT, keeping the Host the browser asked for', async () => {
    const answer = await viaProxy('http://staging.shop.example/cart?x=1');
    expect(answer).toEqual({ status: 200, body: 'staging saw GET staging.shop.example/cart?x=1' });
  });

  it('tunnels CONNECT to a mapped name to its IP:PORT, whatever port the browser asked for', async () => {
    const text = await connect('staging.shop.example:443');
    expect(text).toMatch(/^HTTP\/1\.1 200 Connection Established/);
    expect(text).toContain('staging saw GET staging.shop.example:443/tunnel');
  });

  it('lets unmapped names go where they were going, and answers 502 when that fails', async () => {
    expect((await viaProxy('http://www.google-analytics.com/g/collect')).status).toBe(502);
    expect(await connect('static.hotjar.com:443')).toMatch(/^HTTP\/1\.1 502/);
    expect(passedThrough).toEqual(['www.google-analytics.com:80', 'static.hotjar.com:443']);
  });

  it('gives Chromium its resolver switch and Firefox proxy preferences to a proxy it started', async () => {
    const parsed = parseHostMap('a.example=127.0.0.1:8080');
    if (!parsed.ok) throw new Error(parsed.reason);
    const chromium = await startHostMap('chromium', parsed.map);
    expect(chromium.args).toEqual(['--host-resolver-rules=MAP a.example 127.0.0.1:8080']);
    const firefox = await startHostMap('firefox', parsed.map);
    try {
      expect(firefox.prefs).toMatchObject({ 'network.proxy.type': 1, 'network.proxy.http': '127.0.0.1', 'network.proxy.ssl': '127.0.0.1' });
      expect(firefox.prefs['network.proxy.ssl_port']).toBe(firefox.prefs['network.proxy.http_port']);
    } finally {
      await firefox.close();
    }
    expect(await startHostMap('firefox', undefined)).toMatchObject({ args: [], prefs: {} });
  });
});
