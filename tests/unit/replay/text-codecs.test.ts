import { describe, expect, it } from 'vitest';
import { decodeBase64, decodePercent, encodeBase64, readBase64Alphabet } from '../../../lib/replay/text-codecs';

describe('readBase64Alphabet', () => {
  it('accepts base64 and base64url, padded or not', () => {
    expect(readBase64Alphabet(Buffer.from('cnryqwertyui').toString('base64'))).toBe('base64');
    expect(readBase64Alphabet('Y25y+WFi/2RlZm==')).toBe('base64');
    expect(readBase64Alphabet('Y25y-WFi_2RlZmdo')).toBe('base64url');
  });

  it('refuses single-case runs, mixed alphabets, bad padding and short strings', () => {
    expect(readBase64Alphabet('abcdefghijkl')).toBeUndefined();
    expect(readBase64Alphabet('0123456789abcdef')).toBeUndefined();
    expect(readBase64Alphabet('Y25y+WFi_2RlZmdo')).toBeUndefined();
    expect(readBase64Alphabet('Y25yeWFiY2R===')).toBeUndefined();
    expect(readBase64Alphabet('Y25yeWFiY=2R')).toBeUndefined();
    expect(readBase64Alphabet('Y25yeW')).toBeUndefined();
  });
});

describe('base64 and percent codecs', () => {
  it('round-trip bytes of every length', () => {
    for (let n = 0; n < 20; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff);
      expect(encodeBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
      expect(decodeBase64(encodeBase64(bytes))).toEqual(bytes);
    }
  });

  it('decodes like Node: both alphabets, with or without padding, and refuses any other character', () => {
    for (let n = 0; n < 40; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 151 + n * 7 + 250) & 0xff);
      const standard = Buffer.from(bytes).toString('base64');
      const url = Buffer.from(bytes).toString('base64url');
      expect(decodeBase64(standard.replace(/=+$/, ''))).toEqual(bytes);
      expect(decodeBase64(url)).toEqual(bytes);
      for (const bad of ['!', '\u00e9', '\u4e00', ' ']) {
        if (standard.length) expect(decodeBase64(standard.slice(0, -1) + bad)).toBeUndefined();
        expect(decodeBase64(bad + standard)).toBeUndefined();
      }
    }
    expect(decodeBase64('QUJD\u0141')).toBeUndefined();
  });

  it('percent-decodes without throwing on broken UTF-8', () => {
    expect(decodePercent('a%40b+c', true)).toBe('a@b c');
    expect(decodePercent('%E2%82 x %41', false)).toBe('\ufffd x A');
  });
});
