import { decompressFromBase64, decompressFromEncodedURIComponent, decompressFromUTF16 } from 'lz-string';
import { splitMultipart, splitSentryEnvelope } from './containers';
import { charge, emit, emitBytes, type InflateRequest, mark, type Walk, type Walker } from './decode-walk-state';
import type { DecodeStep } from './decoded-layer';
import { compressedFormat, isLatin1Compressed, isLatin1CompressedBytes, lzVariant, mayBeRawDeflate } from './formats';
import { isFruitlessRaw, isFruitlessText, rememberFruitlessRaw, rememberFruitlessText } from './fruitless';
import type { InflateFormat, InflateResult } from './inflate';
import { jsonStrings, jsonStringsInBytes, looksLikeJson, looksLikeJsonBytes, readJsonString, readJsonStringBytes } from './json-text';
import { unescapeJsonLatin1, unescapeJsonUtf8 } from './json-unescape';
import { decodeBase64, decodePercent, decodeUtf8, hasPercentEscape, isMostlyText, latin1ToBytes, readBase64Alphabet } from './text-codecs';

export function* walkBytes(walk: Walk, bytes: Uint8Array): Walker {
  yield* visitBytes(walk, bytes, [], 0);
}

export function* walkText(walk: Walk, text: string): Walker {
  yield* visitText(walk, text, [], 0, true);
}

/**
 * Candidate texts in a URL: the URL itself, then each decoded path segment, query name and value, and
 * fragment (or fragment parameter), each decoded further like a body.
 */
export function* walkUrl(walk: Walk, url: string): Walker {
  emit(walk, [], url);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return;
  }
  const components: [string, DecodeStep][] = [];
  for (const segment of parsed.pathname.split('/')) components.push([decodePercent(segment, false), 'url-path']);
  for (const [name, value] of parsed.searchParams) components.push([name, 'url-query'], [value, 'url-query']);
  const fragment = parsed.hash.slice(1);
  if (fragment.includes('=')) {
    for (const [name, value] of new URLSearchParams(fragment)) components.push([name, 'url-fragment'], [value, 'url-fragment']);
  } else {
    components.push([decodePercent(fragment, false), 'url-fragment']);
  }
  for (const [text, step] of components) if (text.length >= MIN_COMPONENT) yield* visitText(walk, text, [step], 1, true);
}

function* visitBytes(walk: Walk, bytes: Uint8Array, chain: DecodeStep[], depth: number): Walker {
  if (bytes.length === 0) return;
  const format = compressedFormat(bytes);
  if (format) {
    if (depth >= walk.maxDepth) {
      mark(walk, chain, { capped: 'depth' });
      return;
    }
    if (yield* inflateInto(walk, bytes, format, chain, depth, false)) return;
  }
  if (depth < walk.maxDepth) {
    const parts = splitMultipart(bytes) ?? splitSentryEnvelope(bytes);
    if (parts) {
      const step = bytes[0] === 0x2d ? 'multipart' : 'sentry-envelope';
      for (const part of parts) yield* visitBytes(walk, part, [...chain, step], depth + 1);
      return;
    }
  }
  // JSON holding latin1 "binary strings" is full of raw C1 controls, so it is let through before the text test.
  if (looksLikeJsonBytes(bytes)) {
    yield* visitJsonBytes(walk, bytes, chain, depth);
    return;
  }
  const text = decodeUtf8(bytes);
  if (!isMostlyText(text) && !isLatin1Compressed(text)) {
    if (depth < walk.maxDepth && mayBeRawDeflate(bytes) && (yield* inflateInto(walk, bytes, 'deflate', chain, depth, true))) return;
    emit(walk, chain, text);
    return;
  }
  yield* visitText(walk, text, chain, depth, true);
}

/**
 * `emitSelf` is false for strings found inside JSON: their text is already in the JSON layer, so they only
 * produce layers when something in them decodes.
 */
function* visitText(walk: Walk, text: string, chain: DecodeStep[], depth: number, emitSelf: boolean): Walker {
  if (looksLikeJson(text)) {
    const jsonChain: DecodeStep[] = [...chain, 'json'];
    const stringChain: DecodeStep[] = [...jsonChain, 'string'];
    emit(walk, jsonChain, text);
    const ranges = jsonStrings(text, MIN_CANDIDATE);
    for (let i = 0; i < ranges.length; i += 2) {
      const s = readJsonString(text, ranges[i] ?? 0, ranges[i + 1] ?? 0);
      if (s !== undefined && !isSettled(walk, s)) yield* visitText(walk, s, stringChain, depth, false);
    }
    return;
  }
  if (emitSelf) emit(walk, chain, text);
  if (text.length < MIN_CANDIDATE || walk.spent) return;
  // Strings inside JSON repeat (keys such as "textContent" pass for base64 thousands of times a payload): one that
  // no decoder took, below the depth limit, is not tried again in this payload. No decoder's choice depends on the
  // depth below the limit, so the answer would be the same.
  if (!emitSelf) {
    if (isFruitlessText(walk.fruitless, text)) return;
    const before = walk.layers.length;
    yield* decodeCandidate(walk, text, chain, depth);
    if (walk.layers.length === before && depth < walk.maxDepth) rememberFruitlessText(walk.fruitless, text);
    return;
  }
  yield* decodeCandidate(walk, text, chain, depth);
}

/**
 * JSON read from bytes is kept as bytes (the canary search reads them as they are), and only its strings that
 * could lead anywhere are decoded, each as `visitText` would meet it in the decoded text. Two kinds of long string
 * are undone straight into bytes, into one buffer per layer: JSON sent as a string (Amplitude's events), read on as
 * JSON bytes, and compressed bytes sent as a latin1 string (PostHog, @rrweb/packer), inflated.
 */
function* visitJsonBytes(walk: Walk, bytes: Uint8Array, chain: DecodeStep[], depth: number): Walker {
  const jsonChain: DecodeStep[] = [...chain, 'json'];
  const stringChain: DecodeStep[] = [...jsonChain, 'string'];
  emitBytes(walk, jsonChain, bytes);
  const ranges = jsonStringsInBytes(bytes, MIN_CANDIDATE, true);
  let scratch: Uint8Array | undefined;
  let used = 0;
  for (let i = 0; i < ranges.length; i += 2) {
    const start = ranges[i] ?? 0;
    const end = ranges[i + 1] ?? 0;
    if (isFruitlessRaw(walk.fruitless, bytes, start, end)) continue;
    const first = bytes[start];
    if ((first === 0x7b || first === 0x5b) && end - start >= MIN_JSON_RAW) {
      scratch ??= new Uint8Array(bytes.length);
      const n = unescapeJsonUtf8(bytes, start, end, scratch, used);
      const json = scratch.subarray(used, used + Math.max(0, n));
      if (n >= 0 && looksLikeJsonBytes(json)) {
        used += n;
        yield* visitJsonBytes(walk, json, stringChain, depth);
        continue;
      }
    } else if (first === 0x5c || first === 0x78) {
      scratch ??= new Uint8Array(bytes.length);
      const n = unescapeJsonLatin1(bytes, start, end, scratch, used);
      const latin1 = scratch.subarray(used, used + Math.max(0, n));
      if (n >= MIN_CANDIDATE && isLatin1CompressedBytes(latin1)) {
        used += n;
        // What visitText and decodeCandidate do with such a string; one that leads to bytes is never fruitless.
        if (walk.spent) continue;
        if (depth >= walk.maxDepth) mark(walk, stringChain, { capped: 'depth' });
        else yield* visitBytes(walk, latin1, [...stringChain, 'latin1'], depth + 1);
        continue;
      }
    }
    const s = readJsonStringBytes(bytes, start, end, MIN_CANDIDATE);
    if (s === undefined) continue;
    if (!isSettled(walk, s)) yield* visitText(walk, s, stringChain, depth, false);
    if (isFruitlessText(walk.fruitless, s)) rememberFruitlessRaw(walk.fruitless, bytes, start, end);
  }
}

/** Whether visitText would do nothing with a string found in JSON (checked before starting a generator for it). */
function isSettled(walk: Walk, s: string): boolean {
  if (looksLikeJson(s)) return false;
  return s.length < MIN_CANDIDATE || walk.spent || isFruitlessText(walk.fruitless, s);
}

/** Tries each decoder that could apply to a text that is not JSON. */
function* decodeCandidate(walk: Walk, text: string, chain: DecodeStep[], depth: number): Walker {
  if (depth >= walk.maxDepth) {
    if (isLatin1Compressed(text) || readBase64Alphabet(text) || hasPercentEscape(text)) mark(walk, chain, { capped: 'depth' });
    return;
  }
  if (isLatin1Compressed(text)) {
    const bytes = latin1ToBytes(text);
    if (bytes) {
      yield* visitBytes(walk, bytes, [...chain, 'latin1'], depth + 1);
      return;
    }
  }
  const alphabet = readBase64Alphabet(text);
  if (alphabet) {
    const bytes = decodeBase64(text);
    if (bytes && (compressedFormat(bytes) || isMostlyText(decodeUtf8(bytes.subarray(0, 2048))))) {
      if (!charge(walk, chain, bytes.length)) return;
      yield* visitBytes(walk, bytes, [...chain, alphabet], depth + 1);
      return;
    }
  }
  if (yield* tryLzString(walk, text, chain, depth)) return;
  if (text.indexOf('=') !== -1 && FORM.test(text)) {
    for (const pair of text.split('&')) {
      const eq = pair.indexOf('=');
      const value = decodePercent(eq === -1 ? pair : pair.slice(eq + 1), true);
      if (value.length < MIN_COMPONENT) continue;
      if (!charge(walk, chain, value.length)) return;
      yield* visitText(walk, value, [...chain, 'form'], depth + 1, true);
    }
    return;
  }
  if (hasPercentEscape(text)) {
    const decoded = decodePercent(text, false);
    if (decoded !== text && charge(walk, chain, decoded.length)) yield* visitText(walk, decoded, [...chain, 'url'], depth + 1, true);
  }
}

function* tryLzString(walk: Walk, text: string, chain: DecodeStep[], depth: number): Generator<InflateRequest, boolean, InflateResult> {
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
  yield* visitText(walk, out, [...chain, variant], depth + 1, true);
  return true;
}

function* inflateInto(
  walk: Walk,
  bytes: Uint8Array,
  format: InflateFormat,
  chain: DecodeStep[],
  depth: number,
  probe: boolean,
): Generator<InflateRequest, boolean, InflateResult> {
  if (walk.spent) return true;
  const limit = Math.min(walk.maxLayerBytes, walk.budget);
  const result = yield { bytes, format, limit, probe };
  const out = result.bytes;
  if (out.length === 0) return false;
  if (probe && !(compressedFormat(out) || isMostlyText(decodeUtf8(out.subarray(0, 2048)), 0.5))) return false;
  const next: DecodeStep[] = [...chain, format];
  walk.budget -= out.length;
  if (result.capped) mark(walk, next, { capped: limit < walk.maxLayerBytes ? 'total' : 'layer' });
  if (result.capped && limit < walk.maxLayerBytes) walk.spent = true;
  if (result.error) mark(walk, next, { error: result.error });
  yield* visitBytes(walk, out, next, depth + 1);
  return true;
}

const MIN_CANDIDATE = 8;
/** Raw bytes of a JSON string that hold at least MIN_CANDIDATE characters whatever they are (4 bytes at most each). */
const MIN_JSON_RAW = 4 * MIN_CANDIDATE;
const MIN_COMPONENT = 6;
const FORM = /^[^\s=&]+=[^\s&]*(?:&[^\s=&]*(?:=[^\s&]*)?)*$/;
