import type { RecorderConfigRecord, RecorderOptionValue } from '@/lib/model';

let n = 0;
/** A recorder-config record as the probe ingest stores it. */
export function config(vendor: string, via: string, options: Record<string, RecorderOptionValue>, t = 100): RecorderConfigRecord {
  return { kind: 'recorder-config', id: `o:${++n}`, visitId: 'visit-1', t, source: 'probe', frameId: 0, origin: 'https://shop.example', vendor, via, options };
}
