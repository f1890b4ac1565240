import { concatChunks, hasGzipSize, type InflateFormat, type InflateResult, inflateCapped, sliceLength } from './inflate';

/** Whether this platform has a `DecompressionStream` for `format` (Chrome 80, Firefox 113, Safari 16.4, Node 18; raw deflate later). */
export function isNativeInflateAvailable(format: InflateFormat): boolean {
  const Stream = globalThis.DecompressionStream;
  if (typeof Stream !== 'function') return false;
  if (checkedWith !== Stream) {
    AVAILABLE.clear();
    checkedWith = Stream;
  }
  let known = AVAILABLE.get(format);
  if (known === undefined) {
    try {
      new Stream(NATIVE_FORMAT[format]);
      known = true;
    } catch {
      known = false;
    }
    AVAILABLE.set(format, known);
  }
  return known;
}

/**
 * `inflateCapped` with the platform's zlib: the same result, several times faster on large streams (one exception:
 * fflate emits a stored block only whole, so on a stream cut inside one, the platform may reach the cap where fflate
 * stops short and reports the cut; the bytes kept are the same prefix).
 * Output is read as it comes and the stream is cancelled once it passes `limit`; input is written in the same
 * slices as fflate's, so an implementation that inflates a whole write at once cannot overshoot by more than a
 * slice either. A stream the platform rejects (corrupt, truncated, a bad checksum, trailing bytes) is inflated
 * again by fflate, which keeps exactly what came before the fault and says which fault it was.
 */
export async function inflateNative(input: Uint8Array, format: InflateFormat, limit: number): Promise<InflateResult> {
  // Streams take no views of shared memory.
  if (!isOnArrayBuffer(input) || !isNativeInflateAvailable(format)) return inflateCapped(input, format, limit);
  const stream = new DecompressionStream(NATIVE_FORMAT[format]);
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let capped = false;
  let failed = false;
  const reading = (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      chunks.push(value);
      size += value.length;
      if (size > limit) {
        capped = true;
        await reader.cancel();
        return;
      }
    }
  })();
  try {
    for (let offset = 0; offset < input.length && !capped; ) {
      const end = Math.min(input.length, offset + sliceLength(limit - size));
      await writer.write(input.subarray(offset, end));
      offset = end;
    }
    if (!capped) await writer.close();
  } catch {
    // Cancelling the readable side errors the writable side: that is the cap, not a fault.
    failed = !capped;
  }
  try {
    await reading;
  } catch {
    failed = true;
  }
  if (!capped && (failed || !hasGzipSize(input, format, size))) return inflateCapped(input, format, limit);
  return { bytes: concatChunks(chunks, Math.min(size, limit)), capped };
}

function isOnArrayBuffer(bytes: Uint8Array): bytes is Uint8Array<ArrayBuffer> {
  return bytes.buffer instanceof ArrayBuffer;
}

const NATIVE_FORMAT: Record<InflateFormat, CompressionFormat> = { gzip: 'gzip', zlib: 'deflate', deflate: 'deflate-raw' };
/** Formats the platform's constructor was seen to accept, remembered for that constructor. */
const AVAILABLE = new Map<InflateFormat, boolean>();
let checkedWith: unknown;
