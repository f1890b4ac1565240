/**
 * `host/path*` patterns from the vendor files: `*` matches any run of characters; a pattern without a path matches
 * the whole host and anything under it. Matched against the URL without its scheme, case-insensitively.
 */
export function compileUrlPattern(pattern: string): RegExp {
  const hasPath = pattern.includes('/');
  const body = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}${hasPath ? '' : '(?=[:/?#]|$)'}`, 'i');
}

export function matchesAny(patterns: readonly RegExp[], url: string): boolean {
  const rest = url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  return patterns.some((re) => re.test(rest));
}
