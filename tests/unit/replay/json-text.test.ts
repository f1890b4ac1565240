import { describe, expect, it } from 'vitest';
import { jsonStrings, jsonStringsInBytes, looksLikeJson, looksLikeJsonBytes, readJsonString, readJsonStringBytes } from '../../../lib/replay/json-text';
import { unescapeJsonLatin1, unescapeJsonUtf8 } from '../../../lib/replay/json-unescape';
import { mayDecodeRaw } from '../../../lib/replay/formats';
import { utf8 } from '../../fixtures/payloads';

/** The strings each scan finds, read back as text: the byte scan must find what the text scan finds. */
function both(json: string): [string[], string[]] {
  const text = jsonStrings(json, 8);
  const bytes = utf8(json);
  const fromBytes = jsonStringsInBytes(bytes, 8);
  // As the decoder reads them: a string that turns out shorter than the minimum, or broken, is passed over.
  const read = (ranges: number[], at: (start: number, end: number) => string | undefined) =>
    ranges.flatMap((_, i) => {
      const s = i % 2 === 0 ? at(ranges[i] ?? 0, ranges[i + 1] ?? 0) : undefined;
      return s === undefined ? [] : [s];
    });
  return [read(text, (s, e) => readJsonString(json, s, e)), read(fromBytes, (s, e) => readJsonStringBytes(bytes, s, e, 8))];
}

describe('JSON strings read from bytes', () => {
  it('finds the strings the text scan finds, wherever an escape or a space falls (before and after the first 16 bytes)', () => {
    for (let at = 0; at < 40; at++) {
      for (const insert of ['\\"', '\\\\', ' ', '\\\\\\"', 'é', '\\u00e9']) {
        const value = `${'a'.repeat(at)}${insert}${'b'.repeat(40 - at)}`;
        const ending = `${'a'.repeat(at)}${insert}`;
        const json = `{"key":"${value}","x":["${'c'.repeat(at)} d","short","${value}${value}","${ending}"],"y":"{\\"nested\\": \\"${value}\\"}"}`;
        const [fromText, fromBytes] = both(json);
        expect(fromBytes, json).toEqual(fromText);
        expect(fromText.length).toBeGreaterThan(0);
      }
    }
  });

  it('stops at an unterminated string, as the text scan does', () => {
    for (const json of ['["abcdefghij","unterminated', '["abcdefghijklmnopqrstuvwxyz\\"', '"\\', '']) expect(both(json)[1]).toEqual(both(json)[0]);
  });

  it('keeps a byte order mark that starts a string (only the text as a whole drops one)', () => {
    expect(both('["\\uFEFFabcdefghij","x"]')[1]).toEqual(['\uFEFFabcdefghij']);
    expect(both('["\uFEFFabcdefghij","x"]')).toEqual([['\uFEFFabcdefghij'], ['\uFEFFabcdefghij']]);
  });

  it('counts characters, not bytes, against the minimum length', () => {
    expect(both('["ééééé","éééééééé"]')).toEqual([['éééééééé'], ['éééééééé']]);
  });

  it('reads JSON-looking bytes as the text would read, past a byte order mark', () => {
    for (const json of [' {"a":1} ', '[1]', '"x"', '{"a":1', '\uFEFF{"a":1}', 'x{}', '{']) {
      expect(looksLikeJsonBytes(utf8(json)), json).toBe(looksLikeJson(new TextDecoder().decode(utf8(json))));
    }
  });
});

describe('JSON strings that may decode, found in one scan', () => {
  /** `mayDecodeRaw` as it was written before its table, to hold the table and the scan to it. */
  function mayDecodeRawByTests(bytes: Uint8Array, start: number, end: number): boolean {
    const first = bytes[start] ?? 0;
    if (first === 0x7b || first === 0x5b || first === 0x78 || first <= 0x20) return true;
    let lower = false;
    let upper = false;
    let alphabet = true;
    for (let i = start; i < end; i++) {
      const c = bytes[i] ?? 0;
      if (c >= 0x61 && c <= 0x7a) lower = true;
      else if (c >= 0x41 && c <= 0x5a) upper = true;
      else if (c >= 0x80 || c === 0x3d || c === 0x25 || c === 0x5c) return true;
      else if (!((c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2f || c === 0x2d || c === 0x5f || c === 0x24 || c === 0x20)) alphabet = false;
    }
    return alphabet && lower && upper;
  }

  it('keeps exactly the strings of the plain scan that mayDecodeRaw passes, whatever byte falls before or after the first 16', () => {
    const bodies: string[] = [];
    for (let at = 0; at < 24; at++) {
      for (let c = 0x20; c < 0x80; c++) {
        const ch = c === 0x22 ? '\\"' : c === 0x5c ? '\\\\' : String.fromCharCode(c);
        // 8 to 16 bytes are classed by the scan itself, longer ones after it.
        bodies.push(`${'ab'.repeat(12).slice(0, at)}${ch}${'CD'.repeat(12).slice(0, 24 - at)}`, `${'a'.repeat(at)}${ch}${'b'.repeat(20)}`);
        if (at < 16)
          bodies.push(
            `${'aB'.repeat(8).slice(0, at)}${ch}${'Cd'.repeat(8).slice(0, Math.max(0, 8 - at))}`,
            `${'a'.repeat(at)}${ch}${'b'.repeat(Math.max(0, 12 - at))}`,
          );
      }
      for (const ch of ['é', '\\u0041', '\\n']) bodies.push(`${'Ab9'.repeat(8).slice(0, at)}${ch}${'xY'.repeat(10)}`);
    }
    bodies.push('xAbcdefgh', '{abcdefgh', '[abcdefgh', 'data:image/png;base64,AbCd', 'textContent', 'timestamp');
    const json = `[${bodies.map((b) => `"${b}"`).join(',')}, "tail"]`;
    const bytes = utf8(json);
    const all = jsonStringsInBytes(bytes, 8);
    const kept: number[] = [];
    for (let i = 0; i < all.length; i += 2) if (mayDecodeRawByTests(bytes, all[i] ?? 0, all[i + 1] ?? 0)) kept.push(all[i] ?? 0, all[i + 1] ?? 0);
    expect(jsonStringsInBytes(bytes, 8, true)).toEqual(kept);
    expect(kept.length).toBeGreaterThan(200);
    expect(kept.length).toBeLessThan(all.length);
    for (let i = 0; i < all.length; i += 2)
      expect(mayDecodeRaw(bytes, all[i] ?? 0, all[i + 1] ?? 0)).toBe(mayDecodeRawByTests(bytes, all[i] ?? 0, all[i + 1] ?? 0));
  });
});

describe('JSON strings undone into bytes', () => {
  const RAWS = [
    'plain ascii',
    'caf\u00e9 and café',
    'quote \\" backslash \\\\ slash \\/ \\b\\f\\n\\r\\t',
    'pair \\ud83d\\ude00 and 😀',
    'lone \\ud83d then text',
    'lone low \\ude00',
    'bad escape \\x41',
    'short \\u12',
    'control \t raw',
    '\\u001f\\u008b\\b\\u0000ÿ',
    'latin1 ÿ but Ā is not',
    '\uFEFF at the start',
  ];

  it('gives the UTF-8 of what JSON.parse gives, or refuses', () => {
    for (const raw of RAWS) {
      const bytes = utf8(raw);
      const out = new Uint8Array(bytes.length + 3);
      const n = unescapeJsonUtf8(bytes, 0, bytes.length, out, 3);
      let parsed: string | undefined;
      try {
        parsed = JSON.parse(`"${raw}"`);
      } catch {
        parsed = undefined;
      }
      const wellFormed = parsed?.isWellFormed() === true;
      expect(n >= 0, raw).toBe(wellFormed);
      if (n >= 0) expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(out.subarray(3, 3 + n)), raw).toBe(parsed);
    }
  });

  it('gives the characters of what JSON.parse gives as latin1 bytes, or refuses', () => {
    for (const raw of RAWS) {
      const bytes = utf8(raw);
      const out = new Uint8Array(bytes.length);
      const n = unescapeJsonLatin1(bytes, 0, bytes.length, out, 0);
      let parsed: string | undefined;
      try {
        parsed = JSON.parse(`"${raw}"`);
      } catch {
        parsed = undefined;
      }
      const latin1 = parsed !== undefined && [...parsed].every((c) => (c.codePointAt(0) ?? 0) <= 0xff);
      expect(n >= 0, raw).toBe(latin1);
      if (n >= 0) expect(String.fromCharCode(...out.subarray(0, n)), raw).toBe(parsed);
    }
  });
});
