/**
 * Hostname and path of a request URL, parsed by hand because `new URL()` costs more than the whole rest of a
 * classification. Canonical URLs (what webRequest hands over) take the fast path; anything unusual — IDN in Unicode,
 * percent-escapes, backslashes, non-decimal IPv4 — falls back to the WHATWG parser, which normalises it the way the
 * browser would have.
 */
export type UrlHost =
  | {
      ok: true;
      /** Lowercase, punycode, without port or trailing dot; IPv6 keeps its brackets. */
      hostname: string;
      isIp: boolean;
      /** The URL the indices below refer to (the input, or its WHATWG normalisation). */
      url: string;
      /** Index of the path's leading `/` in `url`, or -1 when the URL has no path. */
      pathStart: number;
    }
  | { ok: false; reason: UnclassifiableReason };

/**
 * `local-scheme`: data:, blob:, about:, extension and browser pages — nothing went over the network to a host.
 * `unsupported-scheme`: a scheme we do not audit (mailto:, tel:, custom protocols).
 * `invalid-url`: the browser would not parse it either.
 */
export type UnclassifiableReason = 'local-scheme' | 'unsupported-scheme' | 'invalid-url';

export function parseUrlHost(url: string): UrlHost {
  const colon = url.indexOf(':');
  if (colon <= 0 || colon > 32) return { ok: false, reason: 'invalid-url' };
  const scheme = url.slice(0, colon).toLowerCase();
  if (!NETWORK_SCHEMES.has(scheme)) {
    if (LOCAL_SCHEMES.has(scheme)) return { ok: false, reason: 'local-scheme' };
    return { ok: false, reason: /^[a-z][a-z0-9+.-]*$/.test(scheme) ? 'unsupported-scheme' : 'invalid-url' };
  }
  if (url.charCodeAt(colon + 1) !== SLASH || url.charCodeAt(colon + 2) !== SLASH) return parseSlowly(url);

  const start = colon + 3;
  let end = url.length;
  let at = -1;
  for (let i = start; i < url.length; i++) {
    const c = url.charCodeAt(i);
    if (c === SLASH || c === QUESTION || c === HASH) {
      end = i;
      break;
    }
    if (c === AT) at = i;
    else if (c <= 0x20 || c >= 0x7f || c === PERCENT || c === BACKSLASH) return parseSlowly(url);
  }

  const hostStart = at < 0 ? start : at + 1;
  let hostEnd = end;
  let isIp = false;
  if (url.charCodeAt(hostStart) === BRACKET) {
    const close = url.indexOf(']', hostStart);
    if (close < 0 || close >= end) return { ok: false, reason: 'invalid-url' };
    hostEnd = close + 1;
    isIp = true;
    if (hostEnd < end && url.charCodeAt(hostEnd) !== COLON) return { ok: false, reason: 'invalid-url' };
  } else {
    const portColon = url.indexOf(':', hostStart);
    if (portColon >= 0 && portColon < end) hostEnd = portColon;
  }
  if (hostEnd < end && !/^:\d*$/.test(url.slice(hostEnd, end))) return parseSlowly(url);

  let hostname = url.slice(hostStart, hostEnd).toLowerCase();
  while (hostname.endsWith('.')) hostname = hostname.slice(0, -1);
  if (hostname === '') return { ok: false, reason: 'invalid-url' };
  if (!isIp && endsWithNumericLabel(hostname)) {
    if (!IPV4.test(hostname)) return parseSlowly(url);
    isIp = true;
  }
  return { ok: true, hostname, isIp, url, pathStart: end < url.length && url.charCodeAt(end) === SLASH ? end : -1 };
}

const NETWORK_SCHEMES = new Set(['http', 'https', 'ws', 'wss', 'ftp']);
const LOCAL_SCHEMES = new Set([
  'data',
  'blob',
  'about',
  'javascript',
  'file',
  'filesystem',
  'view-source',
  'chrome',
  'chrome-extension',
  'chrome-untrusted',
  'edge',
  'moz-extension',
  'resource',
  'safari-web-extension',
]);
const SLASH = 0x2f;
const BACKSLASH = 0x5c;
const QUESTION = 0x3f;
const HASH = 0x23;
const AT = 0x40;
const PERCENT = 0x25;
const BRACKET = 0x5b;
const COLON = 0x3a;
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** WHATWG URL: a host whose last label is a number is parsed as IPv4 (https://url.spec.whatwg.org/#ends-in-a-number-checker). */
function endsWithNumericLabel(hostname: string): boolean {
  const last = hostname.slice(hostname.lastIndexOf('.') + 1);
  return /^(?:\d+|0x[0-9a-f]*)$/.test(last);
}

function parseSlowly(url: string): UrlHost {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, reason: 'invalid-url' };
  }
  let hostname = parsed.hostname;
  while (hostname.endsWith('.')) hostname = hostname.slice(0, -1);
  if (hostname === '') return { ok: false, reason: 'invalid-url' };
  const href = parsed.href;
  return {
    ok: true,
    hostname,
    isIp: hostname.startsWith('[') || IPV4.test(hostname),
    url: href,
    pathStart: href.indexOf('/', parsed.protocol.length + 2),
  };
}
