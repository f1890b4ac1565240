import { decompressFromBase64, decompressFromEncodedURIComponent, decompressFromUTF16 } from 'lz-string';
import { splitMultipart, splitSentryEnvelope } from './containers';
import { type InflateFormat, inflateCapped } from './inflate';
import { forEachJsonString, looksLikeJson } from './json-text';
import { decodeBase64, decodePercent, decodeUtf8, hasPercentEscape, isMostlyText, latin1ToBytes, readBase64Alphabet } from './text-codecs';

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
  text: string;
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

/** Peels every encoding it recognises off a request body. Never throws; layers come outermost first. */
export function decodePayload(bytes: Uint8Array, options?: DecodeOptions): DecodedLayer[] {
  const walk = startWalk(options);
  visitBytes(walk, bytes, [], 0);
  return walk.layers;
}

/** The same for a body that is already text, such as a form field value or a WebSocket text frame. */
export function decodeText(text: string, options?: DecodeOptions): DecodedLayer[] {
  const walk = startWalk(options);
  visitText(walk, text, [], 0, true);
  return walk.layers;
}

/**
 * Candidate texts in a URL: the URL itself, then each decoded path segment, query name and value, and
 * fragment (or fragment parameter), each decoded further like a body.
 */
export function decodeUrl(url: string, options?: DecodeOptions): DecodedLayer[] {
  const walk = startWalk(options);
  emit(walk, [], url);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return walk.layers;
  }
  for (const segment of parsed.pathname.split('/')) visitComponent(walk, decodePercent(segment, false), 'url-path');
  for (const [name, value] of parsed.searchParams) {
    visitComponent(walk, name, 'url-query');
    visitComponent(walk, value, 'url-query');
  }
  const fragment = parsed.hash.slice(1);
  if (fragment.includes('=')) {
    for (const [name, value] of new URLSearchParams(fragment)) {
      visitComponent(walk, name, 'url-fragment');
      visitComponent(walk, value, 'url-fragment');
    }
  } else {
    visitComponent(walk, decodePercent(fragment, false), 'url-fragment');
  }
  return walk.layers;
}

interface Walk {
  layers: DecodedLayer[];
  budget: number;
  maxDepth: number;
  maxLayerBytes: number;
  spent: boolean;
  /** Short strings from JSON that no decoder took (see visitText). */
  fruitless: Set<string>;
}

function startWalk(options: DecodeOptions | undefined): Walk {
  const o = { ...DEFAULT_DECODE_OPTIONS, ...options };
  return { layers: [], budget: o.maxTotalBytes, maxDepth: o.maxDepth, maxLayerBytes: o.maxLayerBytes, spent: false, fruitless: new Set() };
}

function visitComponent(walk: Walk, text: string, step: DecodeStep): void {
  if (text.length >= MIN_COMPONENT) visitText(walk, text, [step], 1, true);
}

function visitBytes(walk: Walk, bytes: Uint8Array, chain: DecodeStep[], depth: number): void {
  if (bytes.length === 0) return;
  const format = compressedFormat(bytes);
  if (format) {
    if (depth >= walk.maxDepth) {
      mark(walk, chain, { capped: 'depth' });
      return;
    }
    if (inflateInto(walk, bytes, format, chain, depth, false)) return;
  }
  if (depth < walk.maxDepth) {
    const parts = splitMultipart(bytes) ?? splitSentryEnvelope(bytes);
    if (parts) {
      const step = bytes[0] === 0x2d ? 'multipart' : 'sentry-envelope';
      for (const part of parts) visitBytes(walk, part, [...chain, step], depth + 1);
      return;
    }
  }
  const text = decodeUtf8(bytes);
  // JSON holding latin1 "binary strings" is full of raw C1 controls, so it is let through before the text test.
  if (!looksLikeJson(text) && !isMostlyText(text) && !isLatin1Compressed(text)) {
    if (depth < walk.maxDepth && mayBeRawDeflate(bytes) && inflateInto(walk, bytes, 'deflate', chain, depth, true)) return;
    emit(walk, chain, text);
    return;
  }
  visitText(walk, text, chain, depth, true);
}

/**
 * `emitSelf` is false for strings found inside JSON: their text is already in the JSON layer, so they only
 * produce layers when something in them decodes.
 */
function visitText(walk: Walk, text: string, chain: DecodeStep[], depth: number, emitSelf: boolean): void {
  if (looksLikeJson(text)) {
    const jsonChain: DecodeStep[] = [...chain, 'json'];
    const stringChain: DecodeStep[] = [...jsonChain, 'string'];
    emit(walk, jsonChain, text);
    forEachJsonString(text, MIN_CANDIDATE, (s) => visitText(walk, s, stringChain, depth, false));
    return;
  }
  if (emitSelf) emit(walk, chain, text);
  if (text.length < MIN_CANDIDATE || walk.spent) return;
  // Strings inside JSON repeat (keys such as "textContent" pass for base64 thousands of times a payload): one that
  // no decoder took, below the depth limit, is not tried again in this payload. No decoder's choice depends on the
  // depth below the limit, so the answer would be the same.
  if (!emitSelf && text.length <= MAX_REMEMBERED_LENGTH) {
    if (walk.fruitless.has(text)) return;
    const before = walk.layers.length;
    decodeCandidate(walk, text, chain, depth);
    if (walk.layers.length === before && depth < walk.maxDepth && walk.fruitless.size < MAX_REMEMBERED) walk.fruitless.add(text);
    return;
  }
  decodeCandidate(walk, text, chain, depth);
}

/** Tries each decoder that could apply to a text that is not JSON. */
function decodeCandidate(walk: Walk, text: string, chain: DecodeStep[], depth: number): void {
  if (depth >= walk.maxDepth) {
    if (isLatin1Compressed(text) || readBase64Alphabet(text) || hasPercentEscape(text)) mark(walk, chain, { capped: 'depth' });
    return;
  }
  if (isLatin1Compressed(text)) {
    const bytes = latin1ToBytes(text);
    if (bytes) {
      visitBytes(walk, bytes, [...chain, 'latin1'], depth + 1);
      return;
    }
  }
  const alphabet = readBase64Alphabet(text);
  if (alphabet) {
    const bytes = decodeBase64(text);
    if (bytes && (compressedFormat(bytes) || isMostlyText(decodeUtf8(bytes.subarray(0, 2048))))) {
      if (!charge(walk, chain, bytes.length)) return;
      visitBytes(walk, bytes, [...chain, alphabet], depth + 1);
      return;
    }
  }
  if (tryLzString(walk, text, chain, depth)) return;
  if (text.indexOf('=') !== -1 && FORM.test(text)) {
    for (const pair of text.split('&')) {
      const eq = pair.indexOf('=');
      const value = decodePercent(eq === -1 ? pair : pair.slice(eq + 1), true);
      if (value.length < MIN_COMPONENT) continue;
      if (!charge(walk, chain, value.length)) return;
      visitText(walk, value, [...chain, 'form'], depth + 1, true);
    }
    return;
  }
  if (hasPercentEscape(text)) {
    const decoded = decodePercent(text, false);
    if (decoded !== text && charge(walk, chain, decoded.length)) visitText(walk, decoded, [...chain, 'url'], depth + 1, true);
  }
}

function tryLzString(walk: Walk, text: string, chain: DecodeStep[], depth: number): boolean {
  const variant = lzVariant(text);
  if (!variant) return false;
  let out: string | null | undefined;
  try {
    out =
      variant === 'lzstring-base64'
        ? decompressFromBase64(text)
        : variant === 'lzstring-uri'
          ? decompressFromEncodedURIComponent(text)
          : decompressFromUTF16(text);
  } catch {
    return false;
  }
  if (typeof out !== 'string' || out.length < 4 || !isMostlyText(out, 0.75)) return false;
  if (!charge(walk, chain, out.length)) return true;
  visitText(walk, out, [...chain, variant], depth + 1, true);
  return true;
}

/**
 * lz-string's decompressor has no output limit and LZW output can grow quadratically with its input
 * (each code may add a dictionary entry one character longer than the last), so only short inputs are
 * tried: the Leaky Forms trackers used it for URL parameters and small beacons.
 */
function lzVariant(text: string): DecodeStep | undefined {
  const n = text.length;
  const first = text.charCodeAt(0);
  if (first >= 0x100) {
    if (n > MAX_LZ_UTF16) return undefined;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x20 || c > 0x801f) return undefined;
    }
    return 'lzstring-utf16';
  }
  if (n > MAX_LZ_BASE64 || n < MIN_LZ) return undefined;
  // Both alphabets share A-Z a-z 0-9 +; without `/`, `=`, `-` or `$` the two decodings agree. Form and
  // query decoding turn `+` into a space, which lz-string's URI decoder turns back.
  // compressToBase64 pads to a multiple of 4 with up to three `=` (its own padding, not RFC 4648's).
  const variant = /^[A-Za-z0-9+ $-]+$/.test(text) ? 'lzstring-uri' : n % 4 === 0 && /^[A-Za-z0-9+/]+={0,3}$/.test(text) ? 'lzstring-base64' : undefined;
  return variant && isMixed(text) ? variant : undefined;
}

/** LZString output of a dozen characters or more mixes cases and has digits or symbols; words and ids do not. */
function isMixed(text: string): boolean {
  let lower = false;
  let upper = false;
  let other = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x61 && c <= 0x7a) lower = true;
    else if (c >= 0x41 && c <= 0x5a) upper = true;
    else other = true;
    if (lower && upper && other) return true;
  }
  return false;
}

function inflateInto(walk: Walk, bytes: Uint8Array, format: InflateFormat, chain: DecodeStep[], depth: number, onlyIfPlausible: boolean): boolean {
  if (walk.spent) return true;
  const limit = Math.min(walk.maxLayerBytes, walk.budget);
  const result = inflateCapped(bytes, format, limit);
  const out = result.bytes;
  if (out.length === 0) return false;
  if (onlyIfPlausible && !(compressedFormat(out) || isMostlyText(decodeUtf8(out.subarray(0, 2048)), 0.5))) return false;
  const next: DecodeStep[] = [...chain, format];
  walk.budget -= out.length;
  if (result.capped) mark(walk, next, { capped: limit < walk.maxLayerBytes ? 'total' : 'layer' });
  if (result.capped && limit < walk.maxLayerBytes) walk.spent = true;
  if (result.error) mark(walk, next, { error: result.error });
  visitBytes(walk, out, next, depth + 1);
  return true;
}

function charge(walk: Walk, chain: DecodeStep[], size: number): boolean {
  if (walk.spent) return false;
  if (size > walk.budget) {
    walk.spent = true;
    mark(walk, chain, { capped: 'total' });
    return false;
  }
  walk.budget -= size;
  return true;
}

function emit(walk: Walk, chain: DecodeStep[], text: string): void {
  walk.layers.push({ chain, text });
}

function mark(walk: Walk, chain: DecodeStep[], marker: Pick<DecodedLayer, 'capped' | 'error'>): void {
  walk.layers.push({ chain, text: '', ...marker });
}

function compressedFormat(bytes: Uint8Array): 'gzip' | 'zlib' | undefined {
  const b0 = bytes[0];
  const b1 = bytes[1];
  if (b0 === undefined || b1 === undefined || bytes.length < MIN_DEFLATE) return undefined;
  if (b0 === 0x1f && b1 === 0x8b && bytes[2] === 8) return 'gzip';
  // RFC 1950: CM 8 (deflate), CINFO ≤ 7, FDICT unset, header checksum.
  if ((b0 & 0x0f) === 8 && b0 >> 4 <= 7 && (b1 & 0x20) === 0 && ((b0 << 8) | b1) % 31 === 0) return 'zlib';
  return undefined;
}

/** RFC 1951 §3.2.3–4: block type 3 is invalid, and a stored block's LEN and NLEN are complements. */
function mayBeRawDeflate(bytes: Uint8Array): boolean {
  const b0 = bytes[0];
  if (b0 === undefined || bytes.length < MIN_DEFLATE) return false;
  const type = (b0 >> 1) & 3;
  if (type === 3) return false;
  if (type !== 0) return true;
  return ((bytes[1] ?? 0) ^ (bytes[3] ?? 0)) === 0xff && ((bytes[2] ?? 0) ^ (bytes[4] ?? 0)) === 0xff;
}

/** PostHog (`cv: "2024-10"`) and @rrweb/packer put gzip or zlib bytes in strings, one char per byte. */
function isLatin1Compressed(text: string): boolean {
  const c0 = text.charCodeAt(0);
  const c1 = text.charCodeAt(1);
  if (text.length < MIN_DEFLATE) return false;
  if (c0 === 0x1f && c1 === 0x8b) return text.charCodeAt(2) === 8;
  return c0 === 0x78 && c1 <= 0xff && (c1 & 0x20) === 0 && ((c0 << 8) | c1) % 31 === 0;
}

const MIN_CANDIDATE = 8;
const MAX_REMEMBERED_LENGTH = 256;
const MAX_REMEMBERED = 4096;
const MIN_COMPONENT = 6;
const MIN_DEFLATE = 4;
const MIN_LZ = 12;
const MAX_LZ_BASE64 = 16 * 1024;
const MAX_LZ_UTF16 = 6 * 1024;
const FORM = /^[^\s=&]+=[^\s&]*(?:&[^\s=&]*(?:=[^\s&]*)?)*$/;
