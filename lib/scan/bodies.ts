import type { CanaryRecord, EvidenceRecord } from '../model';
import { decodePayloadAsync, decodeUrl } from '../replay/decode';
import { type DecodeLimit, isRecordingPayload, type Leak, leaksIn, limitsIn, prepareCanarySearch } from '../replay/leaks';

/** What the bodies and URLs that left the page hold, each decoded once. */
export interface BodyReading {
  /** Ids of the requests and payloads whose body holds rrweb-shaped events (a session recording). */
  recordings: Set<string>;
  /** Canary values found (canary test only). */
  leaks: Leak[];
  /** Where decoding stopped at a cap or on a broken stream (canary test only; at most MAX_LIMITS). */
  limits: DecodeLimit[];
}

/** Bodies read for recordings when no canary test ran, and in all: enough for a visit, bounded for a popup. */
const MAX_BODIES = 500;
/** Requests searched for canaries after typing began. */
const MAX_CANARY_RECORDS = 3000;
const MAX_LIMITS = 200;
const DECODE_LIMITS = { maxTotalBytes: 8 * 1024 * 1024 };
/** Smaller bodies cannot hold an rrweb event; URLs and bodies are still searched for canaries. */
const MIN_RECORDING_BYTES = 40;

/**
 * One pass over what left the page, in time order: each body is decoded once, then read for rrweb-shaped events and,
 * after a canary test began typing, searched for the typed values with its URL.
 */
export async function readBodies(records: readonly EvidenceRecord[]): Promise<BodyReading> {
  const search = await prepareCanarySearch(records.filter((r): r is CanaryRecord => r.kind === 'canary'));
  const reading: BodyReading = { recordings: new Set(), leaks: [], limits: [] };
  let bodies = 0;
  let searched = 0;
  for (const record of records) {
    if (record.kind !== 'request' && record.kind !== 'payload') continue;
    const afterTyping = search !== undefined && record.t >= search.start;
    if (afterTyping && ++searched > MAX_CANARY_RECORDS) break;
    const bytes = record.body?.bytes;
    if (bytes?.length && (afterTyping || (bytes.length >= MIN_RECORDING_BYTES && bodies++ < MAX_BODIES))) {
      const layers = await decodePayloadAsync(bytes, DECODE_LIMITS);
      const recording = isRecordingPayload(layers);
      if (recording) reading.recordings.add(record.id);
      if (search && afterTyping) {
        note(reading, limitsIn(record, 'body', layers));
        reading.leaks.push(...leaksIn(search, record, 'body', layers, recording));
      }
    }
    if (search && afterTyping) {
      const layers = decodeUrl(record.url, DECODE_LIMITS);
      note(reading, limitsIn(record, 'url', layers));
      reading.leaks.push(...leaksIn(search, record, 'url', layers, false));
    }
  }
  return reading;
}

function note(reading: BodyReading, limits: readonly DecodeLimit[]): void {
  for (const limit of limits) if (reading.limits.length < MAX_LIMITS) reading.limits.push(limit);
}
