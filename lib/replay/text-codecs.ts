export type Base64Alphabet = 'base64' | 'base64url';

/**
 * Strict base64 detection: only the alphabet, `=` padding only at the end and only to a multiple of 4,
 * no impossible length, and both letter cases. Single-case runs are words, hex or ids, not base64;
 * a random base64 string of 8+ characters is single-case well under 1% of the time.
 */
export function readBase64Alphabet(s: string, minLength = 8): Base64Alphabet | undefined {
  const n = s.length;
  if (n < minLength) return undefined;
  let end = n;
  while (end > 0 && s.charCodeAt(end - 1) === 0x3d) end--;
  const padding = n - end;
  if (padding > 2 || (padding > 0 && n % 4 !== 0) || end % 4 === 1) return undefined;
  let seen = 0;
  for (let i = 0; i < end; i++) {
    const c = s.charCodeAt(i);
    const k = c < 0x80 ? (BASE64_CLASS[c] ?? B64_OTHER) : B64_OTHER;
    if (k === B64_OTHER) return undefined;
    seen |= k;
  }
  if ((seen & (B64_LOWER | B64_UPPER)) !== (B64_LOWER | B64_UPPER) || (seen & (B64_STANDARD | B64_URL)) === (B64_STANDARD | B64_URL)) return undefined;
  return (seen & B64_URL) !== 0 ? 'base64url' : 'base64';
}

/** Decodes either base64 alphabet, padded or not; `undefined` on any other character. Four characters per step. */
export function decodeBase64(s: string): Uint8Array | undefined {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 0x3d) end--;
  const out = new Uint8Array(Math.floor((end * 3) / 4));
  const full = end - (end % 4);
  let at = 0;
  for (let i = 0; i < full; i += 4) {
    const a = sextet(s.charCodeAt(i));
    const b = sextet(s.charCodeAt(i + 1));
    const c = sextet(s.charCodeAt(i + 2));
    const d = sextet(s.charCodeAt(i + 3));
    if ((a | b | c | d) > 63) return undefined;
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    out[at] = n >> 16;
    out[at + 1] = (n >> 8) & 0xff;
    out[at + 2] = n & 0xff;
    at += 3;
  }
  const rest = end - full;
  if (rest > 0) {
    const a = sextet(s.charCodeAt(full));
    const b = rest > 1 ? sextet(s.charCodeAt(full + 1)) : 0;
    const c = rest > 2 ? sextet(s.charCodeAt(full + 2)) : 0;
    if ((a | b | c) > 63) return undefined;
    if (rest > 1) out[at++] = (a << 2) | (b >> 4);
    if (rest > 2) out[at++] = ((b & 0x0f) << 4) | (c >> 2);
  }
  return at === out.length ? out : out.subarray(0, at);
}

/** The 6-bit value of a base64 or base64url character; 255 for any other character. */
function sextet(c: number): number {
  return c < 128 ? (BASE64_VALUES[c] ?? 255) : 255;
}

export function encodeBase64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += base64Char(n >> 18) + base64Char(n >> 12) + base64Char(n >> 6) + base64Char(n);
  }
  const rest = bytes.length - i;
  if (rest > 0) {
    const n = ((bytes[i] ?? 0) << 16) | (rest > 1 ? (bytes[i + 1] ?? 0) << 8 : 0);
    out += base64Char(n >> 18) + base64Char(n >> 12) + (rest > 1 ? `${base64Char(n >> 6)}=` : '==');
  }
  return out;
}

export function encodeHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += (b < 16 ? '0' : '') + b.toString(16);
  return out;
}

/** Percent-decoding that never throws: sequences that are not valid UTF-8 become U+FFFD. */
export function decodePercent(s: string, plusIsSpace: boolean): string {
  const text = plusIsSpace ? s.replace(/\+/g, ' ') : s;
  if (text.indexOf('%') === -1) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => {
      const bytes = new Uint8Array(run.length / 3);
      for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(run.slice(i * 3 + 1, i * 3 + 3), 16);
      return decodeUtf8(bytes);
    });
  }
}

export function hasPercentEscape(s: string): boolean {
  return s.indexOf('%') !== -1 && /%[0-9a-fA-F]{2}/.test(s);
}

/** A JS "binary string" (one char per byte, as fflate `strFromU8(x, true)` makes) back to bytes. */
export function latin1ToBytes(s: string): Uint8Array | undefined {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0xff) return undefined;
    out[i] = c;
  }
  return out;
}

export function decodeUtf8(bytes: Uint8Array): string {
  return UTF8.decode(bytes);
}

/** `decodeUtf8` of a piece cut from the middle of a text: a byte order mark there is a character, kept. */
export function decodeUtf8Piece(bytes: Uint8Array): string {
  return UTF8_PIECE.decode(bytes);
}

export function encodeUtf8(s: string): Uint8Array<ArrayBuffer> {
  return UTF8_ENCODER.encode(s);
}

/**
 * Whether a string reads as text: few control characters, replacement characters or lone surrogates
 * in its first `sample` characters. `asciiShare` additionally asks for that share of printable ASCII.
 */
export function isMostlyText(s: string, asciiShare = 0, sample = 2048): boolean {
  const n = Math.min(s.length, sample);
  if (n === 0) return false;
  let bad = 0;
  let ascii = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f) ascii++;
    else if (c === 0x09 || c === 0x0a || c === 0x0d) ascii++;
    else if (c < 0x20 || (c >= 0x7f && c < 0xa0) || c === 0xfffd || (c >= 0xd800 && c < 0xe000)) bad++;
  }
  return bad <= n * 0.05 && ascii >= n * asciiShare;
}

function base64Char(sextet: number): string {
  return BASE64_CHARS.charAt(sextet & 63);
}

const BASE64_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_VALUES = (() => {
  const table = new Uint8Array(128).fill(255);
  for (let i = 0; i < 64; i++) table[BASE64_CHARS.charCodeAt(i)] = i;
  table[0x2d] = 62;
  table[0x5f] = 63;
  return table;
})();
const B64_LOWER = 1;
const B64_UPPER = 2;
const B64_STANDARD = 4;
const B64_URL = 8;
const B64_OTHER = 16;
/** What `readBase64Alphabet` asks of an ASCII character, as bits (digits 0): one table read a character. */
const BASE64_CLASS = (() => {
  const table = new Uint8Array(0x80).fill(B64_OTHER);
  for (let c = 0; c < 26; c++) {
    table[0x61 + c] = B64_LOWER;
    table[0x41 + c] = B64_UPPER;
  }
  for (let c = 0x30; c <= 0x39; c++) table[c] = 0;
  table[0x2b] = B64_STANDARD;
  table[0x2f] = B64_STANDARD;
  table[0x2d] = B64_URL;
  table[0x5f] = B64_URL;
  return table;
})();
const UTF8 = new TextDecoder();
const UTF8_PIECE = new TextDecoder('utf-8', { ignoreBOM: true });
const UTF8_ENCODER = new TextEncoder();
