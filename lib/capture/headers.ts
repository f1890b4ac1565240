import type { Header } from '../model';

const MAX_HEADERS = 100;
const MAX_NAME = 256;
const MAX_VALUE = 8192;
/** Per request and direction; browsers accept far larger headers, a page must not fill the store through them. */
const MAX_TOTAL = 32 * 1024;
const MAX_STATUS_LINE = 256;

/**
 * webRequest's header list → plain headers, bounded: at most 100, names and values cut, 32 kB in all. A header the
 * browser gives only as `binaryValue` is kept as Latin-1 text, as HTTP/1.1 treats field bytes (RFC 9110 §5.5).
 */
export function captureHeaders(raw: readonly { name?: unknown; value?: unknown; binaryValue?: unknown }[] | undefined): Header[] | undefined {
  if (!Array.isArray(raw)) return undefined;
  const headers: Header[] = [];
  let total = 0;
  for (const h of raw) {
    if (headers.length >= MAX_HEADERS || total >= MAX_TOTAL) break;
    if (typeof h?.name !== 'string') continue;
    const name = h.name.slice(0, MAX_NAME);
    const value = (typeof h.value === 'string' ? h.value : latin1(h.binaryValue)).slice(0, Math.min(MAX_VALUE, MAX_TOTAL - total - name.length));
    total += name.length + value.length;
    headers.push({ name, value });
  }
  return headers;
}

export function captureStatusLine(line: unknown): string | undefined {
  return typeof line === 'string' && line ? line.slice(0, MAX_STATUS_LINE) : undefined;
}

function latin1(bytes: unknown): string {
  const list =
    bytes instanceof ArrayBuffer ? new Uint8Array(bytes, 0, Math.min(bytes.byteLength, MAX_VALUE)) : Array.isArray(bytes) ? bytes.slice(0, MAX_VALUE) : [];
  let text = '';
  for (const b of list) text += String.fromCharCode(typeof b === 'number' ? b & 0xff : 0);
  return text;
}
