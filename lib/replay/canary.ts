import type { DecodedLayer, DecodeStep } from './decoded-layer';
import { md5 } from './md5';
import { compilePatterns, isAlphanumeric, isSameFolded, isSearchable, type PatternSearch, searchBytes, searchText } from './pattern-search';
import { decodeUtf8Piece, encodeBase64, encodeHex, encodeUtf8 } from './text-codecs';

export const CANARY_FIELD_KINDS = ['text', 'email', 'password', 'numeric'] as const;
export type CanaryFieldKind = (typeof CANARY_FIELD_KINDS)[number];

export interface CanaryField {
  id: string;
  kind: CanaryFieldKind;
}

export interface Canary {
  fieldId: string;
  kind: CanaryFieldKind;
  /** What gets typed into the field. */
  value: string;
}

export const MATCH_KINDS = ['exact', 'prefix', 'case', 'md5', 'sha1', 'sha256', 'sha512'] as const;
export type MatchKind = (typeof MATCH_KINDS)[number];
export type HashKind = Extract<MatchKind, 'md5' | 'sha1' | 'sha256' | 'sha512'>;

/** Compiled search for one run's canaries; build once with `buildMatchers`, reuse for every payload. */
export interface Matchers {
  canaries: readonly Canary[];
  digests: readonly DigestPattern[];
  /**
   * One search for everything, one pass per layer: each value by its first `minPrefix` characters (then extended
   * character by character), and each digest.
   */
  search: PatternSearch;
  /** What each pattern of `search` is: the value of canary `i` (i ≥ 0), or digest `-1 - i`. */
  targets: readonly number[];
}

export interface DigestPattern {
  canary: number;
  kind: HashKind;
  encoding: 'hex' | 'base64';
  text: string;
}

export interface CanaryHit {
  fieldId: string;
  matchKind: MatchKind;
  /** For digests: how the digest was written. */
  encoding?: 'hex' | 'base64';
  chain: DecodeStep[];
  /** The text that matched, as found. */
  matched: string;
  /** Up to 40 characters either side of the first occurrence (40 bytes, for a layer read as bytes). */
  context: string;
  occurrences: number;
}

/** Shortest prefix of a letters canary reported as a leak: Leaky Forms saw values captured mid-typing. */
export const MIN_PREFIX = 6;
/** Digit runs of 6 are everywhere (timestamps, ids), so numeric canaries need more before a prefix counts. */
export const MIN_PREFIX_NUMERIC = 10;
/** Marks our values in a payload dump; lower-case letters only, like the rest of the token. */
export const CANARY_MARK = 'cnry';
/**
 * Emails are `<token>@example.com`. The letters-only token carries the match; the domain is what lets every
 * validator accept the value (HTML `type=email`, TLD-list checks that reject `.example`/`.invalid`) while
 * `example.com` is reserved (RFC 2606) and has a null MX (RFC 7505), so nothing is ever delivered.
 */
export const CANARY_EMAIL_DOMAIN = 'example.com';

/**
 * Fresh values for one run. Letters-only tokens (`cnry` + 8 random lower-case letters) survive recorders
 * that rewrite digits (Clarity, Hotjar, OpenReplay, Dynatrace) and encode the same in JSON, URLs and base64.
 * Numeric fields get 12 digits. Every canary has its own first `MIN_PREFIX` characters, so a prefix hit
 * names one field. `random` returns numbers in [0, 1), like `Math.random`.
 */
export function makeCanaries(fields: readonly CanaryField[], random: () => number): Canary[] {
  if (fields.length > MAX_FIELDS) throw new RangeError(`at most ${MAX_FIELDS} canary fields per run`);
  const anchors = new Set<string>();
  return fields.map((field) => {
    let value: string;
    do {
      value = field.kind === 'numeric' ? randomNumeric(random) : CANARY_MARK + randomLetters(random, TOKEN_LETTERS);
    } while (anchors.has(value.slice(0, minPrefix(field.kind))));
    anchors.add(value.slice(0, minPrefix(field.kind)));
    return { fieldId: field.id, kind: field.kind, value: field.kind === 'email' ? `${value}@${CANARY_EMAIL_DOMAIN}` : value };
  });
}

/**
 * Compiles the search for `canaries`: each value with its prefixes and case variants, and the MD5, SHA-1,
 * SHA-256 and SHA-512 digests (hex and base64) of the value as typed and trimmed and lower-cased.
 * Async only because the SHA digests come from SubtleCrypto (present in service workers, pages and Node);
 * the search itself is synchronous.
 */
export async function buildMatchers(canaries: readonly Canary[], subtle: SubtleCrypto = globalThis.crypto.subtle): Promise<Matchers> {
  const digests: DigestPattern[] = [];
  const patterns: string[] = [];
  const targets: number[] = [];
  for (const [index, canary] of canaries.entries()) {
    if (canary.value.length < minPrefix(canary.kind)) throw new RangeError(`canary for ${canary.fieldId} is shorter than its minimum prefix`);
    // A value whose first characters fall outside the folded alphabet could never match in full, nor as a prefix.
    const prefix = canary.value.slice(0, minPrefix(canary.kind));
    if (isSearchable(prefix)) {
      patterns.push(prefix);
      targets.push(index);
    }
    const inputs = [...new Set([canary.value, canary.value.trim().toLowerCase()])];
    for (const input of inputs) {
      const bytes = encodeUtf8(input);
      const hashes: [HashKind, Uint8Array][] = [['md5', md5(bytes)]];
      for (const [kind, algorithm] of SUBTLE_HASHES) hashes.push([kind, new Uint8Array(await subtle.digest(algorithm, bytes))]);
      for (const [kind, digest] of hashes) {
        digests.push({ canary: index, kind, encoding: 'hex', text: encodeHex(digest) });
        digests.push({ canary: index, kind, encoding: 'base64', text: encodeBase64(digest).replace(/=+$/, '') });
      }
    }
  }
  for (const [index, digest] of digests.entries()) {
    patterns.push(digest.text);
    targets.push(-1 - index);
  }
  return { canaries, digests, search: compilePatterns(patterns), targets };
}

/**
 * Every canary found in the decoded layers. Hits are merged per field, kind and chain; a hit whose chain is
 * an outer layer of another hit of the same field and kind is dropped (the inner one explains it).
 * For values the best of exact > case > prefix is kept per layer chain.
 */
export function findCanaries(layers: readonly DecodedLayer[], matchers: Matchers): CanaryHit[] {
  const hits = new Map<string, CanaryHit>();
  const record = (layer: DecodedLayer, at: Haystack, canary: Canary, found: Found, start: number, encoding?: DigestPattern['encoding']): void => {
    const what = isValueKind(found.kind) ? 'value' : `${found.kind}/${encoding ?? ''}`;
    const key = `${canary.fieldId}\u0000${what}\u0000${layer.chain.join('/')}`;
    const previous = hits.get(key);
    if (!previous) {
      const hit: CanaryHit = {
        fieldId: canary.fieldId,
        matchKind: found.kind,
        chain: layer.chain,
        matched: found.matched,
        context: at.context(start, found.matched.length),
        occurrences: 1,
      };
      hits.set(key, encoding ? { ...hit, encoding } : hit);
      return;
    }
    previous.occurrences++;
    if (VALUE_RANK[found.kind] > VALUE_RANK[previous.matchKind]) {
      Object.assign(previous, { matchKind: found.kind, matched: found.matched, context: at.context(start, found.matched.length) });
    }
  };
  for (const layer of layers) {
    const at = haystackOf(layer);
    if (!at) continue;
    const onMatch = (patternIndex: number, start: number): void => {
      const target = matchers.targets[patternIndex] ?? 0;
      if (target >= 0) {
        const canary = matchers.canaries[target];
        const found = canary && matchValue(at, start, canary);
        if (canary && found) record(layer, at, canary, found, start);
        return;
      }
      const pattern = matchers.digests[-1 - target];
      const canary = pattern && matchers.canaries[pattern.canary];
      const found = pattern && matchDigest(at, start, pattern);
      if (pattern && canary && found) record(layer, at, canary, found, start, pattern.encoding);
    };
    if (layer.bytes) searchBytes(matchers.search, layer.bytes, onMatch);
    else searchText(matchers.search, layer.text, onMatch);
  }
  const all = [...hits.values()];
  return all.filter((hit) => !all.some((other) => other !== hit && explains(other, hit)));
}

/** A layer read where matches were found: its text, or its UTF-8 bytes (never decoded as a whole). */
interface Haystack {
  length: number;
  codeAt(i: number): number;
  slice(start: number, end: number): string;
  /** Up to `CONTEXT` characters either side (bytes, for a layer read as bytes, widened to whole characters). */
  context(start: number, length: number): string;
}

function haystackOf(layer: DecodedLayer): Haystack | undefined {
  const { bytes } = layer;
  if (bytes) {
    if (bytes.length === 0) return undefined;
    return {
      length: bytes.length,
      codeAt: (i) => bytes[i] ?? Number.NaN,
      slice: (start, end) => decodeUtf8Piece(bytes.subarray(start, end)),
      context: (start, length) => {
        let from = Math.max(0, start - CONTEXT);
        let to = Math.min(bytes.length, start + length + CONTEXT);
        while (from > 0 && isContinuation(bytes[from])) from--;
        while (to < bytes.length && isContinuation(bytes[to])) to++;
        return decodeUtf8Piece(bytes.subarray(from, to));
      },
    };
  }
  const { text } = layer;
  if (text.length === 0) return undefined;
  return {
    length: text.length,
    codeAt: (i) => text.charCodeAt(i),
    slice: (start, end) => text.slice(start, end),
    context: (start, length) => text.slice(Math.max(0, start - CONTEXT), start + length + CONTEXT),
  };
}

function isContinuation(byte: number | undefined): boolean {
  return byte !== undefined && (byte & 0xc0) === 0x80;
}

interface Found {
  kind: MatchKind;
  matched: string;
}

function matchValue(at: Haystack, start: number, canary: Canary): Found | undefined {
  const { value } = canary;
  let length = 0;
  while (length < value.length && isSameFolded(at.codeAt(start + length), value.charCodeAt(length))) length++;
  if (length < minPrefix(canary.kind)) return undefined;
  const matched = at.slice(start, start + length);
  if (length === value.length) return { kind: matched === value ? 'exact' : 'case', matched };
  // A partial value only counts as a whole token: "cnryab" alone, not inside a longer random run.
  const before = start > 0 ? at.codeAt(start - 1) : 0;
  const after = start + length < at.length ? at.codeAt(start + length) : 0;
  if (isAlphanumeric(before) || isAlphanumeric(after)) return undefined;
  return { kind: 'prefix', matched };
}

function matchDigest(at: Haystack, start: number, pattern: DigestPattern): Found | undefined {
  const matched = at.slice(start, start + pattern.text.length);
  // Hex is case-insensitive; base64 is not (only the +/- and //_ spellings are interchangeable).
  if (pattern.encoding === 'base64') {
    for (let i = 0; i < matched.length; i++) {
      const a = matched.charCodeAt(i);
      const b = pattern.text.charCodeAt(i);
      if (a !== b && !(isSameFolded(a, b) && !isLetter(a))) return undefined;
    }
  }
  return { kind: pattern.kind, matched };
}

function explains(inner: CanaryHit, outer: CanaryHit): boolean {
  if (inner.fieldId !== outer.fieldId || inner.encoding !== outer.encoding) return false;
  if (isValueKind(inner.matchKind) !== isValueKind(outer.matchKind)) return false;
  if (!isValueKind(inner.matchKind) && inner.matchKind !== outer.matchKind) return false;
  if (inner.chain.length <= outer.chain.length) return false;
  return outer.chain.every((step, i) => inner.chain[i] === step);
}

function isValueKind(kind: MatchKind): boolean {
  return kind === 'exact' || kind === 'case' || kind === 'prefix';
}

function isLetter(c: number): boolean {
  return (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a;
}

function minPrefix(kind: CanaryFieldKind): number {
  return kind === 'numeric' ? MIN_PREFIX_NUMERIC : MIN_PREFIX;
}

function randomLetters(random: () => number, count: number): string {
  let out = '';
  for (let i = 0; i < count; i++) out += LETTERS[Math.floor(random() * 26) % 26];
  return out;
}

function randomNumeric(random: () => number): string {
  let out = String(1 + (Math.floor(random() * 9) % 9));
  for (let i = 1; i < NUMERIC_DIGITS; i++) out += String(Math.floor(random() * 10) % 10);
  return out;
}

const VALUE_RANK: Record<MatchKind, number> = { exact: 3, case: 2, prefix: 1, md5: 0, sha1: 0, sha256: 0, sha512: 0 };
const SUBTLE_HASHES: [HashKind, string][] = [
  ['sha1', 'SHA-1'],
  ['sha256', 'SHA-256'],
  ['sha512', 'SHA-512'],
];
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const TOKEN_LETTERS = 8;
const NUMERIC_DIGITS = 12;
const MAX_FIELDS = 200;
const CONTEXT = 40;
