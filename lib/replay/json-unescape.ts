/**
 * JSON string literals undone straight from their raw UTF-8 bytes into bytes, without building a string: the
 * UTF-8 of the string (JSON sent as a string in JSON), or its characters as latin1 bytes (compressed bytes sent as
 * a "binary string"). Each gives what `JSON.parse` followed by encoding would, or `undefined` where `JSON.parse`
 * would refuse the literal or the result has no such bytes; the caller then reads the string the ordinary way.
 */

/**
 * Writes the UTF-8 of the string whose raw contents are `bytes[start, end)` into `out` at `at`, and returns how
 * many bytes it wrote (never more than `end - start`), or -1. Bytes that are not valid UTF-8 are copied: they
 * decode as they would have in the raw text, since an escape never writes a continuation byte first. A lone
 * surrogate has no UTF-8, so it gives -1.
 */
export function unescapeJsonUtf8(bytes: Uint8Array, start: number, end: number, out: Uint8Array, at: number): number {
  let o = at;
  for (let i = start; i < end; i++) {
    const c = bytes[i] ?? 0;
    if (c < 0x20) return -1;
    if (c !== BACKSLASH) {
      out[o++] = c;
      continue;
    }
    // JSON sent as a string escapes every quote in it: the two-character escapes are undone here, without a call.
    const simple = i + 1 < end ? (SIMPLE_ESCAPES[bytes[i + 1] ?? 0] ?? -1) : -1;
    if (simple >= 0) {
      out[o++] = simple;
      i++;
      continue;
    }
    const code = readEscape(bytes, i, end);
    if (code < 0) return -1;
    i += code > 0xffff ? 11 : (bytes[i + 1] ?? 0) === U ? 5 : 1;
    if (code >= 0xd800 && code < 0xe000) return -1;
    o = writeUtf8(out, o, code);
  }
  return o - at;
}

/** The same string as one byte per character into `out` at `at`; -1 when a character is above U+00FF. */
export function unescapeJsonLatin1(bytes: Uint8Array, start: number, end: number, out: Uint8Array, at: number): number {
  let o = at;
  for (let i = start; i < end; i++) {
    const c = bytes[i] ?? 0;
    if (c < 0x20) return -1;
    if (c === BACKSLASH) {
      // Binary strings are mostly `\u00XX` escapes (JSON.stringify writes the C0 controls so): read straight off.
      if (bytes[i + 1] === U && bytes[i + 2] === ZERO && bytes[i + 3] === ZERO && i + 5 < end) {
        const high = HEX[bytes[i + 4] ?? 0] ?? 0xff;
        const low = HEX[bytes[i + 5] ?? 0] ?? 0xff;
        if ((high | low) !== 0xff) {
          out[o++] = (high << 4) | low;
          i += 5;
          continue;
        }
      }
      const code = readEscape(bytes, i, end);
      if (code < 0 || code > 0xff) return -1;
      i += (bytes[i + 1] ?? 0) === U ? 5 : 1;
      out[o++] = code;
    } else if (c < 0x80) {
      out[o++] = c;
    } else {
      // U+0080–U+00FF are C2 80–C3 BF; anything else is a character above U+00FF, or not UTF-8.
      const next = bytes[i + 1] ?? 0;
      if ((c !== 0xc2 && c !== 0xc3) || (next & 0xc0) !== 0x80 || i + 1 >= end) return -1;
      out[o++] = ((c & 0x1f) << 6) | (next & 0x3f);
      i++;
    }
  }
  return o - at;
}

/**
 * The code point of the escape at `bytes[i]` (a backslash), a surrogate pair's combined; -1 when JSON has no such
 * escape. A surrogate alone comes back as itself.
 */
function readEscape(bytes: Uint8Array, i: number, end: number): number {
  if (i + 1 >= end) return -1;
  const e = bytes[i + 1] ?? 0;
  if (e !== U) return SIMPLE_ESCAPES[e] ?? -1;
  const unit = readHex4(bytes, i + 2, end);
  if (unit < 0xd800 || unit >= 0xdc00) return unit;
  if (bytes[i + 6] !== BACKSLASH || bytes[i + 7] !== U) return unit;
  const low = readHex4(bytes, i + 8, end);
  return low >= 0xdc00 && low < 0xe000 ? 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00) : unit;
}

function readHex4(bytes: Uint8Array, from: number, end: number): number {
  if (from + 4 > end) return -1;
  let value = 0;
  for (let k = from; k < from + 4; k++) {
    const digit = HEX[bytes[k] ?? 0] ?? 0xff;
    if (digit === 0xff) return -1;
    value = (value << 4) | digit;
  }
  return value;
}

function writeUtf8(out: Uint8Array, o: number, cp: number): number {
  if (cp < 0x80) {
    out[o] = cp;
    return o + 1;
  }
  if (cp < 0x800) {
    out[o] = 0xc0 | (cp >> 6);
    out[o + 1] = 0x80 | (cp & 0x3f);
    return o + 2;
  }
  if (cp < 0x10000) {
    out[o] = 0xe0 | (cp >> 12);
    out[o + 1] = 0x80 | ((cp >> 6) & 0x3f);
    out[o + 2] = 0x80 | (cp & 0x3f);
    return o + 3;
  }
  out[o] = 0xf0 | (cp >> 18);
  out[o + 1] = 0x80 | ((cp >> 12) & 0x3f);
  out[o + 2] = 0x80 | ((cp >> 6) & 0x3f);
  out[o + 3] = 0x80 | (cp & 0x3f);
  return o + 4;
}

const BACKSLASH = 0x5c;
const U = 0x75;
const ZERO = 0x30;
/** RFC 8259 §7: the two-character escapes, by the byte after the backslash; -1 for any other. */
const SIMPLE_ESCAPES = (() => {
  const table = new Int16Array(0x100).fill(-1);
  for (const [e, code] of [
    [0x22, 0x22],
    [0x5c, 0x5c],
    [0x2f, 0x2f],
    [0x62, 0x08],
    [0x66, 0x0c],
    [0x6e, 0x0a],
    [0x72, 0x0d],
    [0x74, 0x09],
  ] as const)
    table[e] = code;
  return table;
})();
const HEX = (() => {
  const table = new Uint8Array(0x100).fill(0xff);
  for (let d = 0; d < 10; d++) table[0x30 + d] = d;
  for (let d = 0; d < 6; d++) {
    table[0x41 + d] = 10 + d;
    table[0x61 + d] = 10 + d;
  }
  return table;
})();
