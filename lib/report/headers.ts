import type { Header } from '../model';
import { REDACTED } from './types';

/**
 * Headers whose values are kept in a redacted export: protocol, content and browser-identity fields, and URLs (which
 * every export keeps). Any other value may be an identifier (Authorization, ETag / If-None-Match, X-Client-Data, a
 * vendor's own X-* header) and is redacted. Cookie and Set-Cookie keep the cookie names, as the cookie table does.
 */
const KEPT = new Set([
  'accept',
  'accept-encoding',
  'accept-language',
  'accept-ranges',
  'access-control-allow-credentials',
  'access-control-allow-headers',
  'access-control-allow-methods',
  'access-control-allow-origin',
  'access-control-expose-headers',
  'access-control-max-age',
  'access-control-request-headers',
  'access-control-request-method',
  'age',
  'alt-svc',
  'cache-control',
  'connection',
  'content-disposition',
  'content-encoding',
  'content-language',
  'content-length',
  'content-range',
  'content-security-policy',
  'content-security-policy-report-only',
  'content-type',
  'cross-origin-embedder-policy',
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
  'date',
  'dnt',
  'expires',
  'host',
  'keep-alive',
  'last-modified',
  'location',
  'origin',
  'permissions-policy',
  'pragma',
  'priority',
  'purpose',
  'range',
  'referer',
  'referrer-policy',
  'server',
  'strict-transport-security',
  'te',
  'timing-allow-origin',
  'transfer-encoding',
  'upgrade-insecure-requests',
  'user-agent',
  'vary',
  'via',
  'x-content-type-options',
  'x-frame-options',
  'x-xss-protection',
]);
const KEPT_PREFIXES = ['sec-ch-', 'sec-fetch-'];
const KEPT_SEC = new Set(['sec-gpc', 'sec-purpose']);

/** Copies of the headers; unless values are included, identifying values become `[redacted]` (names stay). */
export function redactHeaders(headers: readonly Header[], includeValues: boolean): Header[] {
  return headers.map(({ name, value }) => ({ name, value: includeValues ? value : redactedValue(name.toLowerCase(), value) }));
}

function redactedValue(name: string, value: string): string {
  if (KEPT.has(name) || KEPT_SEC.has(name) || KEPT_PREFIXES.some((p) => name.startsWith(p))) return value;
  if (name === 'cookie') return cookieNames(value, '; ', ';');
  // Firefox joins several Set-Cookie headers into one value, separated by newlines.
  if (name === 'set-cookie') return value.split('\n').map(setCookieName).join('\n');
  return REDACTED;
}

function cookieNames(value: string, join: string, split: string): string {
  return value
    .split(split)
    .map((pair) => pair.trim())
    .filter(Boolean)
    .map((pair) => `${pair.includes('=') ? pair.slice(0, pair.indexOf('=')).trim() : ''}=${REDACTED}`)
    .join(join);
}

/** `name=value; Path=/; Secure` → `name=[redacted]; Path=/; Secure`: the attributes are policy, not identifiers. */
function setCookieName(line: string): string {
  const [pair = '', ...attributes] = line.split(';');
  return [cookieNames(pair, '', ';'), ...attributes.map((a) => a.trim())].filter(Boolean).join('; ');
}
