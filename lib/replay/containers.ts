import { decodeUtf8 } from './text-codecs';

/**
 * Part bodies of a `multipart/form-data` body, found from its first line (`--<boundary>`) since the
 * Content-Type header is not always at hand. `undefined` when the bytes do not start like multipart.
 */
export function splitMultipart(bytes: Uint8Array): Uint8Array[] | undefined {
  if (bytes[0] !== DASH || bytes[1] !== DASH) return undefined;
  const lineEnd = bytes.indexOf(LF);
  if (lineEnd < 3 || lineEnd > 200) return undefined;
  const boundaryEnd = bytes[lineEnd - 1] === CR ? lineEnd - 1 : lineEnd;
  const boundary = bytes.subarray(2, boundaryEnd);
  // RFC 2046 §5.1.1 bchars, minus the space (a boundary line with spaces is far more likely prose).
  for (const b of boundary) if (!BOUNDARY_CHAR.test(String.fromCharCode(b))) return undefined;
  const delimiter = new Uint8Array(boundary.length + 3);
  delimiter.set([LF, DASH, DASH]);
  delimiter.set(boundary, 3);
  const parts: Uint8Array[] = [];
  let at = lineEnd + 1;
  while (at < bytes.length) {
    const next = indexOfBytes(bytes, delimiter, at);
    const end = next === -1 ? bytes.length : next > at && bytes[next - 1] === CR ? next - 1 : next;
    const headersEnd = indexOfBytes(bytes, HEADER_END, at);
    const headersEndLf = indexOfBytes(bytes, HEADER_END_LF, at);
    const bodyStart = headersEnd !== -1 && headersEnd < end ? headersEnd + 4 : headersEndLf !== -1 && headersEndLf < end ? headersEndLf + 2 : at;
    parts.push(bytes.subarray(bodyStart, end));
    if (next === -1) break;
    at = next + delimiter.length;
    if (bytes[at] === DASH && bytes[at + 1] === DASH) break;
    const eol = bytes.indexOf(LF, at);
    if (eol === -1) break;
    at = eol + 1;
  }
  return parts;
}

/**
 * Item payloads of a Sentry envelope (https://develop.sentry.dev/sdk/data-model/envelopes/): a JSON header
 * line, then items of a JSON header line with a string `type` and an optional byte `length`, then the payload.
 * A payload that starts with a JSON line followed by more bytes (`replay_recording`: `{"segment_id":0}\n`
 * then zlib) comes back as two segments. `undefined` when the bytes are not an envelope.
 */
export function splitSentryEnvelope(bytes: Uint8Array): Uint8Array[] | undefined {
  if (bytes[0] !== BRACE) return undefined;
  // Only as far as a header line can reach: a JSON layer of megabytes without a line break is read no further.
  const headerEnd = bytes.subarray(0, MAX_HEADER_LINE + 1).indexOf(LF);
  if (headerEnd === -1) return undefined;
  const header = parseJsonObject(bytes.subarray(0, headerEnd));
  if (!header || !(Object.keys(header).length === 0 || ENVELOPE_KEYS.some((k) => k in header))) return undefined;
  const payloads: Uint8Array[] = [];
  let at = headerEnd + 1;
  while (at < bytes.length) {
    let lineEnd = bytes.indexOf(LF, at);
    if (lineEnd === -1) lineEnd = bytes.length;
    const itemHeader = parseJsonObject(bytes.subarray(at, lineEnd));
    if (!itemHeader || typeof itemHeader.type !== 'string') break;
    at = lineEnd + 1;
    const length = itemHeader.length;
    let end: number;
    if (typeof length === 'number' && Number.isInteger(length) && length >= 0) {
      end = Math.min(bytes.length, at + length);
    } else {
      end = bytes.indexOf(LF, at);
      if (end === -1) end = bytes.length;
    }
    payloads.push(...splitJsonLine(bytes.subarray(at, end)));
    at = bytes[end] === LF ? end + 1 : end;
  }
  return payloads.length > 0 ? payloads : undefined;
}

function splitJsonLine(payload: Uint8Array): Uint8Array[] {
  if (payload[0] !== BRACE) return [payload];
  const lineEnd = payload.indexOf(LF);
  if (lineEnd === -1 || lineEnd === payload.length - 1) return [payload];
  return parseJsonObject(payload.subarray(0, lineEnd)) ? [payload.subarray(0, lineEnd), payload.subarray(lineEnd + 1)] : [payload];
}

function parseJsonObject(line: Uint8Array): Record<string, unknown> | undefined {
  if (line.length > MAX_HEADER_LINE) return undefined;
  try {
    const value: unknown = JSON.parse(decodeUtf8(line));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function indexOfBytes(haystack: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0];
  if (first === undefined) return from;
  const last = haystack.length - needle.length;
  let i = haystack.indexOf(first, from);
  while (i !== -1 && i <= last) {
    let j = 1;
    while (j < needle.length && haystack[i + j] === needle[j]) j++;
    if (j === needle.length) return i;
    i = haystack.indexOf(first, i + 1);
  }
  return -1;
}

const LF = 0x0a;
const CR = 0x0d;
const DASH = 0x2d;
const BRACE = 0x7b;
const HEADER_END = new Uint8Array([CR, LF, CR, LF]);
const HEADER_END_LF = new Uint8Array([LF, LF]);
const BOUNDARY_CHAR = /[0-9A-Za-z'()+_,\-./:=?]/;
const ENVELOPE_KEYS = ['event_id', 'sent_at', 'dsn', 'sdk'];
const MAX_HEADER_LINE = 64 * 1024;
