import { Gunzip, gunzipSync, Inflate, Unzlib, unzlibSync } from 'fflate';

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
 * Small gzip and zlib streams are inflated in one call into a buffer of the expected size, and kept only when the
 * stream ended inside it and its trailer agrees; everything else goes through `inflateStreaming`.
 */
export function inflateCapped(input: Uint8Array, format: InflateFormat, limit: number): InflateResult {
  return inflateWhole(input, format, limit) ?? inflateStreaming(input, format, limit);
}

/**
 * fflate's streaming classes inflate everything pushed so far in one go, so the input is fed in slices
 * small enough that even deflate's best ratio (~1032:1) cannot overshoot the limit by more than a slice.
 */
export function inflateStreaming(input: Uint8Array, format: InflateFormat, limit: number): InflateResult {
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
      const end = Math.min(input.length, offset + sliceLength(limit - size));
      stream.push(input.subarray(offset, end), false);
      offset = end;
    }
    if (size <= limit) stream.push(new Uint8Array(0), true);
  } catch (e) {
    error = isFlateError(e) && e.code === 0 ? 'truncated' : 'corrupt';
  }
  const capped = size > limit;
  const bytes = concatChunks(chunks, Math.min(size, limit));
  // fflate's streaming classes accept a stream that stops early without complaint, so the trailer is checked.
  if (!capped && !error && !isTrailerIntact(input, format, bytes)) error = 'truncated';
  return { bytes, capped, ...(error ? { error } : {}) };
}

/** Input bytes to push at once when `room` output bytes are left. */
export function sliceLength(room: number): number {
  return Math.max(MIN_SLICE, Math.min(MAX_SLICE, Math.floor(room / MAX_RATIO)));
}

/** Whether a gzip stream's trailer gives `size` as its length (RFC 1952 ISIZE, modulo 2^32); other formats have none. */
export function hasGzipSize(input: Uint8Array, format: InflateFormat, size: number): boolean {
  return format !== 'gzip' || (input.length >= 8 && trailerWord(input, true) === size >>> 0);
}

export function concatChunks(chunks: Uint8Array[], size: number): Uint8Array {
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

/**
 * One call into a buffer one byte larger than the output can be: a full buffer means more output (a lying ISIZE or
 * a ratio above the guess). fflate keeps decoding past the end of a fixed buffer without writing, so only inputs
 * whose worst case (`WHOLE_MAX_INPUT` × 1032 bytes of work) costs about as much as a capped inflation take this path.
 */
function inflateWhole(input: Uint8Array, format: InflateFormat, limit: number): InflateResult | undefined {
  if (format === 'deflate' || input.length > WHOLE_MAX_INPUT || (format === 'gzip' && hasLaterGzipHeader(input))) return undefined;
  const expected = format === 'gzip' ? trailerWord(input, true) : Math.min(limit, Math.max(ZLIB_MIN_GUESS, input.length * ZLIB_RATIO_GUESS));
  if (expected > limit) return undefined;
  const out = new Uint8Array(expected + 1);
  let bytes: Uint8Array;
  try {
    bytes = format === 'gzip' ? gunzipSync(input, { out }) : unzlibSync(input, { out });
  } catch {
    return undefined;
  }
  if (bytes.length === out.length || !isTrailerIntact(input, format, bytes)) return undefined;
  return { bytes, capped: false };
}

/** fflate's one-call gunzip stops after the first member; its streaming one reads them all (RFC 1952 §2.2). */
function hasLaterGzipHeader(input: Uint8Array): boolean {
  for (let i = input.indexOf(0x1f, 1); i !== -1; i = input.indexOf(0x1f, i + 1)) if (input[i + 1] === 0x8b && input[i + 2] === 8) return true;
  return false;
}

function isTrailerIntact(input: Uint8Array, format: InflateFormat, output: Uint8Array): boolean {
  if (format === 'deflate') return true;
  if (input.length < 8) return false;
  return format === 'gzip' ? hasGzipSize(input, format, output.length) : trailerWord(input, false) === adler32(output);
}

/** The stream's last four bytes: little-endian for gzip's ISIZE, big-endian for zlib's Adler-32. */
function trailerWord(input: Uint8Array, littleEndian: boolean): number {
  const n = input.length;
  const b = (i: number): number => input[n - 4 + i] ?? 0;
  return (littleEndian ? b(0) | (b(1) << 8) | (b(2) << 16) | (b(3) << 24) : (b(0) << 24) | (b(1) << 16) | (b(2) << 8) | b(3)) >>> 0;
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

const MAX_RATIO = 1032;
const MIN_SLICE = 32 * 1024;
const MAX_SLICE = 256 * 1024;
const WHOLE_MAX_INPUT = 16 * 1024;
const ZLIB_MIN_GUESS = 64 * 1024;
const ZLIB_RATIO_GUESS = 32;
