import { Gunzip, Inflate, Unzlib } from 'fflate';

export type InflateFormat = 'gzip' | 'zlib' | 'deflate';

export interface InflateResult {
  /** Output, at most `limit` bytes; empty when nothing could be inflated. */
  bytes: Uint8Array;
  /** The output reached `limit` and was cut there. */
  capped: boolean;
  /** The stream ended early or was corrupt; `bytes` holds what came before that point. */
  error?: 'truncated' | 'corrupt';
}

/**
 * Inflates `input` without ever holding much more than `limit` output bytes, and without throwing.
 * fflate's streaming classes inflate everything pushed so far in one go, so the input is fed in slices
 * small enough that even deflate's best ratio (~1032:1) cannot overshoot the limit by more than a slice.
 */
export function inflateCapped(input: Uint8Array, format: InflateFormat, limit: number): InflateResult {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const onData = (chunk: Uint8Array): void => {
    if (chunk.length === 0) return;
    chunks.push(chunk);
    size += chunk.length;
  };
  const stream = format === 'gzip' ? new Gunzip(onData) : format === 'zlib' ? new Unzlib(onData) : new Inflate(onData);
  let error: InflateResult['error'];
  let offset = 0;
  try {
    while (offset < input.length && size <= limit) {
      const step = Math.max(MIN_SLICE, Math.min(MAX_SLICE, Math.floor((limit - size) / MAX_RATIO)));
      const end = Math.min(input.length, offset + step);
      stream.push(input.subarray(offset, end), false);
      offset = end;
    }
    if (size <= limit) stream.push(new Uint8Array(0), true);
  } catch (e) {
    error = isFlateError(e) && e.code === 0 ? 'truncated' : 'corrupt';
  }
  const capped = size > limit;
  const bytes = concat(chunks, Math.min(size, limit));
  // fflate's streaming classes accept a stream that stops early without complaint, so the trailer is checked.
  if (!capped && !error && !isTrailerIntact(input, format, bytes)) error = 'truncated';
  return { bytes, capped, ...(error ? { error } : {}) };
}

const MAX_RATIO = 1032;
const MIN_SLICE = 32 * 1024;
const MAX_SLICE = 256 * 1024;

function isTrailerIntact(input: Uint8Array, format: InflateFormat, output: Uint8Array): boolean {
  const n = input.length;
  if (format === 'deflate' || n < 8) return format === 'deflate';
  const last = (i: number): number => input[n - 4 + i] ?? 0;
  if (format === 'gzip') return (last(0) | (last(1) << 8) | (last(2) << 16) | (last(3) << 24)) >>> 0 === output.length >>> 0;
  return ((last(0) << 24) | (last(1) << 16) | (last(2) << 8) | last(3)) >>> 0 === adler32(output);
}

function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < bytes.length; ) {
    // 5552 is the most bytes that can be summed before b could overflow 2^32 (zlib's NMAX).
    const end = Math.min(bytes.length, i + 5552);
    for (; i < end; i++) {
      a += bytes[i] ?? 0;
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

function isFlateError(e: unknown): e is { code: number } {
  return typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'number';
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  const first = chunks[0];
  if (chunks.length === 1 && first && first.length === size) return first;
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    if (at >= size) break;
    const part = chunk.length <= size - at ? chunk : chunk.subarray(0, size - at);
    out.set(part, at);
    at += part.length;
  }
  return out;
}
