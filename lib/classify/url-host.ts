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
    // Forbidden host code points (https://url.spec.whatwg.org/#forbidden-host-code-point) make the browser refuse the
    // URL, and IPv6 literals are normalised (`[0:0::1]` is `[::1]`): both are the WHATWG parser's to judge.
    else if (c >= 0x7f || SLOW_IN_AUTHORITY[c] === 1) return parseSlowly(url);
  }

  const hostStart = at < 0 ? start : at + 1;
  let hostEnd = end;
  let isIp = false;
  const portColon = url.indexOf(':', hostStart);
  if (portColon >= 0 && portColon < end) hostEnd = portColon;
  // A port past 65535 makes the URL invalid; the slow path says so.
  if (hostEnd < end && !/^:\d{0,5}$/.test(url.slice(hostEnd, end))) return parseSlowly(url);
  if (hostEnd < end && Number(url.slice(hostEnd + 1, end)) > 65_535) return parseSlowly(url);

  let hostname = url.slice(hostStart, hostEnd).toLowerCase();
  while (hostname.endsWith('.')) hostname = hostname.slice(0, -1);
  if (hostname === '') return { ok: false, reason: 'invalid-url' };
  // A punycode label must decode, or the browser refuses the host.
  if (hostname.includes('xn--')) return parseSlowly(url);
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
const QUESTION = 0x3f;
const HASH = 0x23;
const AT = 0x40;
/** ASCII the fast path leaves to the WHATWG parser: controls and space, `%`, `\`, and `<`, `>`, `[`, `]`, `^`, `|`. */
const SLOW_IN_AUTHORITY = (() => {
  const table = new Uint8Array(0x80);
  for (let c = 0; c <= 0x20; c++) table[c] = 1;
  for (const c of '%\\<>[]^|') table[c.charCodeAt(0)] = 1;
  return table;
})();
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
