// A batch's URL list: one URL per line, `#` starts a comment, blank lines ignored. A bad line is reported with its
// number, never thrown, so one typo does not lose a list of thousands.

const MAX_URL_LENGTH = 4096;

/**
 * Reads a URL list. URLs without a scheme get `https://`; only http(s) URLs are kept; a URL listed twice is kept once
 * (its first line). `invalid` lists the lines that were not URLs, with the reason.
 */
export function readUrlList(text) {
  const urls = [];
  const invalid = [];
  const seen = new Set();
  const lines = String(text).split(/\r\n|\r|\n/);
  lines.forEach((raw, i) => {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line) return;
    const parsed = normalizeUrl(line);
    if (!parsed.ok) {
      invalid.push({ line: i + 1, text: line.slice(0, 200), reason: parsed.reason });
      return;
    }
    if (seen.has(parsed.url)) return;
    seen.add(parsed.url);
    urls.push(parsed.url);
  });
  return { urls, invalid };
}

/** The one spelling of a URL that shards, result lines and file names key on: WHATWG-serialized, fragment dropped. */
export function normalizeUrl(input) {
  const text = String(input).trim();
  if (!text) return { ok: false, reason: 'empty' };
  if (text.length > MAX_URL_LENGTH) return { ok: false, reason: 'too-long' };
  if (/\s/.test(text)) return { ok: false, reason: 'not-a-url' };
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(text) && !/^[^:/]+:\d+(\/|$)/.test(text) ? text : `https://${text}`;
  let url;
  try {
    url = new URL(withScheme);
  } catch {
    return { ok: false, reason: 'not-a-url' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, reason: 'not-http' };
  if (!url.hostname) return { ok: false, reason: 'not-a-url' };
  url.hash = '';
  return { ok: true, url: url.href };
}
