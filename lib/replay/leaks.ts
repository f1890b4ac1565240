import type { CanaryRecord, EvidenceRecord, PayloadRecord, RequestRecord } from '../model';
import { buildMatchers, type CanaryHit, findCanaries, type MatchKind } from './canary';
import { type DecodedLayer, decodePayload, decodeUrl, type DecodeStep } from './decode';
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

const MAX_RECORDS = 3000;
const MAX_LIMITS = 200;
const DECODE_LIMITS = { maxTotalBytes: 8 * 1024 * 1024 };

/**
 * Searches every request and page payload sent after the first canary was typed for the typed values, their
 * prefixes, case variants and hashes, through every layer of encoding and compression the decoder undoes. Where
 * decoding stopped at a cap (zip bombs, deep nesting) or on a broken stream is pushed to `limits`, once per record,
 * where and kind.
 */
export async function findLeaks(records: readonly EvidenceRecord[], limits?: DecodeLimit[]): Promise<Leak[]> {
  const canaries = records.filter((r): r is CanaryRecord => r.kind === 'canary');
  const start = Math.min(...canaries.map((c) => c.t));
  if (!canaries.length) return [];
  const matchers = await buildMatchers(canaries.map((c) => ({ fieldId: c.id, kind: kindOf(c), value: c.value })));
  const byId = new Map(canaries.map((c) => [c.id, c]));
  const leaks: Leak[] = [];
  let scanned = 0;
  for (const record of records) {
    if ((record.kind !== 'request' && record.kind !== 'payload') || record.t < start) continue;
    if (++scanned > MAX_RECORDS) break;
    const add = (hits: CanaryHit[], where: Leak['where'], rrweb: boolean) => {
      for (const hit of hits) {
        const canary = byId.get(hit.fieldId);
        if (canary) leaks.push({ canary, record, where, matchKind: hit.matchKind, chain: hit.chain, rrweb });
      }
    };
    const note = (layers: readonly DecodedLayer[], where: DecodeLimit['where']) => {
      if (!limits) return;
      const seen = new Set<string>();
      for (const layer of layers) {
        const kind = layer.capped ?? layer.error;
        if (!kind || seen.has(kind) || limits.length >= MAX_LIMITS) continue;
        seen.add(kind);
        limits.push({ record, where, chain: layer.chain, ...(layer.capped && { capped: layer.capped }), ...(layer.error && { error: layer.error }) });
      }
    };
    if (record.body?.bytes.length) {
      const layers = decodePayload(record.body.bytes, DECODE_LIMITS);
      note(layers, 'body');
      const hits = findCanaries(layers, matchers);
      if (hits.length)
        add(
          hits,
          'body',
          layers.some((l) => l.chain.at(-1) === 'json' && looksRrweb(l.text)),
        );
    }
    const urlLayers = decodeUrl(record.url, DECODE_LIMITS);
    note(urlLayers, 'url');
    add(findCanaries(urlLayers, matchers), 'url', false);
  }
  return leaks;
}

function kindOf(canary: CanaryRecord): 'text' | 'email' | 'password' | 'numeric' {
  if (canary.fieldKind === 'email' || canary.fieldKind === 'password') return canary.fieldKind;
  return /^\d+$/.test(canary.value) ? 'numeric' : 'text';
}

function looksRrweb(text: string): boolean {
  if (!text.includes('"type"')) return false;
  try {
    return hasRrwebShape(JSON.parse(text));
  } catch {
    return false;
  }
}
