import { type InflateRequest, startWalk, type Walker, walkBytes, walkText, walkUrl } from './decode-walk';
import { type InflateResult, inflateCapped } from './inflate';
import { inflateNative } from './inflate-native';

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

export { DEFAULT_DECODE_OPTIONS } from './decode-walk';

/** Peels every encoding it recognises off a request body. Never throws; layers come outermost first. Inflates with fflate. */
export function decodePayload(bytes: Uint8Array, options?: DecodeOptions): DecodedLayer[] {
  const walk = startWalk(options);
  runSync(walkBytes(walk, bytes));
  return walk.layers;
}

/**
 * The same layers as `decodePayload`, with large streams inflated by the platform's `DecompressionStream` (native
 * zlib) where there is one; small streams, guesses and broken streams still go through fflate.
 */
export async function decodePayloadAsync(bytes: Uint8Array, options?: DecodeOptions): Promise<DecodedLayer[]> {
  const walk = startWalk(options);
  await runAsync(walkBytes(walk, bytes));
  return walk.layers;
}

/** The same for a body that is already text, such as a form field value or a WebSocket text frame. */
export function decodeText(text: string, options?: DecodeOptions): DecodedLayer[] {
  const walk = startWalk(options);
  runSync(walkText(walk, text));
  return walk.layers;
}

/**
 * Candidate texts in a URL: the URL itself, then each decoded path segment, query name and value, and
 * fragment (or fragment parameter), each decoded further like a body.
 */
export function decodeUrl(url: string, options?: DecodeOptions): DecodedLayer[] {
  const walk = startWalk(options);
  runSync(walkUrl(walk, url));
  return walk.layers;
}

function runSync(walker: Walker): void {
  let step = walker.next();
  while (!step.done) step = walker.next(inflateCapped(step.value.bytes, step.value.format, step.value.limit));
}

async function runAsync(walker: Walker): Promise<void> {
  let step = walker.next();
  while (!step.done) step = walker.next(await inflate(step.value));
}

/**
 * Native inflation costs a stream and a few promise turns per call, which fflate beats on small inputs; guesses
 * (raw deflate has no header) are mostly garbage, which fflate rejects as fast.
 */
function inflate(request: InflateRequest): InflateResult | Promise<InflateResult> {
  const { bytes, format, limit, probe } = request;
  return probe || bytes.length < NATIVE_MIN_INPUT ? inflateCapped(bytes, format, limit) : inflateNative(bytes, format, limit);
}

const NATIVE_MIN_INPUT = 16 * 1024;
