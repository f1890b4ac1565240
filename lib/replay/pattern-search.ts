/**
 * One pass over a text, or over its UTF-8 bytes, for many patterns at once (every canary value and every digest):
 * sampled q-grams. An occurrence of a pattern of at least `MIN_PATTERN_LENGTH` characters covers a 3-gram that
 * starts at a multiple of 4 in the text, at an offset below 4 in the pattern. So the scan reads one 3-gram per 4
 * characters, looks it up in a table of those pattern 3-grams, and verifies the few candidates; each occurrence is
 * met at exactly one sample. Matching is over a folded alphabet: ASCII letters case-folded, `+`/`-` and `/`/`_`
 * merged (one base64 pattern also finds its base64url spelling). Every character of the alphabet is ASCII, and
 * UTF-8 writes ASCII as itself and nothing else with those bytes, so bytes and text give the same matches.
 */
export interface PatternSearch {
  readonly patterns: readonly string[];
  /** Packed 3-gram `g` → its entries, `entries[heads[g]]` up to `entries[heads[g + 1]]`. */
  readonly heads: Int32Array;
  /** Flat (pattern index, offset in pattern) pairs, grouped by 3-gram. */
  readonly entries: Int32Array;
  /**
   * One bit per 3-gram, set when it has entries: most text samples are 3-grams of no pattern, and this table stays in
   * the L1 cache where `heads` (four bytes a gram) does not.
   */
  readonly used: Uint8Array;
}

export type OnMatch = (pattern: number, start: number) => void;

const STEP = 4;
const GRAM = 3;
export const MIN_PATTERN_LENGTH = STEP + GRAM - 1;

export function compilePatterns(patterns: readonly string[]): PatternSearch {
  for (const pattern of patterns) {
    if (pattern.length < MIN_PATTERN_LENGTH) throw new RangeError(`pattern shorter than ${MIN_PATTERN_LENGTH}: ${pattern}`);
    if (!isSearchable(pattern)) throw new RangeError(`pattern ${JSON.stringify(pattern)} has a character outside the search alphabet`);
  }
  const heads = new Int32Array(GRAM_COUNT + 1);
  for (const pattern of patterns) {
    for (let offset = 0; offset < STEP; offset++) {
      const next = packText(pattern, offset) + 1;
      heads[next] = (heads[next] ?? 0) + 2;
    }
  }
  for (let g = 0; g < GRAM_COUNT; g++) heads[g + 1] = (heads[g + 1] ?? 0) + (heads[g] ?? 0);
  const entries = new Int32Array(heads[GRAM_COUNT] ?? 0);
  const filled = heads.slice(0, GRAM_COUNT);
  const used = new Uint8Array((GRAM_COUNT + 7) >>> 3);
  patterns.forEach((pattern, index) => {
    for (let offset = 0; offset < STEP; offset++) {
      const gram = packText(pattern, offset);
      used[gram >>> 3] = (used[gram >>> 3] ?? 0) | (1 << (gram & 7));
      const at = filled[gram] ?? 0;
      entries[at] = index;
      entries[at + 1] = offset;
      filled[gram] = at + 2;
    }
  });
  return { patterns, heads, entries, used };
}

/** Whether every character of `pattern` is in the search alphabet (ASCII letters, digits, `+-/_@.`). */
export function isSearchable(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) if (classOf(pattern.charCodeAt(i)) === 0) return false;
  return true;
}

/** Calls `onMatch(pattern, start)` once for every occurrence of every pattern in `text` (folded comparison). */
export function searchText(search: PatternSearch, text: string, onMatch: OnMatch): void {
  const { patterns, heads, entries, used } = search;
  const n = text.length;
  for (let p = 0; p + GRAM <= n; p += STEP) {
    const c2 = classOf(text.charCodeAt(p + 2));
    if (c2 === 0) continue;
    const c1 = classOf(text.charCodeAt(p + 1));
    if (c1 === 0) continue;
    const c0 = classOf(text.charCodeAt(p));
    if (c0 === 0) continue;
    const gram = (c0 * CLASS_COUNT + c1) * CLASS_COUNT + c2;
    if ((((used[gram >>> 3] ?? 0) >>> (gram & 7)) & 1) === 0) continue;
    const last = heads[gram + 1] ?? 0;
    for (let e = heads[gram] ?? 0; e < last; e += 2) {
      const index = entries[e] ?? 0;
      const pattern = patterns[index] ?? '';
      const start = p - (entries[e + 1] ?? 0);
      if (start >= 0 && start + pattern.length <= n && isTextAt(text, start, pattern)) onMatch(index, start);
    }
  }
}

/**
 * `searchText` of the UTF-8 text of `bytes`, with byte offsets. Samples are taken where the underlying buffer is
 * 4-aligned, so that each is one 32-bit read (any phase works: an occurrence spans four sample positions).
 */
export function searchBytes(search: PatternSearch, bytes: Uint8Array, onMatch: OnMatch): void {
  const n = bytes.length;
  if (n < GRAM) return;
  const first = (STEP - (bytes.byteOffset % STEP)) % STEP;
  const samples = first > n - GRAM ? 0 : Math.floor((n - GRAM - first) / STEP) + 1;
  const room = Math.floor((bytes.buffer.byteLength - bytes.byteOffset - first) / STEP);
  const words = IS_LITTLE_ENDIAN ? Math.min(samples, room) : 0;
  const pairOf = pairTable();
  const { used } = search;
  if (words > 0) {
    const view = new Uint32Array(bytes.buffer, bytes.byteOffset + first, words);
    for (let k = 0; k < words; k++) {
      const word = view[k] ?? 0;
      const c2 = CLASS_OF[(word >>> 16) & 0xff] ?? 0;
      if (c2 === 0) continue;
      const c01 = pairOf[word & 0xffff] ?? 0;
      if (c01 === 0) continue;
      const gram = c01 * CLASS_COUNT + c2;
      if ((((used[gram >>> 3] ?? 0) >>> (gram & 7)) & 1) === 0) continue;
      verifyBytes(search, bytes, gram, first + k * STEP, onMatch);
    }
  }
  for (let p = first + words * STEP; p + GRAM <= n; p += STEP) {
    const c2 = CLASS_OF[bytes[p + 2] ?? 0] ?? 0;
    const c01 = pairOf[(bytes[p] ?? 0) | ((bytes[p + 1] ?? 0) << 8)] ?? 0;
    if (c2 !== 0 && c01 !== 0) verifyBytes(search, bytes, c01 * CLASS_COUNT + c2, p, onMatch);
  }
}

/** Whether two characters are the same in the folded alphabet (both outside it counts as different). */
export function isSameFolded(a: number, b: number): boolean {
  const ca = classOf(a);
  return ca !== 0 && ca === classOf(b);
}

export function isAlphanumeric(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a);
}

function verifyBytes(search: PatternSearch, bytes: Uint8Array, gram: number, p: number, onMatch: OnMatch): void {
  const { patterns, heads, entries } = search;
  const last = heads[gram + 1] ?? 0;
  for (let e = heads[gram] ?? 0; e < last; e += 2) {
    const index = entries[e] ?? 0;
    const pattern = patterns[index] ?? '';
    const start = p - (entries[e + 1] ?? 0);
    if (start >= 0 && start + pattern.length <= bytes.length && isBytesAt(bytes, start, pattern)) onMatch(index, start);
  }
}

function isTextAt(text: string, start: number, pattern: string): boolean {
  for (let j = 0; j < pattern.length; j++) if (!isSameFolded(text.charCodeAt(start + j), pattern.charCodeAt(j))) return false;
  return true;
}

function isBytesAt(bytes: Uint8Array, start: number, pattern: string): boolean {
  for (let j = 0; j < pattern.length; j++) if (!isSameFolded(bytes[start + j] ?? 0, pattern.charCodeAt(j))) return false;
  return true;
}

/** The folded class of a character, 0 outside the alphabet (and for NaN, read past the end of a text). */
function classOf(c: number): number {
  return c < 0x80 ? (CLASS_OF[c] ?? 0) : 0;
}

/** The 3 folded classes at `at` packed base 41; the pattern's characters are all in the alphabet. */
function packText(s: string, at: number): number {
  return (classOf(s.charCodeAt(at)) * CLASS_COUNT + classOf(s.charCodeAt(at + 1))) * CLASS_COUNT + classOf(s.charCodeAt(at + 2));
}

const CLASS_COUNT = 41;
const GRAM_COUNT = CLASS_COUNT ** GRAM;
const IS_LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
/** Indexed by byte: bytes ≥ 0x80 (and the characters they start) are outside the alphabet. */
const CLASS_OF = (() => {
  const table = new Uint8Array(0x100);
  for (let c = 0; c < 26; c++) {
    table[0x61 + c] = 1 + c;
    table[0x41 + c] = 1 + c;
  }
  for (let c = 0; c < 10; c++) table[0x30 + c] = 27 + c;
  table[0x2b] = 37;
  table[0x2d] = 37;
  table[0x2f] = 38;
  table[0x5f] = 38;
  table[0x40] = 39;
  table[0x2e] = 40;
  return table;
})();
let pairOf: Uint16Array | undefined;

/**
 * Two bytes read little-endian (`first | second << 8`) → their two classes packed, 0 when either is outside. Built on
 * first use: 65,536 entries cost milliseconds of a worker start in V8's interpreter, and most starts scan no payload.
 */
function pairTable(): Uint16Array {
  if (pairOf) return pairOf;
  const table = new Uint16Array(0x10000);
  for (let a = 0; a < 0x100; a++) {
    for (let b = 0; b < 0x100; b++) {
      const ca = CLASS_OF[a] ?? 0;
      const cb = CLASS_OF[b] ?? 0;
      if (ca !== 0 && cb !== 0) table[a | (b << 8)] = ca * CLASS_COUNT + cb;
    }
  }
  pairOf = table;
  return table;
}
