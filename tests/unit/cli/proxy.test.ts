import { describe, expect, it } from 'vitest';
import { PROXY_PATTERN, proxyLaunch } from '@/lib/cli/proxy.mjs';

describe('--proxy HOST:PORT', () => {
  it('routes Chromium by its switch and Firefox by its preferences, http and https alike', () => {
    expect(proxyLaunch('chromium', 'proxy.corp.example:3128')).toEqual({ args: ['--proxy-server=http://proxy.corp.example:3128'], prefs: {} });
    expect(proxyLaunch('firefox', '127.0.0.1:8080').prefs).toMatchObject({
      'network.proxy.type': 1,
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': 8080,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': 8080,
    });
    expect(proxyLaunch('firefox', undefined)).toEqual({ args: [], prefs: {} });
  });

  it('takes HOST:PORT only', () => {
    expect(['127.0.0.1:8080', 'proxy.corp.example:3128'].every((p) => PROXY_PATTERN.test(p))).toBe(true);
    expect(['http://127.0.0.1:8080', '127.0.0.1', '127.0.0.1:80; rm -rf /', ':8080', 'host:port'].some((p) => PROXY_PATTERN.test(p))).toBe(false);
  });
});
