import { mayDecodeRaw, mayDecodeRawSeen, RAW_CLASS } from './formats';
import { decodeUtf8Piece } from './text-codecs';

/** Cheap reads of JSON text, without building the value; the `*Bytes` forms read UTF-8 without decoding it. */

export function looksLikeJson(text: string): boolean {
  let start = 0;
  while (start < text.length && isSpace(text.charCodeAt(start))) start++;
  let end = text.length - 1;
  while (end > start && isSpace(text.charCodeAt(end))) end--;
  return end > start && isJsonPair(text.charCodeAt(start), text.charCodeAt(end));
}

/** `looksLikeJson` of the UTF-8 text of `bytes` (the decoder drops a leading byte order mark). */
export function looksLikeJsonBytes(bytes: Uint8Array): boolean {
  let start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (start < bytes.length && isSpace(bytes[start] ?? 0)) start++;
  let end = bytes.length - 1;
  while (end > start && isSpace(bytes[end] ?? 0)) end--;
  return end > start && isJsonPair(bytes[start] ?? 0, bytes[end] ?? 0);
}

/**
 * Where the string literals of at least `minLength` characters that could hold an encoded payload are: flat
 * `[start, end, start, end, …]` ranges of their raw (escaped) contents, in order.
 * Scans quotes instead of parsing: in JSON every unescaped `"` opens or closes a string, and no object
 * has to be built. Short strings, and strings with a space that do not start like JSON or binary, are
 * skipped: base64, LZString and URL encodings have no spaces.
 */
export function jsonStrings(text: string, minLength: number): number[] {
  const ranges: number[] = [];
  let open = text.indexOf('"');
  let nextSpace = -2;
  while (open !== -1) {
    let close = text.indexOf('"', open + 1);
    while (close !== -1 && isEscaped(text, close)) close = text.indexOf('"', close + 1);
    if (close === -1) break;
    if (close - open - 1 >= minLength) {
      if (nextSpace !== -1 && nextSpace < open) nextSpace = text.indexOf(' ', open);
      if (nextSpace === -1 || nextSpace > close || isSpecial(text.charCodeAt(open + 1))) ranges.push(open + 1, close);
    }
    open = text.indexOf('"', close + 1);
  }
  return ranges;
}

/**
 * `jsonStrings` of the UTF-8 text of `bytes`, in byte offsets, with the length counted in bytes (at least the
 * characters: `readJsonStringBytes` counts those). UTF-8 never uses the bytes of `"`, `\` or a space inside another
 * character, and the decoder never joins them to one, so the same quotes are found without decoding. The first bytes
 * of a string are read in a loop (keys and ids end within them, and a call per quote would cost more than reading);
 * longer strings are finished with `indexOf`. With `decodable`, only the strings that pass `mayDecodeRaw`: the loop
 * over the first bytes also classes them, so that most strings are never read again.
 */
export function jsonStringsInBytes(bytes: Uint8Array, minLength: number, decodable = false): number[] {
  const ranges: number[] = [];
  const n = bytes.length;
  let nextSpace = -2;
  let i = 0;
  for (;;) {
    while (i < n && bytes[i] !== QUOTE) i++;
    const start = i + 1;
    const stop = Math.min(n, start + SHORT_STRING);
    let close = -1;
    let space = false;
    let seen = 0;
    for (i = start; i < stop; i++) {
      const c = bytes[i] ?? 0;
      if (c === QUOTE) {
        close = i;
        break;
      }
      seen |= RAW_CLASS[c] ?? 0;
      if (c === BACKSLASH) i++;
      else if (c === SPACE) space = true;
    }
    let long = false;
    if (close === -1) {
      long = true;
      close = i < n ? bytes.indexOf(QUOTE, i) : -1;
      // A string with one escaped quote has more (JSON sent as a string): one call per quote costs more than reading.
      if (close !== -1 && isEscapedByte(bytes, close)) close = closingQuote(bytes, close + 1);
      if (close === -1) return ranges;
      if (!space) {
        if (nextSpace !== -1 && nextSpace < start) nextSpace = bytes.indexOf(SPACE, start);
        space = nextSpace !== -1 && nextSpace < close;
      }
    }
    if (close - start >= minLength && (!space || isSpecial(bytes[start] ?? 0))) {
      if (!decodable || (long ? mayDecodeRaw(bytes, start, close) : mayDecodeRawSeen(bytes[start] ?? 0, seen))) ranges.push(start, close);
    }
    i = close + 1;
  }
}

/** The string whose raw contents are `text[start, end)`, unescaped; `undefined` when the escapes are broken. */
export function readJsonString(text: string, start: number, end: number): string | undefined {
  const raw = text.slice(start, end);
  return raw.indexOf('\\') === -1 ? raw : unescapeJson(raw);
}

/** The same from UTF-8 bytes; also `undefined` when the raw contents are shorter than `minLength` characters. */
export function readJsonStringBytes(bytes: Uint8Array, start: number, end: number, minLength: number): string | undefined {
  const raw = decodeUtf8Piece(bytes.subarray(start, end));
  if (raw.length < minLength) return undefined;
  return raw.indexOf('\\') === -1 ? raw : unescapeJson(raw);
}

/** Strings with a space are read only when they start like JSON, an escape or binary. */
function isSpecial(first: number): boolean {
  return first === 0x7b || first === 0x5b || first === 0x5c || first === 0x78 || first >= 0x80;
}

function isJsonPair(first: number, last: number): boolean {
  return (first === 0x7b && last === 0x7d) || (first === 0x5b && last === 0x5d) || (first === 0x22 && last === 0x22);
}

function isEscaped(text: string, quote: number): boolean {
  let backslashes = 0;
  for (let i = quote - 1; i >= 0 && text.charCodeAt(i) === 0x5c; i--) backslashes++;
  return backslashes % 2 === 1;
}

/** The first quote from `i` that no backslash escapes, `i` being outside any escape; -1 when there is none. */
function closingQuote(bytes: Uint8Array, i: number): number {
  const n = bytes.length;
  for (; i < n; i++) {
    const c = bytes[i];
    if (c === QUOTE) return i;
    if (c === BACKSLASH) i++;
  }
  return -1;
}

function isEscapedByte(bytes: Uint8Array, quote: number): boolean {
  let backslashes = 0;
  for (let i = quote - 1; i >= 0 && bytes[i] === BACKSLASH; i--) backslashes++;
  return backslashes % 2 === 1;
}

function unescapeJson(raw: string): string | undefined {
  try {
    const value: unknown = JSON.parse(`"${raw}"`);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const SPACE = 0x20;
const SHORT_STRING = 16;
