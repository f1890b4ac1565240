export const DECODE_STEPS = [
  'gzip',
  'zlib',
  'deflate',
  'latin1',
  'base64',
  'base64url',
  'lzstring-base64',
  'lzstring-uri',
  'lzstring-utf16',
  'url',
  'form',
  'multipart',
  'sentry-envelope',
  'json',
  'string',
  'url-path',
  'url-query',
  'url-fragment',
] as const;
export type DecodeStep = (typeof DECODE_STEPS)[number];

/**
 * One text recovered from a payload, with the steps that led to it, outermost first:
 * `['gzip', 'json', 'string', 'base64', 'json']` is JSON found base64-encoded in a string of gzipped JSON.
 * `[]` is the payload itself read as UTF-8. A layer with `capped` or `error` and empty text only marks
 * where decoding stopped; the text decoded up to that point is in the layers before it.
 */
export interface DecodedLayer {
  chain: DecodeStep[];
  /** For a layer kept as `bytes`, decoded on first read: the canary search reads the bytes and never needs it. */
  readonly text: string;
  /** The layer's UTF-8, when it was decoded as bytes (JSON after decompression, base64 or from the body itself). */
  readonly bytes?: Uint8Array;
  /** `layer`: one decompression hit `maxLayerBytes`; `total`: `maxTotalBytes` was spent; `depth`: more layers were left. */
  capped?: 'layer' | 'total' | 'depth';
  /** A compressed stream ended early or was corrupt; what came before is decoded. */
  error?: 'truncated' | 'corrupt';
}

export interface DecodeOptions {
  /** Decoding steps along one chain, not counting `json` and `string`. */
  maxDepth?: number;
  /** Output of all decoders together (decompressed bytes, decoded characters). */
  maxTotalBytes?: number;
  /** Output of a single decompression. */
  maxLayerBytes?: number;
}

export const DEFAULT_DECODE_OPTIONS: Required<DecodeOptions> = {
  maxDepth: 6,
  maxTotalBytes: 16 * 1024 * 1024,
  maxLayerBytes: 8 * 1024 * 1024,
};
