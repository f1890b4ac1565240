// `--proxy HOST:PORT` for the CLI's single-URL and batch audits: the browser sends its http and https traffic through
// an HTTP proxy (a corporate proxy, or a recording one). Chromium takes a command-line switch, Firefox its preferences.

/** What `--proxy` accepts. */
export const PROXY_PATTERN = /^[A-Za-z0-9.-]+:\d{1,5}$/;

/** The launch options that route `browser`'s traffic through `proxy` (`HOST:PORT`); none without a proxy. */
export function proxyLaunch(browser, proxy) {
  if (!proxy) return { args: [], prefs: {} };
  if (browser === 'chromium') return { args: [`--proxy-server=http://${proxy}`], prefs: {} };
  const [host, port] = proxy.split(':');
  return {
    args: [],
    prefs: {
      'network.proxy.type': 1,
      'network.proxy.http': host,
      'network.proxy.http_port': Number(port),
      'network.proxy.ssl': host,
      'network.proxy.ssl_port': Number(port),
      'network.proxy.no_proxies_on': '',
    },
  };
}
