import type { CookieRecord, SameSite } from '../model';

export interface ParsedCookie {
  name: string;
  value: string;
  /** Without a leading dot; `undefined` when the cookie is host-only. */
  domain?: string;
  path?: string;
  secure: boolean;
  httpOnly: boolean;
  sameSite: SameSite;
  partitioned: boolean;
  /** Seconds; `null` for a session cookie; negative or zero means "delete". */
  declaredLifetime: number | null;
}

const MAX_COOKIE_STRING = 8192;

/**
 * Parses one `Set-Cookie` header value or one `document.cookie` assignment (RFC 6265 §5.2), leniently.
 * Max-Age wins over Expires. Expires is taken relative to `reference` (the response `Date` header when known).
 * Returns undefined for strings a browser would ignore (no `=` in the name-value pair, empty name and value).
 */
export function parseSetCookie(raw: string, reference: number): ParsedCookie | undefined {
  const input = raw.length > MAX_COOKIE_STRING ? raw.slice(0, MAX_COOKIE_STRING) : raw;
  const [pair = '', ...attributes] = input.split(';');
  const eq = pair.indexOf('=');
  if (eq < 0) return undefined;
  const name = pair.slice(0, eq).trim();
  const value = pair.slice(eq + 1).trim();
  if (!name && !value) return undefined;

  const cookie: ParsedCookie = {
    name,
    value,
    secure: false,
    httpOnly: false,
    sameSite: 'unspecified',
    partitioned: false,
    declaredLifetime: null,
  };
  let maxAge: number | undefined;
  let expires: number | undefined;
  for (const attribute of attributes) {
    const at = attribute.indexOf('=');
    const key = (at < 0 ? attribute : attribute.slice(0, at)).trim().toLowerCase();
    const val = at < 0 ? '' : attribute.slice(at + 1).trim();
    switch (key) {
      case 'max-age':
        // A run of digits past 2^53 (or 309 of them: Infinity) still means "for ever", and must stay a number in JSON.
        if (/^-?\d+$/.test(val)) maxAge = Math.max(-Number.MAX_SAFE_INTEGER, Math.min(Number.MAX_SAFE_INTEGER, Number.parseInt(val, 10)));
        break;
      case 'expires': {
        const time = Date.parse(val);
        if (!Number.isNaN(time)) expires = time;
        break;
      }
      case 'domain':
        if (val) cookie.domain = val.replace(/^\./, '').toLowerCase();
        break;
      case 'path':
        if (val.startsWith('/')) cookie.path = val;
        break;
      case 'secure':
        cookie.secure = true;
        break;
      case 'httponly':
        cookie.httpOnly = true;
        break;
      case 'samesite':
        cookie.sameSite = readSameSite(val);
        break;
      case 'partitioned':
        cookie.partitioned = true;
        break;
    }
  }
  if (maxAge !== undefined) cookie.declaredLifetime = maxAge;
  else if (expires !== undefined) cookie.declaredLifetime = Math.round((expires - reference) / 1000);
  return cookie;
}

/** The path a host-only cookie gets by default (RFC 6265 §5.1.4). */
export function defaultCookiePath(url: string): string {
  try {
    const { pathname } = new URL(url);
    // An opaque path (data:, about:, javascript:) does not start with '/': the default is '/' (§5.1.4 step 2).
    if (!pathname.startsWith('/')) return '/';
    const slash = pathname.lastIndexOf('/');
    return slash <= 0 ? '/' : pathname.slice(0, slash);
  } catch {
    return '/';
  }
}

function readSameSite(value: string): SameSite {
  switch (value.toLowerCase()) {
    case 'lax':
      return 'lax';
    case 'strict':
      return 'strict';
    case 'none':
      return 'no_restriction';
    default:
      return 'unspecified';
  }
}

/**
 * The cookie record of a declaration (a `Set-Cookie` header, a `document.cookie` write) made from `url`: host-only
 * cookies get its hostname, and a path-less one the URL's default path. A lifetime of zero or less deletes.
 */
export function declaredCookie(
  parsed: ParsedCookie,
  url: string,
  base: Pick<CookieRecord, 'id' | 'visitId' | 't' | 'source' | 'frameId' | 'frameUrl' | 'via'>,
): CookieRecord {
  let host = '';
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    // A page with an opaque URL: the cookie keeps an empty domain.
  }
  return {
    ...base,
    kind: 'cookie',
    action: parsed.declaredLifetime !== null && parsed.declaredLifetime <= 0 ? 'removed' : 'set',
    name: parsed.name,
    value: parsed.value,
    domain: parsed.domain ?? host,
    hostOnly: !parsed.domain,
    path: parsed.path ?? defaultCookiePath(url),
    secure: parsed.secure,
    httpOnly: parsed.httpOnly,
    sameSite: parsed.sameSite,
    partitioned: parsed.partitioned,
    declaredLifetime: parsed.declaredLifetime,
  };
}
