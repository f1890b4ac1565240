import { walkBytes, walkText, walkUrl } from './decode-walk';
import { type InflateRequest, startWalk, type Walker } from './decode-walk-state';
import type { DecodedLayer, DecodeOptions } from './decoded-layer';
import { type InflateResult, inflateCapped } from './inflate';
import { inflateNative } from './inflate-native';

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
