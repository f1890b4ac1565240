import { deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type InflateFormat, type InflateResult, inflateCapped, inflateStreaming } from '../../../lib/replay/inflate';
import { inflateNative, isNativeInflateAvailable } from '../../../lib/replay/inflate-native';
import { concatBytes, seeded, utf8 } from '../../fixtures/payloads';

const COMPRESS: Record<InflateFormat, (bytes: Uint8Array) => Uint8Array> = {
  gzip: (b) => new Uint8Array(gzipSync(b)),
  zlib: (b) => new Uint8Array(deflateSync(b)),
  deflate: (b) => new Uint8Array(deflateRawSync(b)),
};
const FORMATS = Object.keys(COMPRESS) as InflateFormat[];
const LIMIT = 8 * 1024 * 1024;

/** Words in a random order: about 4:1 under deflate, so 400 KB of it makes a stream well past the native threshold. */
function wordSoup(length: number, seed: number): Uint8Array {
  const random = seeded(seed);
  const words = ['cnry', 'session', 'replay', 'field', 'value', 'mask', 'input', 'text', 'node', 'event', '{"a":1}', '0123'];
  let text = '';
  while (text.length < length) text += `${words[Math.floor(random() * words.length)]} `;
  return utf8(text.slice(0, length));
}

/** Damaged versions of a stream: what a hostile page or a cut upload sends. */
function damaged(stream: Uint8Array, format: InflateFormat): [string, Uint8Array][] {
  const flipped = stream.slice();
  for (let i = Math.floor(stream.length / 2); i < Math.floor(stream.length / 2) + 8; i++) flipped[i] = (flipped[i] ?? 0) ^ 0x5a;
  const badTrailer = stream.slice();
  badTrailer[badTrailer.length - 1] = (badTrailer.at(-1) ?? 0) ^ 1;
  const cases: [string, Uint8Array][] = [
    ['whole', stream],
    ['cut in half', stream.subarray(0, Math.floor(stream.length / 2))],
    ['cut before the trailer', stream.subarray(0, stream.length - 4)],
    ['flipped in the middle', flipped],
    ['with a bad trailer', badTrailer],
    ['followed by junk', concatBytes(stream, 'junk after the end')],
  ];
  if (format === 'gzip') cases.push(['two members', concatBytes(stream, stream)]);
  return cases;
}

function summary(result: InflateResult): { length: number; capped: boolean; error?: string; head: string } {
  return {
    length: result.bytes.length,
    capped: result.capped,
    ...(result.error && { error: result.error }),
    head: new TextDecoder().decode(result.bytes.subarray(0, 64)),
  };
}

describe('inflation', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('has DecompressionStream for every format here (Node 22), so the native path below is the one tested', () => {
    for (const format of FORMATS) expect(isNativeInflateAvailable(format)).toBe(true);
  });

  it.each(FORMATS)('gives the same bytes, caps and faults natively, in one call and streaming (%s)', async (format) => {
    for (const [size, seed] of [
      [3_000, 1],
      [400_000, 2],
    ] as const) {
      const plain = wordSoup(size, seed);
      for (const [what, input] of damaged(COMPRESS[format](plain), format)) {
        const streaming = inflateStreaming(input, format, LIMIT);
        expect(summary(inflateCapped(input, format, LIMIT)), `${what}, ${size} bytes, one call`).toEqual(summary(streaming));
        expect(summary(await inflateNative(input, format, LIMIT)), `${what}, ${size} bytes, native`).toEqual(summary(streaming));
        const bytes = (await inflateNative(input, format, LIMIT)).bytes;
        expect(Buffer.compare(bytes, streaming.bytes), what).toBe(0);
        if (what === 'whole') expect(Buffer.compare(bytes, plain)).toBe(0);
      }
    }
  });

  it.each(FORMATS)('stops at the limit and says so, keeping exactly the first bytes (%s)', async (format) => {
    const plain = wordSoup(400_000, 3);
    const input = COMPRESS[format](plain);
    for (const limit of [1, 65_536, 399_999]) {
      for (const result of [inflateCapped(input, format, limit), await inflateNative(input, format, limit)]) {
        expect(result.capped).toBe(true);
        expect(Buffer.compare(result.bytes, plain.subarray(0, limit))).toBe(0);
      }
    }
    const exact = await inflateNative(input, format, 400_000);
    expect([exact.capped, exact.bytes.length]).toEqual([false, 400_000]);
  });

  it('ends a 1 GiB bomb at the limit natively, in time', async () => {
    // 1 MiB of zeros, full-flushed so that the compressed block can be repeated: ~1 KB per MiB.
    const block = new Uint8Array(deflateRawSync(Buffer.alloc(1024 * 1024), { level: 9, finishFlush: 3 }));
    const parts = [new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 0xff]), ...Array.from({ length: 1024 }, () => block), new Uint8Array([3, 0])];
    const bomb = concatBytes(...parts, new Uint8Array(8));
    const started = performance.now();
    const result = await inflateNative(bomb, 'gzip', LIMIT);
    expect(performance.now() - started).toBeLessThan(5000);
    expect([result.capped, result.bytes.length, result.bytes.some((b) => b !== 0)]).toEqual([true, LIMIT, false]);
  });

  it('keeps one call only when the stream ends where its trailer says (a lying ISIZE or a second member goes streaming)', () => {
    const plain = wordSoup(3_000, 4);
    const stream = COMPRESS.gzip(plain);
    const lying = stream.slice();
    lying.set([0x10, 0, 0, 0], lying.length - 4);
    const twice = concatBytes(stream, stream);
    for (const input of [lying, twice]) expect(summary(inflateCapped(input, 'gzip', LIMIT))).toEqual(summary(inflateStreaming(input, 'gzip', LIMIT)));
    expect(inflateCapped(twice, 'gzip', LIMIT).bytes.length).toBe(6_000);
  });

  it('falls back to fflate where there is no DecompressionStream, or none for a format', async () => {
    const input = COMPRESS.deflate(wordSoup(400_000, 5));
    const expected = summary(inflateStreaming(input, 'deflate', LIMIT));
    const Native = globalThis.DecompressionStream;
    vi.stubGlobal('DecompressionStream', undefined);
    expect(isNativeInflateAvailable('gzip')).toBe(false);
    expect(summary(await inflateNative(input, 'deflate', LIMIT))).toEqual(expected);
    vi.unstubAllGlobals();
    vi.stubGlobal(
      'DecompressionStream',
      class extends Native {
        constructor(format: CompressionFormat) {
          if (format === 'deflate-raw') throw new TypeError('Unsupported compression format');
          super(format);
        }
      },
    );
    expect(isNativeInflateAvailable('gzip')).toBe(true);
    expect(isNativeInflateAvailable('deflate')).toBe(false);
    expect(summary(await inflateNative(input, 'deflate', LIMIT))).toEqual(expected);
  });
});
