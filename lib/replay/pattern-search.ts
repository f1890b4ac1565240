/**
 * Multi-pattern search for long patterns (digests) by sampled q-grams: every occurrence of a pattern of
 * at least `MIN_PATTERN_LENGTH` characters covers a 4-gram that starts at a multiple of 16 in the text,
 * at an offset below 16 in the pattern. So the scan looks up one 4-gram per 16 characters in a table of
 * those pattern 4-grams and verifies the few candidates. Matching is over a folded alphabet: ASCII letters
 * case-folded, `+`/`-` and `/`/`_` merged (one base64 pattern also finds its base64url spelling).
 */
export interface PatternSearch {
  readonly patterns: readonly string[];
  /** Packed 4-gram → flat list of (pattern index, offset in pattern) pairs. */
  readonly seeds: ReadonlyMap<number, readonly number[]>;
}

const STEP = 16;
const GRAM = 4;
export const MIN_PATTERN_LENGTH = STEP + GRAM - 1;

export function compilePatterns(patterns: readonly string[]): PatternSearch {
  const seeds = new Map<number, number[]>();
  patterns.forEach((pattern, index) => {
    if (pattern.length < MIN_PATTERN_LENGTH) throw new RangeError(`pattern shorter than ${MIN_PATTERN_LENGTH}: ${pattern}`);
    for (let i = 0; i < pattern.length; i++) {
      if ((CLASS_OF[pattern.charCodeAt(i)] ?? 0) === 0) throw new RangeError(`pattern ${JSON.stringify(pattern)} has a character outside the search alphabet`);
    }
    for (let offset = 0; offset < STEP; offset++) {
      const gram = packGram(pattern, offset);
      const list = seeds.get(gram);
      if (list) list.push(index, offset);
      else seeds.set(gram, [index, offset]);
    }
  });
  return { patterns, seeds };
}

/** Calls `onMatch(pattern, start)` once for every occurrence of every pattern in `text` (folded comparison). */
export function searchPatterns(search: PatternSearch, text: string, onMatch: (pattern: number, start: number) => void): void {
  const { patterns, seeds } = search;
  const n = text.length;
  for (let p = 0; p + GRAM <= n; p += STEP) {
    const gram = packGram(text, p);
    if (gram < 0) continue;
    const candidates = seeds.get(gram);
    if (candidates === undefined) continue;
    for (let i = 0; i < candidates.length; i += 2) {
      const start = p - (candidates[i + 1] ?? 0);
      const pattern = patterns[candidates[i] ?? 0] ?? '';
      if (start >= 0 && start + pattern.length <= n && isFoldedAt(text, start, pattern)) onMatch(candidates[i] ?? 0, start);
    }
  }
}

/** Whether two characters are the same in the folded alphabet (both outside it counts as different). */
export function isSameFolded(a: number, b: number): boolean {
  const ca = CLASS_OF[a] ?? 0;
  return ca !== 0 && ca === (CLASS_OF[b] ?? 0);
}

export function isAlphanumeric(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a);
}

function isFoldedAt(text: string, start: number, pattern: string): boolean {
  for (let j = 0; j < pattern.length; j++) if (!isSameFolded(text.charCodeAt(start + j), pattern.charCodeAt(j))) return false;
  return true;
}

/** The 4 folded classes at `at` packed base 41, or -1 when one is outside the alphabet. */
function packGram(s: string, at: number): number {
  const c0 = CLASS_OF[s.charCodeAt(at)] ?? 0;
  const c1 = CLASS_OF[s.charCodeAt(at + 1)] ?? 0;
  const c2 = CLASS_OF[s.charCodeAt(at + 2)] ?? 0;
  const c3 = CLASS_OF[s.charCodeAt(at + 3)] ?? 0;
  if (c0 === 0 || c1 === 0 || c2 === 0 || c3 === 0) return -1;
  return ((c0 * CLASS_COUNT + c1) * CLASS_COUNT + c2) * CLASS_COUNT + c3;
}

const CLASS_COUNT = 41;
const CLASS_OF = (() => {
  const table = new Uint8Array(0x10000);
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
