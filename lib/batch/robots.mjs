// robots.txt as RFC 9309 reads it (https://www.rfc-editor.org/rfc/rfc9309): groups of User-agent lines with their
// Allow and Disallow rules; the group naming our product token, else the `*` group; the longest matching rule wins, and
// Allow wins a tie; `*` matches any run of characters and `$` ends a pattern. The file comes from the site: bounded,
// and a line that is not a rule is skipped, never thrown.

export const ROBOTS_TOKEN = 'consentinspector';
export const MAX_ROBOTS_BYTES = 500_000;
const MAX_RULES = 5000;
const MAX_PATTERN = 2000;
const MAX_SITEMAPS = 20;

/**
 * Reads robots.txt into `{ rules, sitemaps }`: `rules` are the group that applies to `token` (its own group, or the
 * `*` group when none names it; several groups naming it are merged), `sitemaps` the absolute http(s) URLs of the
 * `Sitemap:` lines.
 */
export function parseRobots(text, token = ROBOTS_TOKEN) {
  const groups = [];
  const sitemaps = [];
  let current;
  let lastWasAgent = false;
  let rules = 0;
  for (const raw of String(text)
    .slice(0, MAX_ROBOTS_BYTES)
    .split(/\r\n|\r|\n/)) {
    const line = raw.replace(/#.*$/, '').trim();
    const match = /^([A-Za-z-]+)\s*:\s*(.*)$/.exec(line);
    if (!match) continue;
    const key = match[1].toLowerCase();
    const value = match[2].trim();
    if (key === 'user-agent') {
      if (!lastWasAgent || !current) {
        current = { agents: [], rules: [] };
        groups.push(current);
      }
      current.agents.push(value.toLowerCase());
      lastWasAgent = true;
      continue;
    }
    lastWasAgent = false;
    if (key === 'sitemap') {
      if (sitemaps.length < MAX_SITEMAPS && /^https?:\/\//i.test(value)) sitemaps.push(value);
      continue;
    }
    if ((key === 'allow' || key === 'disallow') && current && rules < MAX_RULES) {
      // An empty Disallow allows everything: it is no rule.
      if (!value || value.length > MAX_PATTERN) continue;
      current.rules.push({ allow: key === 'allow', pattern: value });
      rules++;
    }
  }
  const mine = groups.filter((g) => g.agents.some((a) => a === token.toLowerCase()));
  const chosen = mine.length ? mine : groups.filter((g) => g.agents.includes('*'));
  return { rules: chosen.flatMap((g) => g.rules), sitemaps };
}

/** Whether `rules` (from parseRobots) let a crawler fetch `url`. `/robots.txt` itself is always allowed. */
export function isAllowed(rules, url) {
  const parsed = new URL(url);
  const target = `${parsed.pathname}${parsed.search}`;
  if (parsed.pathname === '/robots.txt') return true;
  let best;
  for (const rule of rules) {
    const length = matchLength(rule.pattern, target);
    if (length < 0) continue;
    if (!best || length > best.length || (length === best.length && rule.allow && !best.allow)) best = { length, allow: rule.allow };
  }
  return best ? best.allow : true;
}

/**
 * The pattern's length when it matches from the start of `target`, else -1. Each literal run between `*`s is found
 * leftmost with indexOf, which is exact for globs whose only wildcard is `*`, and never backtracks: a hostile pattern
 * cannot make it slow.
 */
function matchLength(pattern, target) {
  const anchored = pattern.endsWith('$');
  const parts = normalizePercent(anchored ? pattern.slice(0, -1) : pattern).split('*');
  const text = normalizePercent(target);
  const first = parts[0] ?? '';
  if (!text.startsWith(first)) return -1;
  if (parts.length === 1) return !anchored || text.length === first.length ? pattern.length : -1;
  let at = first.length;
  const last = parts[parts.length - 1] ?? '';
  for (const part of parts.slice(1, -1)) {
    const found = text.indexOf(part, at);
    if (found < 0) return -1;
    at = found + part.length;
  }
  if (anchored) return text.length - last.length >= at && text.endsWith(last) ? pattern.length : -1;
  return text.indexOf(last, at) >= 0 ? pattern.length : -1;
}

/** Patterns and paths compared in one spelling: percent-escapes upper-cased, other characters as written. */
function normalizePercent(text) {
  return text.replace(/%[0-9a-f]{2}/gi, (m) => m.toUpperCase());
}
