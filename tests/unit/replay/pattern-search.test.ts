import { describe, expect, it } from 'vitest';
import { compilePatterns, MIN_PATTERN_LENGTH, searchPatterns } from '../../../lib/replay/pattern-search';

describe('searchPatterns', () => {
  const patterns = ['0123456789abcdef0123456789abcdef', 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldY+/'];
  const search = compilePatterns(patterns);
  const find = (text: string): [number, number][] => {
    const found: [number, number][] = [];
    searchPatterns(search, text, (pattern, start) => found.push([pattern, start]));
    return found;
  };

  it('finds each occurrence once, wherever it starts', () => {
    for (let shift = 0; shift < 40; shift++) {
      expect(find(`${'.'.repeat(shift)}${patterns[0]}, ${patterns[1]}`)).toEqual([
        [0, shift],
        [1, shift + 34],
      ]);
    }
  });

  it('folds case and the base64url alphabet, and nothing else', () => {
    expect(find(`x ${patterns[0]?.toUpperCase()} ${patterns[1]?.replace('+', '-').replace('/', '_')}`)).toEqual([
      [0, 2],
      [1, 35],
    ]);
    expect(find(patterns[0]?.replace('f', 'g') ?? '')).toEqual([]);
  });

  it('refuses patterns it could miss', () => {
    expect(() => compilePatterns(['a'.repeat(MIN_PATTERN_LENGTH - 1)])).toThrow(RangeError);
    expect(() => compilePatterns([`${'a'.repeat(MIN_PATTERN_LENGTH)} `])).toThrow(RangeError);
  });
});
