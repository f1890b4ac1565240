import { describe, expect, it } from 'vitest';
import { compilePatterns, isSameFolded, MIN_PATTERN_LENGTH, type PatternSearch, searchBytes, searchText } from '../../../lib/replay/pattern-search';
import { seeded, utf8 } from '../../fixtures/payloads';

function findInText(search: PatternSearch, text: string): [number, number][] {
  const found: [number, number][] = [];
  searchText(search, text, (pattern, start) => found.push([pattern, start]));
  return found.sort((a, b) => a[1] - b[1] || a[0] - b[0]);
}

/**
 * Byte offsets turned back into character offsets, so both searches can be compared. The bytes are read at each
 * alignment in a buffer that ends where they do, and the four answers must agree.
 */
function findInBytes(search: PatternSearch, text: string): [number, number][] {
  const encoded = utf8(text);
  const answers = [0, 1, 2, 3].map((shift) => {
    const bytes = new Uint8Array(new ArrayBuffer(shift + encoded.length), shift);
    bytes.set(encoded);
    const found: [number, number][] = [];
    searchBytes(search, bytes, (pattern, start) => found.push([pattern, new TextDecoder().decode(bytes.subarray(0, start)).length]));
    return found.sort((a, b) => a[1] - b[1] || a[0] - b[0]);
  });
  for (const answer of answers) expect(answer).toEqual(answers[0]);
  return answers[0] ?? [];
}

/** Every occurrence, by trying every pattern at every position. */
function naive(patterns: readonly string[], text: string): [number, number][] {
  const found: [number, number][] = [];
  for (let start = 0; start < text.length; start++) {
    patterns.forEach((pattern, index) => {
      if (start + pattern.length > text.length) return;
      for (let j = 0; j < pattern.length; j++) if (!isSameFolded(text.charCodeAt(start + j), pattern.charCodeAt(j))) return;
      found.push([index, start]);
    });
  }
  return found;
}

describe('pattern search', () => {
  const patterns = ['0123456789abcdef0123456789abcdef', 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldY+/', 'cnryab', 'cnryabcdefgh@example.com'];
  const search = compilePatterns(patterns);

  it('finds each occurrence once, wherever it starts, in text and in its UTF-8 bytes', () => {
    for (let shift = 0; shift < 40; shift++) {
      for (const pad of ['.', 'é', '😀']) {
        const text = `${pad.repeat(shift)}${patterns[0]}, ${patterns[1]} ${patterns[3]}`;
        const at = (pattern: number): number => text.indexOf(patterns[pattern] ?? '');
        const expected = [
          [0, at(0)],
          [1, at(1)],
          [2, at(3)],
          [3, at(3)],
        ];
        expect(findInText(search, text)).toEqual(expected);
        expect(findInBytes(search, text)).toEqual(expected);
      }
    }
  });

  it('folds case and the base64url alphabet, and nothing else', () => {
    const text = `x ${patterns[0]?.toUpperCase()} ${patterns[1]?.replace('+', '-').replace('/', '_')} CNRYAB`;
    const expected = [
      [0, 2],
      [1, 35],
      [2, 70],
    ];
    expect(findInText(search, text)).toEqual(expected);
    expect(findInBytes(search, text)).toEqual(expected);
    expect(findInText(search, patterns[0]?.replace('f', 'g') ?? '')).toEqual([]);
    expect(findInBytes(search, 'cnryaß cnry ab cnr\u0443ab')).toEqual([]);
  });

  it('agrees with trying every pattern at every position, on text made of the patterns themselves', () => {
    const random = seeded(5);
    const alphabet = ['a', 'b', 'c', 'n', 'r', 'y', 'A', 'B', '0', '1', '+', '-', '/', '_', '@', '.', ' ', '"', 'é', '€'];
    const short = ['cnryab', 'abab01', 'ab+/ab', 'BBBBBB', 'a.b@c-d_e'];
    const many = compilePatterns(short);
    for (let round = 0; round < 200; round++) {
      let text = '';
      while (text.length < 300) {
        text += random() < 0.3 ? (short[Math.floor(random() * short.length)] ?? '') : (alphabet[Math.floor(random() * alphabet.length)] ?? '');
      }
      const expected = naive(short, text).sort((a, b) => a[1] - b[1] || a[0] - b[0]);
      expect(findInText(many, text)).toEqual(expected);
      expect(findInBytes(many, text)).toEqual(expected);
    }
  });

  it('refuses patterns it could miss', () => {
    expect(() => compilePatterns(['a'.repeat(MIN_PATTERN_LENGTH - 1)])).toThrow(RangeError);
    expect(() => compilePatterns([`${'a'.repeat(MIN_PATTERN_LENGTH)} `])).toThrow(RangeError);
    expect(() => compilePatterns(['abcdeé'])).toThrow(RangeError);
  });
});
