import { buildScan, sortRecords } from '@/lib/analysis/analyze';
import { type BodyReading, readBodies } from '@/lib/analysis/bodies';
import type { ConsentView } from '@/lib/analysis/scan';
import { getDefaultIndex } from '@/lib/classify/vendors';
import { consentViewOf } from '@/lib/consent/detect-consent';
import type { CanaryRecord, CookieRecord, EvidenceRecord, FieldRecord, RequestRecord } from '@/lib/model';
import { makeRequest, makeVisit } from '../../fixtures/factories';

const NO_BODIES: BodyReading = { recordings: new Set(), leaks: [], limits: [] };

/** The scan of a page's records (its main document first), without reading bodies unless `bodies` is given. */
export function scanOf(records: EvidenceRecord[], options: { consent?: ConsentView; url?: string; bodies?: BodyReading } = {}) {
  const url = options.url ?? 'https://shop.example/';
  const all = sortRecords([makeRequest({ url, type: 'main_frame', t: 0 }), ...records]);
  return buildScan(makeVisit({ url }), all, getDefaultIndex(), options.bodies ?? NO_BODIES, options.consent);
}

/** The scan as the service builds it: bodies read once for recordings and, after a canary test, for typed values. */
export async function scanWithBodies(records: EvidenceRecord[], options: { consent?: ConsentView; url?: string } = {}) {
  return scanOf(records, { ...options, bodies: await readBodies(sortRecords(records)) });
}

export function canary(value: string, fieldKind: CanaryRecord['fieldKind'] = 'email', t = 2000, trusted = false): CanaryRecord {
  return {
    kind: 'canary',
    id: `y:${++n}`,
    visitId: 'visit-1',
    t,
    source: 'audit',
    frameId: 0,
    selector: `#${fieldKind}`,
    fieldKind,
    label: fieldKind,
    value,
    trusted,
  };
}

export function body(text: string | Uint8Array) {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  return { bytes, size: bytes.length, truncated: false, form: 'raw' as const };
}

export function request(url: string, t: number, extra: Partial<RequestRecord> = {}): RequestRecord {
  return makeRequest({ url, t, ...extra });
}

let n = 0;
export function cookie(name: string, t: number, extra: Partial<CookieRecord> = {}): CookieRecord {
  return {
    kind: 'cookie',
    id: `c:${++n}`,
    visitId: 'visit-1',
    t,
    source: 'probe',
    frameId: 0,
    via: 'script',
    action: 'set',
    name,
    value: 'v',
    domain: 'shop.example',
    hostOnly: false,
    path: '/',
    secure: false,
    httpOnly: false,
    sameSite: 'lax',
    partitioned: false,
    declaredLifetime: 86_400,
    ...extra,
  };
}

export const CMP_ACCEPTED_AT_1000: ConsentView = consentViewOf([
  { t: 100, source: 'cmp-storage', kind: 'cmp-detected', cmp: 'onetrust' },
  { t: 1000, source: 'cmp-storage', kind: 'choice', cmp: 'onetrust', choice: 'accept' },
]);
export const CMP_REFUSED_AT_1000: ConsentView = consentViewOf([
  { t: 100, source: 'cmp-storage', kind: 'cmp-detected', cmp: 'onetrust' },
  { t: 1000, source: 'cmp-storage', kind: 'choice', cmp: 'onetrust', choice: 'reject' },
]);
export const CMP_NO_CHOICE: ConsentView = consentViewOf([{ t: 100, source: 'cmp-storage', kind: 'cmp-detected', cmp: 'onetrust' }]);

export function field(fieldKind: FieldRecord['fieldKind'], markers: string[] = [], extra: Partial<FieldRecord> = {}): FieldRecord {
  return {
    kind: 'field',
    id: `f:${++n}`,
    visitId: 'visit-1',
    t: 1200,
    source: 'snapshot',
    frameId: 0,
    origin: 'https://shop.example',
    selector: `#${fieldKind}`,
    element: fieldKind === 'password' ? 'input:password' : fieldKind === 'free-text' ? 'textarea' : 'input:text',
    fieldKind,
    label: fieldKind,
    markers,
    ...extra,
  };
}
