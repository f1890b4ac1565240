import { deflateSync, gzipSync, strFromU8, zlibSync } from 'fflate';
import fc from 'fast-check';
import { compressToBase64, compressToEncodedURIComponent } from 'lz-string';
import { describe, expect, it } from 'vitest';
import { decodePayload, decodeText, decodeUrl } from '../../lib/replay/decode';
import { DECODE_STEPS, type DecodedLayer, type DecodeOptions } from '../../lib/replay/decoded-layer';
import { type InflateFormat, inflateStreaming } from '../../lib/replay/inflate';
import { inflateNative } from '../../lib/replay/inflate-native';
import { concatBytes, utf8 } from '../fixtures/payloads';
import { check, checkAsync, FUZZ_TIMEOUT, mutated, withinTime } from './fuzz';

/** The steps that do not count towards `maxDepth` (lib/replay/decode.ts): reading JSON and the strings in it. */
const FREE_STEPS = new Set(['json', 'string']);

/** A payload being built, outermost encoding last: text, or bytes (compressed, or text-like, or neither). */
type Payload =
  /** `latin1`: a "binary string", one character per byte, which `btoa` encodes byte for byte. */
  | { kind: 'text'; text: string; ascii: boolean; latin1?: boolean }
  /** `container`: a multipart body or an envelope, which are read as bodies, never inside a string or another container. */
  | { kind: 'bytes'; bytes: Uint8Array; compressed: 'gzip' | 'zlib' | 'deflate' | false; textual: boolean; container?: boolean };

const ENCODINGS = [
  'gzip',
  'zlib',
  'deflate',
  'base64',
  'base64url',
  'latin1',
  'json',
  'form',
  'url',
  'lzstring-base64',
  'lzstring-uri',
  'multipart',
  'sentry-envelope',
] as const;
type Encoding = (typeof ENCODINGS)[number];

const bytesOf = (p: Payload) => (p.kind === 'bytes' ? p.bytes : utf8(p.text));
const isTextual = (p: Payload) => (p.kind === 'text' ? !p.latin1 : p.textual);
const base64 = (bytes: Uint8Array, url: boolean) => {
  const text = Buffer.from(bytes).toString('base64');
  return url ? text.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '') : text;
};

/**
 * One encoding as trackers apply it, or undefined when it does not apply to this payload (base64 of bytes that are
 * neither compressed nor text, latin1 of text, LZString of non-ASCII or long text: the decoder does not look for those).
 */
function encode(p: Payload, encoding: Encoding, boundary: string): Payload | undefined {
  switch (encoding) {
    case 'gzip':
      return { kind: 'bytes', bytes: gzipSync(bytesOf(p)), compressed: 'gzip', textual: false };
    case 'zlib':
      return { kind: 'bytes', bytes: zlibSync(bytesOf(p)), compressed: 'zlib', textual: false };
    case 'deflate':
      // Raw deflate has no header: its output is followed only when it is compressed or text.
      return isTextual(p) || (p.kind === 'bytes' && (p.compressed === 'gzip' || p.compressed === 'zlib'))
        ? { kind: 'bytes', bytes: deflateSync(bytesOf(p)), compressed: 'deflate', textual: false }
        : undefined;
    case 'base64':
    case 'base64url':
      // Decoded base64 is followed only when it is compressed or text.
      return p.kind === 'bytes' && p.compressed !== 'gzip' && p.compressed !== 'zlib' && !p.textual
        ? undefined
        : {
            kind: 'text',
            text: base64(p.kind === 'text' && p.latin1 ? Uint8Array.from(p.text, (c) => c.charCodeAt(0)) : bytesOf(p), encoding === 'base64url'),
            ascii: true,
          };
    case 'latin1':
      return p.kind === 'bytes' && (p.compressed === 'gzip' || p.compressed === 'zlib')
        ? { kind: 'text', text: strFromU8(p.bytes, true), ascii: false, latin1: true }
        : undefined;
    case 'json':
      return p.kind === 'text' ? { kind: 'text', text: JSON.stringify({ type: 3, data: p.text }), ascii: p.ascii } : undefined;
    case 'form':
      return p.kind === 'text' ? { kind: 'text', text: `v=1&d=${encodeURIComponent(p.text)}&t=2`, ascii: true } : undefined;
    case 'url':
      return p.kind === 'text' ? { kind: 'text', text: encodeURIComponent(p.text), ascii: true } : undefined;
    case 'lzstring-base64':
    case 'lzstring-uri':
      if (p.kind !== 'text' || !p.ascii || p.text.length > 2_000) return undefined;
      return { kind: 'text', text: encoding === 'lzstring-base64' ? compressToBase64(p.text) : compressToEncodedURIComponent(p.text), ascii: true };
    case 'multipart':
      return p.kind === 'bytes' && p.container
        ? undefined
        : {
            kind: 'bytes',
            bytes: concatBytes(`--${boundary}\r\nContent-Disposition: form-data; name="segment"\r\n\r\n`, bytesOf(p), `\r\n--${boundary}--\r\n`),
            compressed: false,
            textual: isTextual(p),
            container: true,
          };
    case 'sentry-envelope': {
      const body = bytesOf(p);
      return p.kind === 'bytes' && p.container
        ? undefined
        : {
            kind: 'bytes',
            bytes: concatBytes(
              `${JSON.stringify({ event_id: 'e'.repeat(32), sent_at: '2026-01-01T00:00:00.000Z' })}\n`,
              `${JSON.stringify({ type: 'replay_recording', length: body.length })}\n`,
              body,
            ),
            compressed: false,
            textual: isTextual(p),
            container: true,
          };
    }
  }
}

const canary = fc.stringMatching(/^[a-z0-9]{10}$/).map((id) => `cnry${id}@example.com`);
const encoded = fc
  .record({
    canary,
    padding: fc.string({ maxLength: 200 }),
    encodings: fc.array(fc.constantFrom(...ENCODINGS), { maxLength: 4 }),
    boundary: fc.stringMatching(/^-{0,4}[A-Za-z0-9]{8,30}$/),
  })
  .map(({ canary, padding, encodings, boundary }) => {
    let payload: Payload = { kind: 'text', text: JSON.stringify([{ type: 3, data: { source: 5, text: canary, id: 42 }, pad: padding }]), ascii: false };
    const applied: Encoding[] = [];
    for (const encoding of encodings) {
      const next = encode(payload, encoding, boundary);
      if (next) (payload = next), applied.push(encoding);
    }
    return { canary, payload, applied };
  });

/** Small budgets, so the caps are reached by inputs a property can afford to generate. */
const options: fc.Arbitrary<Required<DecodeOptions>> = fc.record({
  maxDepth: fc.integer({ min: 1, max: 6 }),
  maxTotalBytes: fc.integer({ min: 1_024, max: 256 * 1024 }),
  maxLayerBytes: fc.integer({ min: 512, max: 128 * 1024 }),
});

/** Damage at the byte level: bits flipped, bytes cut, repeated or inserted (a truncated or corrupt stream, a zip of zeros). */
const damaged = fc
  .tuple(
    encoded,
    fc.array(
      fc.oneof(
        fc.record({ op: fc.constant('flip' as const), at: fc.nat(), bit: fc.nat(7) }),
        fc.record({ op: fc.constant('cut' as const), at: fc.nat() }),
        fc.record({ op: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ maxLength: 16 }) }),
      ),
      { maxLength: 4 },
    ),
  )
  .map(([{ payload }, ops]) => {
    let bytes = bytesOf(payload);
    for (const op of ops) {
      const at = op.at % (bytes.length + 1);
      if (op.op === 'flip') (bytes = bytes.slice()), at < bytes.length && (bytes[at] = (bytes[at] ?? 0) ^ (1 << op.bit));
      else if (op.op === 'cut') bytes = bytes.subarray(0, at);
      else bytes = concatBytes(bytes.subarray(0, at), op.bytes, bytes.subarray(at));
    }
    return bytes;
  });
const zeros = fc
  .tuple(fc.integer({ min: 1, max: 1024 * 1024 }), fc.constantFrom('gzip', 'zlib', 'json-of-base64'))
  .map(([n, how]) =>
    how === 'gzip'
      ? gzipSync(new Uint8Array(n), { level: 9 })
      : how === 'zlib'
        ? zlibSync(new Uint8Array(n), { level: 9 })
        : utf8(JSON.stringify([base64(gzipSync(new Uint8Array(n)), false), base64(zlibSync(new Uint8Array(n)), false)])),
  );
const anyBytes = fc.oneof(
  damaged,
  zeros,
  fc.uint8Array({ maxLength: 2_000 }),
  mutated(['{"a":"eJzLSM3JyVcozy/KSQEAGgQEXQ=="}', 'd=H4sIAAAAAAAAA8tIzcnJVyjPL8pJAQCFEUoNCwAAAA%3D%3D', '--b\r\n\r\nx\r\n--b--']).map(utf8),
);

function expectBounded(layers: DecodedLayer[], inputLength: number, o: Required<DecodeOptions>): void {
  let total = 0;
  for (const layer of layers) {
    for (const step of layer.chain) expect(DECODE_STEPS).toContain(step);
    expect(layer.chain.filter((s) => !FREE_STEPS.has(s)).length).toBeLessThanOrEqual(o.maxDepth);
    if (layer.capped || layer.error) expect(layer.text).toBe('');
    total += layer.text.length;
  }
  // Every text is the input, a part of it or a decoder's output (charged to maxTotalBytes); containers and JSON in
  // strings repeat what they hold at most once per level.
  expect(total).toBeLessThanOrEqual((o.maxDepth + 2) * 2 * (inputLength + o.maxTotalBytes));
  expect(layers.length).toBeLessThanOrEqual(2 * (inputLength + o.maxTotalBytes) + 16);
}

describe('body decoder chain, generated input', () => {
  it(
    'never throws on damaged encodings, bombs and garbage, and stays within depth, output and time',
    () => {
      check(
        fc.property(anyBytes, options, (bytes, o) => {
          const layers = withinTime(2_000, () => decodePayload(bytes, o));
          expectBounded(layers, bytes.length, o);
          const text = new TextDecoder().decode(bytes);
          expectBounded(decodeText(text, o), text.length, o);
        }),
        120,
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'with the default budgets, a bomb of zeros ends in time, capped at maxLayerBytes',
    () => {
      check(
        fc.property(fc.integer({ min: 9, max: 24 }), fc.constantFrom(gzipSync, zlibSync), (mb, compress) => {
          const bomb = compress(new Uint8Array(mb * 1024 * 1024), { level: 9 });
          const layers = withinTime(5_000, () => decodePayload(bomb));
          expect(layers.some((l) => l.capped === 'layer')).toBe(true);
          expect(Math.max(...layers.map((l) => l.text.length))).toBeLessThanOrEqual(8 * 1024 * 1024);
        }),
        2,
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'finds a canary through any chain of up to four encodings trackers use',
    () => {
      check(
        fc.property(encoded, ({ canary, payload }) => {
          const layers = payload.kind === 'text' ? [...decodeText(payload.text), ...decodePayload(utf8(payload.text))] : decodePayload(payload.bytes);
          expect(layers.some((l) => l.text.includes(canary))).toBe(true);
        }),
        200,
      );
    },
    FUZZ_TIMEOUT,
  );
});

/** A layer as compared across paths: where it came from, its text, where decoding stopped. */
const layerKey = (l: DecodedLayer) => [l.chain.join('>'), l.text, l.capped, l.error];

/** Values a JSON body holds: anything, and the encoded payloads the decoder follows (text ones, and bytes as base64). */
const jsonValue = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.stringMatching(/^[A-Za-z0-9+/_$ -]{6,40}={0,3}$/),
  encoded.map(({ payload }) => (payload.kind === 'text' ? payload.text : base64(payload.bytes, payload.bytes.length % 2 === 0))),
);

describe('the same layers whichever way the decoder reads', () => {
  it(
    'JSON read from its UTF-8 bytes (scanned without decoding) gives the layers of the same JSON read as text',
    () => {
      check(
        fc.property(
          fc.array(fc.oneof(jsonValue, fc.dictionary(fc.string({ maxLength: 12 }), jsonValue, { maxKeys: 3 })), { maxLength: 12 }),
          options,
          (values, o) => {
            const text = JSON.stringify(values);
            expect(decodePayload(utf8(text), o).map(layerKey)).toEqual(decodeText(text, o).map(layerKey));
          },
        ),
        150,
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'DecompressionStream keeps the bytes, caps and faults fflate keeps, on damaged streams of each format',
    async () => {
      const stream = fc.tuple(anyBytes, fc.constantFrom<InflateFormat>('gzip', 'zlib', 'deflate')).map(([bytes, format]) => {
        // Damaged compressed inputs come from `damaged`; these are put in a fresh stream of the format and cut or flipped.
        const compressed = format === 'gzip' ? gzipSync(bytes) : format === 'zlib' ? zlibSync(bytes) : deflateSync(bytes);
        return { compressed, format };
      });
      await checkAsync(
        fc.asyncProperty(stream, fc.nat(), fc.nat(7), fc.integer({ min: 1, max: 512 * 1024 }), async ({ compressed, format }, at, bit, limit) => {
          const input = compressed.slice(0, 1 + (at % compressed.length));
          if (at % 3 === 0 && input.length > 0) input[at % input.length] = (input[at % input.length] ?? 0) ^ (1 << bit);
          const native = await inflateNative(input, format, limit);
          const fflate = inflateStreaming(input, format, limit);
          // fflate emits a stored block only whole, so on a stream cut inside one the platform can reach the cap
          // where fflate stops short with an error; what each kept is then the same prefix.
          const shortOfCap = native.capped && !fflate.capped && fflate.error !== undefined;
          const kept = shortOfCap ? native.bytes.subarray(0, fflate.bytes.length) : native.bytes;
          expect(Buffer.compare(kept, fflate.bytes)).toBe(0);
          if (!shortOfCap) expect([native.capped, native.error]).toEqual([fflate.capped, fflate.error]);
        }),
        60,
      );
    },
    FUZZ_TIMEOUT,
  );
});

describe('URL decoding, generated input', () => {
  const urls = mutated([
    'https://t.example/c/Y25yeUBleGFtcGxlLmNvbQ%3D%3D/p?em=cnry%40example.com&d=N4IgLgpgtg#u=cnry%40example.com',
    'https://www.facebook.com/tr/?id=1&ev=PageView&dl=https%3A%2F%2Fshop.example%2F&ud[em]=abc',
    'https://x.example/?q=%E0%A4%A&r=%',
    'not a url',
  ]);

  it(
    'never throws, and keeps the URL itself as the first layer',
    () => {
      check(
        fc.property(fc.oneof(urls, fc.webUrl({ withQueryParameters: true, withFragments: true })), options, (url, o) => {
          const layers = withinTime(1_000, () => decodeUrl(url, o));
          expect(layers[0]).toEqual({ chain: [], text: url });
          expectBounded(layers, url.length, o);
        }),
        300,
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'finds a canary in a query value, a path segment or the fragment, plain, base64 or LZString',
    () => {
      check(
        fc.property(canary, fc.constantFrom('query', 'path', 'fragment'), fc.constantFrom('plain', 'base64', 'lzstring'), (c, where, how) => {
          const value =
            how === 'plain' ? c : how === 'base64' ? base64(utf8(JSON.stringify({ e: c })), false) : compressToEncodedURIComponent(JSON.stringify({ e: c }));
          const part = encodeURIComponent(value);
          const url =
            where === 'query' ? `https://t.example/c?x=1&d=${part}` : where === 'path' ? `https://t.example/c/${part}/p` : `https://t.example/c#d=${part}`;
          expect(decodeUrl(url).some((l) => l.text.includes(c))).toBe(true);
        }),
        100,
      );
    },
    FUZZ_TIMEOUT,
  );
});
