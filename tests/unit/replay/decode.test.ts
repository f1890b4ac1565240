import { deflateRawSync, gzipSync as nodeGzip } from 'node:zlib';
import { deflateSync, gzipSync, strFromU8, strToU8, zlibSync } from 'fflate';
import { compressToBase64, compressToEncodedURIComponent, compressToUTF16 } from 'lz-string';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { decodePayload, decodePayloadAsync, decodeText, decodeUrl } from '../../../lib/replay/decode';
import { splitSentryEnvelope } from '../../../lib/replay/containers';
import type { DecodedLayer, DecodeOptions } from '../../../lib/replay/decoded-layer';
import {
  concatBytes,
  posthogBatch,
  randomBytes,
  rrwebPack,
  rrwebSession,
  rrwebSnapshotOnly,
  seeded,
  sentryReplayEnvelope,
  utf8,
} from '../../fixtures/payloads';

const SECRET = 'cnryqwertyui@example.com';

function chainsWith(layers: DecodedLayer[], needle: string): string[] {
  return layers.filter((l) => l.text.includes(needle)).map((l) => l.chain.join('>'));
}

/** The synchronous decoder (fflate) and the asynchronous one (DecompressionStream for large streams, here Node's). */
const DECODERS: [string, (bytes: Uint8Array, options?: DecodeOptions) => DecodedLayer[] | Promise<DecodedLayer[]>][] = [
  ['fflate', decodePayload],
  ['DecompressionStream', decodePayloadAsync],
];

function layerSummary(layer: DecodedLayer): [string, number, string, string | undefined, string | undefined] {
  return [layer.chain.join('>'), layer.text.length, layer.text.slice(0, 80), layer.capped, layer.error];
}

function markers(layers: DecodedLayer[]): Pick<DecodedLayer, 'chain' | 'capped' | 'error'>[] {
  return layers.filter((l) => l.capped || l.error).map(({ text: _text, ...marker }) => marker);
}

function b64(bytes: Uint8Array | string): string {
  return Buffer.from(typeof bytes === 'string' ? utf8(bytes) : bytes).toString('base64');
}

describe.each(DECODERS)('decodePayload, inflating with %s', (_name, decode) => {
  it('reads a plain JSON body as a json layer', async () => {
    expect(chainsWith(await decode(utf8(JSON.stringify(rrwebSession(SECRET)))), SECRET)).toEqual(['json']);
  });

  it('peels gzip, zlib and raw deflate', async () => {
    const json = strToU8(JSON.stringify({ email: SECRET }));
    expect(chainsWith(await decode(gzipSync(json)), SECRET)).toEqual(['gzip>json']);
    expect(chainsWith(await decode(zlibSync(json)), SECRET)).toEqual(['zlib>json']);
    expect(chainsWith(await decode(deflateSync(json)), SECRET)).toEqual(['deflate>json']);
    expect(chainsWith(await decode(new Uint8Array(nodeGzip(Buffer.from(json)))), SECRET)).toEqual(['gzip>json']);
  });

  it('keeps what came before the end of a truncated gzip stream and says so', async () => {
    const full = new Uint8Array(nodeGzip(Buffer.from(`${SECRET} ${'padding '.repeat(20_000)}`)));
    const layers = await decode(full.subarray(0, Math.floor(full.length / 2)));
    expect(chainsWith(layers, SECRET)).toEqual(['gzip']);
    expect(markers(layers)).toEqual([{ chain: ['gzip'], error: 'truncated' }]);
  });

  it('finds typed text in a Sentry replay envelope (zlib item after a JSON line)', async () => {
    const layers = await decode(sentryReplayEnvelope(rrwebSession(SECRET)));
    expect(chainsWith(layers, SECRET)).toEqual(['sentry-envelope>zlib>json']);
    expect(chainsWith(layers, 'replay_event')).toContain('sentry-envelope>json');
  });

  it('follows PostHog gzip bodies into gzip-in-latin1 event data (cv 2024-10)', async () => {
    const body = gzipSync(strToU8(JSON.stringify(posthogBatch(rrwebSnapshotOnly(SECRET)))));
    expect(chainsWith(await decode(body), SECRET)).toEqual(['gzip>json>string>latin1>gzip>json']);
  });

  it('reads a PostHog gzip-js body sent as a latin1 string (UTF-8 on the wire)', async () => {
    const latin1 = strFromU8(gzipSync(strToU8(JSON.stringify(rrwebSession(SECRET)))), true);
    expect(chainsWith(await decode(utf8(latin1)), SECRET)).toEqual(['latin1>gzip>json']);
  });

  it('reads PostHog legacy data=<base64> form bodies', async () => {
    const body = `data=${encodeURIComponent(b64(JSON.stringify(rrwebSession(SECRET))))}&compression=base64&ver=1.0`;
    expect(chainsWith(await decode(utf8(body)), SECRET)).toEqual(['form>base64>json']);
  });

  it('reads Highlight-style base64(gzip(JSON)) inside a GraphQL body', async () => {
    const compressedBase64 = b64(gzipSync(strToU8(JSON.stringify(rrwebSession(SECRET)))));
    const body = JSON.stringify({ operationName: 'PushPayload', variables: { compressedBase64 } });
    expect(chainsWith(await decode(utf8(body)), SECRET)).toEqual(['json>string>base64>gzip>json']);
  });

  it('reads unpadded base64url and LZString in the strings of a JSON body', async () => {
    const inner = JSON.stringify({ email: SECRET, pad: 'ab' });
    const url64 = b64(inner).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    expect(url64.length % 4).not.toBe(0);
    const body = utf8(JSON.stringify({ a: url64, b: compressToEncodedURIComponent(inner) }));
    const alphabet = /[-_]/.test(url64) ? 'base64url' : 'base64';
    expect(chainsWith(await decode(body), SECRET).sort()).toEqual([`json>string>${alphabet}>json`, 'json>string>lzstring-uri>json']);
  });

  it('reads Amplitude-style events that are JSON strings inside gzipped JSON', async () => {
    const body = gzipSync(strToU8(JSON.stringify({ version: 1, events: rrwebSession(SECRET).map((e) => JSON.stringify(e)) })));
    const chains = chainsWith(await decode(body), SECRET);
    expect(chains).toContain('gzip>json>string>json');
  });

  it('reads @rrweb/packer events', async () => {
    const body = JSON.stringify(rrwebSession(SECRET).map(rrwebPack));
    expect(chainsWith(await decode(utf8(body)), SECRET)).toContain('json>string>latin1>zlib>json');
  });

  it('reads Datadog-style multipart bodies with a deflated segment', async () => {
    const boundary = '----WebKitFormBoundary7MA4YWxkTrZu0gW';
    const body = concatBytes(
      `--${boundary}\r\nContent-Disposition: form-data; name="segment"; filename="abc"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      zlibSync(strToU8(JSON.stringify({ records: rrwebSession(SECRET) }))),
      `\r\n--${boundary}\r\nContent-Disposition: form-data; name="event"; filename="blob"\r\nContent-Type: application/json\r\n\r\n`,
      JSON.stringify({ start: 1, end: 2, creation_reason: 'init' }),
      `\r\n--${boundary}--\r\n`,
    );
    const layers = await decode(body);
    expect(chainsWith(layers, SECRET)).toEqual(['multipart>zlib>json']);
    expect(chainsWith(layers, 'creation_reason')).toEqual(['multipart>json']);
  });

  it('reads LZString in all three encodings', async () => {
    const json = JSON.stringify({ email: SECRET });
    expect(chainsWith(decodeText(compressToBase64(json)), SECRET)).toEqual(['lzstring-base64>json']);
    expect(chainsWith(decodeText(compressToEncodedURIComponent(json)), SECRET)).toEqual(['lzstring-uri>json']);
    const plusAsSpace = `d=${compressToEncodedURIComponent(JSON.stringify(rrwebSession(SECRET)))}`;
    expect(plusAsSpace).toContain('+');
    expect(chainsWith(decodeText(plusAsSpace), SECRET)).toContain('form>lzstring-uri>json');
    expect(chainsWith(await decode(utf8(compressToUTF16(json))), SECRET)).toEqual(['lzstring-utf16>json']);
  });

  // Found by tests/fuzz/decode.fuzz.test.ts: a quarter of compressToBase64 outputs end in `===`, and were not read.
  it('reads LZString base64 with its own three-character padding', () => {
    const json = Array.from({ length: 26 }, (_, n) => JSON.stringify({ email: SECRET, pad: 'abcdefghijklmnopqrstuvwxyz'.slice(0, n) })).find((j) =>
      compressToBase64(j).endsWith('==='),
    );
    expect(json).toBeDefined();
    expect(chainsWith(decodeText(compressToBase64(json ?? '')), SECRET)).toEqual(['lzstring-base64>json']);
  });

  it('reads percent-encoded text', () => {
    expect(chainsWith(decodeText(`payload%3D${encodeURIComponent(SECRET)}%20end`), SECRET)).toEqual(['url']);
  });

  it('does not decode words, hex or ids that happen to fit the base64 alphabet', () => {
    for (const word of ['Authorization', 'HelloWorld1234', 'JavaScriptEngine', 'abcdefghijklmnop', 'deadbeefcafebabe0123456789abcdef', 'Mozilla/5.0+Test']) {
      const layers = decodeText(JSON.stringify({ key: word, [word]: 1 }));
      expect(layers.map((l) => l.chain.join('>'))).toEqual(['json']);
    }
  });

  it('returns the raw text of garbage bytes without throwing', async () => {
    const random = seeded(7);
    for (let i = 0; i < 50; i++) {
      const bytes = randomBytes(1 + Math.floor(random() * 5000), random);
      if (i % 5 === 0) bytes.set([0x1f, 0x8b, 8]);
      if (i % 5 === 1) bytes.set([0x78, 0x9c]);
      const layers = await decode(bytes);
      expect(layers.filter((l) => l.text.length > 0).every((l) => l.chain.length <= 1)).toBe(true);
    }
    expect(await decode(new Uint8Array(0))).toEqual([]);
  });

  it('stops at maxDepth and marks it', () => {
    let text = JSON.stringify({ email: SECRET });
    for (let i = 0; i < 8; i++) text = b64(text);
    const layers = decodeText(text);
    expect(chainsWith(layers, SECRET)).toEqual([]);
    expect(layers.some((l) => l.capped === 'depth')).toBe(true);
    expect(chainsWith(decodeText(text, { maxDepth: 8 }), SECRET)).toEqual(['base64>base64>base64>base64>base64>base64>base64>base64>json']);
  });

  it('caps a gzip bomb (1 GB of zeros) at maxLayerBytes and marks it', async () => {
    const started = performance.now();
    const layers = await decode(gzipBomb(1024));
    // Generous: the point is that it ends, even on a loaded CI machine.
    expect(performance.now() - started).toBeLessThan(5000);
    expect(markers(layers)).toEqual([{ chain: ['gzip'], capped: 'layer' }]);
    const decoded = layers.find((l) => l.chain.join() === 'gzip' && l.text.length > 0);
    expect(decoded?.text.length).toBe(8 * 1024 * 1024);
  });

  it('caps the sum of all layers at maxTotalBytes', () => {
    const member = gzipSync(new Uint8Array(3 * 1024 * 1024), { level: 9 });
    const body = JSON.stringify([b64(member), b64(member), b64(member)]);
    const layers = decodeText(body, { maxTotalBytes: 5 * 1024 * 1024 });
    expect(layers.some((l) => l.capped === 'total')).toBe(true);
    expect(layers.reduce((n, l) => n + (l.chain.includes('gzip') ? l.text.length : 0), 0)).toBeLessThanOrEqual(5 * 1024 * 1024);
  });
});

describe('decodePayloadAsync', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('inflates large streams natively and gives the same layers as fflate, damaged or not', async () => {
    const Native = globalThis.DecompressionStream;
    let streams = 0;
    vi.stubGlobal(
      'DecompressionStream',
      class extends Native {
        constructor(format: CompressionFormat) {
          super(format);
          streams++;
        }
      },
    );
    const random = seeded(11);
    const filler = Array.from({ length: 60_000 }, () => Math.floor(random() * 1e9).toString(36)).join(' ');
    const json = utf8(JSON.stringify({ email: SECRET, events: rrwebSession(SECRET), filler }));
    const boundary = '----WebKitFormBoundaryLarge';
    const bodies = [
      gzipSync(json),
      zlibSync(json),
      concatBytes(`--${boundary}\r\nContent-Type: application/octet-stream\r\n\r\n`, zlibSync(json), `\r\n--${boundary}--\r\n`),
      utf8(JSON.stringify({ compressedBase64: b64(gzipSync(json)) })),
      sentryReplayEnvelope([{ filler }, ...rrwebSession(SECRET)]),
    ];
    const damaged = bodies.slice(0, 2).flatMap((body) => {
      const flipped = body.slice();
      flipped.set([1, 2, 3, 4, 5, 6, 7, 8], Math.floor(body.length / 2));
      return [body.subarray(0, Math.floor(body.length / 2)), flipped, concatBytes(body, 'junk')];
    });
    for (const body of [...bodies, ...damaged]) {
      expect(body.length).toBeGreaterThan(16 * 1024);
      const native = await decodePayloadAsync(body);
      const fflate = decodePayload(body);
      expect(native.map(layerSummary)).toEqual(fflate.map(layerSummary));
    }
    expect(streams).toBeGreaterThanOrEqual(bodies.length + damaged.length);
  });
});

describe('decodeUrl', () => {
  it('decodes query values, path segments and the fragment', () => {
    const url = `https://t.example/c/${encodeURIComponent(b64(SECRET))}/p?em=${encodeURIComponent(SECRET)}&d=${compressToEncodedURIComponent(JSON.stringify({ e: SECRET }))}#u=${encodeURIComponent(SECRET)}`;
    const chains = chainsWith(decodeUrl(url), SECRET);
    expect(chains).toEqual(expect.arrayContaining(['url-path>base64', 'url-query', 'url-query>lzstring-uri>json', 'url-fragment']));
  });

  it('keeps the raw URL when it does not parse', () => {
    expect(decodeUrl('not a url')).toEqual([{ chain: [], text: 'not a url' }]);
  });
});

/**
 * A gzip stream of `megabytes` MiB of zeros built from full-flushed deflate blocks: each flush ends
 * byte-aligned with an empty dictionary, so one compressed MiB can be repeated. ~1 KB per MiB.
 */
function gzipBomb(megabytes: number): Uint8Array {
  const block = new Uint8Array(deflateRawSync(Buffer.alloc(1024 * 1024), { level: 9, finishFlush: 3 /* Z_FULL_FLUSH */ }));
  const end = new Uint8Array([0x03, 0x00]);
  const header = new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 0xff]);
  const out = new Uint8Array(header.length + block.length * megabytes + end.length + 8);
  out.set(header);
  for (let i = 0; i < megabytes; i++) out.set(block, header.length + i * block.length);
  out.set(end, header.length + block.length * megabytes);
  return out;
}

describe('splitSentryEnvelope', () => {
  // The header line is looked for only within the longest header parsed; either side of that length must agree.
  it('splits an envelope whose header line is exactly the longest parsed, and not one a byte longer', () => {
    const envelope = (headerLength: number): Uint8Array => {
      const head = '{"event_id":"x","pad":""}';
      const header = `${head.slice(0, -2)}${'a'.repeat(headerLength - head.length)}"}`;
      return strToU8(`${header}\n{"type":"replay_event"}\n{"a":1}`);
    };
    const longest = 64 * 1024;
    expect(splitSentryEnvelope(envelope(longest))?.length).toBe(1);
    expect(splitSentryEnvelope(envelope(longest + 1))).toBeUndefined();
    expect(splitSentryEnvelope(envelope(100))?.length).toBe(1);
  });
});
