/** Cheap tests of what an encoded payload could be, from its first bytes or characters. */

export type CompressedFormat = 'gzip' | 'zlib';
export type LzVariant = 'lzstring-base64' | 'lzstring-uri' | 'lzstring-utf16';

export function compressedFormat(bytes: Uint8Array): CompressedFormat | undefined {
  const b0 = bytes[0];
  const b1 = bytes[1];
  if (b0 === undefined || b1 === undefined || bytes.length < MIN_DEFLATE) return undefined;
  if (b0 === 0x1f && b1 === 0x8b && bytes[2] === 8) return 'gzip';
  // RFC 1950: CM 8 (deflate), CINFO ≤ 7, FDICT unset, header checksum.
  if ((b0 & 0x0f) === 8 && b0 >> 4 <= 7 && (b1 & 0x20) === 0 && ((b0 << 8) | b1) % 31 === 0) return 'zlib';
  return undefined;
}

/** RFC 1951 §3.2.3–4: block type 3 is invalid, and a stored block's LEN and NLEN are complements. */
export function mayBeRawDeflate(bytes: Uint8Array): boolean {
  const b0 = bytes[0];
  if (b0 === undefined || bytes.length < MIN_DEFLATE) return false;
  const type = (b0 >> 1) & 3;
  if (type === 3) return false;
  if (type !== 0) return true;
  return ((bytes[1] ?? 0) ^ (bytes[3] ?? 0)) === 0xff && ((bytes[2] ?? 0) ^ (bytes[4] ?? 0)) === 0xff;
}

/** PostHog (`cv: "2024-10"`) and @rrweb/packer put gzip or zlib bytes in strings, one char per byte. */
export function isLatin1Compressed(text: string): boolean {
  const c0 = text.charCodeAt(0);
  const c1 = text.charCodeAt(1);
  if (text.length < MIN_DEFLATE) return false;
  if (c0 === 0x1f && c1 === 0x8b) return text.charCodeAt(2) === 8;
  return c0 === 0x78 && c1 <= 0xff && (c1 & 0x20) === 0 && ((c0 << 8) | c1) % 31 === 0;
}

/** `isLatin1Compressed` of the string whose characters are these bytes. */
export function isLatin1CompressedBytes(bytes: Uint8Array): boolean {
  const b0 = bytes[0];
  const b1 = bytes[1] ?? 0;
  if (bytes.length < MIN_DEFLATE) return false;
  if (b0 === 0x1f && b1 === 0x8b) return bytes[2] === 8;
  return b0 === 0x78 && (b1 & 0x20) === 0 && ((b0 << 8) | b1) % 31 === 0;
}

/**
 * Whether a JSON string with these raw UTF-8 contents could lead anywhere: it starts like JSON or compressed latin1,
 * holds an escape, a non-ASCII byte, `=` or `%`, or is made of the base64 and LZString alphabets with both cases.
 * Every decoder leaves anything else alone, so no string is built for it.
 */
export function mayDecodeRaw(bytes: Uint8Array, start: number, end: number): boolean {
  const first = bytes[start] ?? 0;
  if (first === 0x7b || first === 0x5b || first === 0x78 || first <= 0x20) return true;
  let seen = 0;
  for (let i = start; i < end && (seen & RAW_LEADS) === 0; i++) seen |= RAW_CLASS[bytes[i] ?? 0] ?? 0;
  return mayDecodeRawSeen(bytes[start] ?? 0, seen);
}

/** `mayDecodeRaw` from the first byte and the `RAW_CLASS` bits of all bytes or'ed together (a scan may stop at `RAW_LEADS`). */
export function mayDecodeRawSeen(first: number, seen: number): boolean {
  if (first === 0x7b || first === 0x5b || first === 0x78 || first <= 0x20 || (seen & RAW_LEADS) !== 0) return true;
  return (seen & (RAW_LOWER | RAW_UPPER | RAW_OTHER)) === (RAW_LOWER | RAW_UPPER);
}

export const RAW_LOWER = 1;
export const RAW_UPPER = 2;
/** Outside the base64 and LZString alphabets. */
export const RAW_OTHER = 4;
/** Non-ASCII, `=`, `%` or a backslash: some decoder may take the string. */
export const RAW_LEADS = 8;
/** Per byte, what `mayDecodeRaw` asks of it, as bits: one table read a byte instead of a chain of tests. */
export const RAW_CLASS = (() => {
  const table = new Uint8Array(0x100).fill(RAW_OTHER);
  for (let c = 0x61; c <= 0x7a; c++) table[c] = RAW_LOWER;
  for (let c = 0x41; c <= 0x5a; c++) table[c] = RAW_UPPER;
  for (let c = 0x30; c <= 0x39; c++) table[c] = 0;
  for (const c of [0x2b, 0x2f, 0x2d, 0x5f, 0x24, 0x20]) table[c] = 0;
  for (let c = 0x80; c <= 0xff; c++) table[c] = RAW_LEADS;
  for (const c of [0x3d, 0x25, 0x5c]) table[c] = RAW_LEADS;
  return table;
})();

/**
 * lz-string's decompressor has no output limit and LZW output can grow quadratically with its input
 * (each code may add a dictionary entry one character longer than the last), so only short inputs are
 * tried: the Leaky Forms trackers used it for URL parameters and small beacons.
 */
export function lzVariant(text: string): LzVariant | undefined {
  const n = text.length;
  const first = text.charCodeAt(0);
  if (first >= 0x100) {
    if (n > MAX_LZ_UTF16) return undefined;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x20 || c > 0x801f) return undefined;
    }
    return 'lzstring-utf16';
  }
  if (n > MAX_LZ_BASE64 || n < MIN_LZ) return undefined;
  // Both alphabets share A-Z a-z 0-9 +; without `/`, `=`, `-` or `$` the two decodings agree. Form and
  // query decoding turn `+` into a space, which lz-string's URI decoder turns back.
  // compressToBase64 pads to a multiple of 4 with up to three `=` (its own padding, not RFC 4648's).
  const variant = /^[A-Za-z0-9+ $-]+$/.test(text) ? 'lzstring-uri' : n % 4 === 0 && /^[A-Za-z0-9+/]+={0,3}$/.test(text) ? 'lzstring-base64' : undefined;
  return variant && isMixed(text) ? variant : undefined;
}

/** LZString output of a dozen characters or more mixes cases and has digits or symbols; words and ids do not. */
function isMixed(text: string): boolean {
  let lower = false;
  let upper = false;
  let other = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x61 && c <= 0x7a) lower = true;
    else if (c >= 0x41 && c <= 0x5a) upper = true;
    else other = true;
    if (lower && upper && other) return true;
  }
  return false;
}

export const MIN_DEFLATE = 4;
const MIN_LZ = 12;
const MAX_LZ_BASE64 = 16 * 1024;
const MAX_LZ_UTF16 = 6 * 1024;
