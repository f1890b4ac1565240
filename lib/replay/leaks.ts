import type { CanaryRecord, PayloadRecord, RequestRecord } from '../model';
import { buildMatchers, findCanaries, type Matchers, type MatchKind } from './canary';
import type { DecodedLayer, DecodeStep } from './decoded-layer';
import { hasRrwebShape } from './rrweb-shape';

/** A canary value found in something that left the page. */
export interface Leak {
  canary: CanaryRecord;
  record: RequestRecord | PayloadRecord;
  /** `body` or `url`. */
  where: 'body' | 'url';
  matchKind: MatchKind;
  chain: DecodeStep[];
  /** The payload around the canary had the shape of rrweb events (a session recording). */
  rrweb: boolean;
}

/** Where decoding a body or URL stopped at a limit, or on a broken stream: the report marks these. */
export interface DecodeLimit {
  record: RequestRecord | PayloadRecord;
  where: 'body' | 'url';
  chain: DecodeStep[];
  capped?: 'layer' | 'total' | 'depth';
  error?: 'truncated' | 'corrupt';
}

/** One canary test's values, compiled once for every payload searched. */
export interface CanarySearch {
  matchers: Matchers;
  byId: ReadonlyMap<string, CanaryRecord>;
  /** When typing began (ms since the visit started): only what was sent after it is searched. */
  start: number;
}

export async function prepareCanarySearch(canaries: readonly CanaryRecord[]): Promise<CanarySearch | undefined> {
  if (!canaries.length) return undefined;
  const matchers = await buildMatchers(canaries.map((c) => ({ fieldId: c.id, kind: kindOf(c), value: c.value })));
  return { matchers, byId: new Map(canaries.map((c) => [c.id, c])), start: Math.min(...canaries.map((c) => c.t)) };
}

/**
 * The canaries in the decoded layers of one body or URL: each value, its prefixes (captured mid-typing), case
 * variants and hashes, through every layer of encoding and compression the decoder undid.
 */
export function leaksIn(search: CanarySearch, record: Leak['record'], where: Leak['where'], layers: readonly DecodedLayer[], rrweb: boolean): Leak[] {
  return findCanaries(layers, search.matchers).flatMap((hit) => {
    const canary = search.byId.get(hit.fieldId);
    return canary ? [{ canary, record, where, matchKind: hit.matchKind, chain: hit.chain, rrweb }] : [];
  });
}

/** Where decoding stopped, once per kind of stop. */
export function limitsIn(record: DecodeLimit['record'], where: DecodeLimit['where'], layers: readonly DecodedLayer[]): DecodeLimit[] {
  const seen = new Set<string>();
  const limits: DecodeLimit[] = [];
  for (const layer of layers) {
    const kind = layer.capped ?? layer.error;
    if (!kind || seen.has(kind)) continue;
    seen.add(kind);
    limits.push({ record, where, chain: layer.chain, ...(layer.capped && { capped: layer.capped }), ...(layer.error && { error: layer.error }) });
  }
  return limits;
}

/** Whether decoded layers hold rrweb-shaped events: a session recording, whatever the host it goes to. */
export function isRecordingPayload(layers: readonly DecodedLayer[]): boolean {
  return layers.some((layer) => layer.chain.at(-1) === 'json' && looksRrweb(layer.text));
}

function looksRrweb(text: string): boolean {
  if (!text.includes('"type"') || !text.includes('"data"')) return false;
  try {
    return hasRrwebShape(JSON.parse(text));
  } catch {
    return false;
  }
}

function kindOf(canary: CanaryRecord): 'text' | 'email' | 'password' | 'numeric' {
  if (canary.fieldKind === 'email' || canary.fieldKind === 'password') return canary.fieldKind;
  return /^\d+$/.test(canary.value) ? 'numeric' : 'text';
}
